#pragma once
// Connection on libpqxx 6.4. Private to src/db.

#include <memory>
#include <pqxx/connection>

#include "zdm/db/connection.hpp"

namespace zdm::db {

class PostgresConnection final : public Connection {
 public:
  // Hands the DSN to libpq as written. Throws DbError.
  explicit PostgresConnection(const Dsn& dsn);

  std::string dialect_name() const override { return "postgres"; }
  std::string server_version() override;
  Result run(const std::string& sql, const std::vector<Value>& params) override;
  std::string session_id() override;

 private:
  Dsn dsn_;
  std::unique_ptr<pqxx::connection> connection_;
};

}  // namespace zdm::db
