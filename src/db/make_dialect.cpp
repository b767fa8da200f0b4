#include "mysql/mysql_dialect.hpp"
#include "postgres/postgres_dialect.hpp"
#include "zdm/db/dialect.hpp"

namespace zdm::db {

std::unique_ptr<Dialect> make_dialect(DriverKind driver, const std::string& schema,
                                      const std::string& state_schema) {
  switch (driver) {
    case DriverKind::postgres:
      return std::make_unique<PostgresDialect>(schema, state_schema);
    case DriverKind::mysql:
      return std::make_unique<MysqlDialect>(schema, state_schema);
  }
  throw std::logic_error("make_dialect: unknown driver");
}

}  // namespace zdm::db
