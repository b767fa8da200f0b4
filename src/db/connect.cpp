#include "mysql/mysql_connection.hpp"
#include "postgres/postgres_connection.hpp"
#include "zdm/db/connection.hpp"

namespace zdm::db {

std::unique_ptr<Connection> connect(const Dsn& dsn) {
  switch (dsn.driver()) {
    case DriverKind::postgres:
      return std::make_unique<PostgresConnection>(dsn);
    case DriverKind::mysql:
      return std::make_unique<MysqlConnection>(dsn);
  }
  throw DbError("unknown driver for " + dsn.redacted());
}

}  // namespace zdm::db
