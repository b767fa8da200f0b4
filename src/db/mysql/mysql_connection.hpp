#pragma once
// Connection on mysql-connector-c++ 1.1 (the legacy JDBC-like API). Private to src/db.

#include <memory>

#include "mysql_statement_cache.hpp"
#include "zdm/db/connection.hpp"

namespace sql {
class Connection;
}  // namespace sql

namespace zdm::db {

class MysqlConnection final : public Connection {
 public:
  // Connects over TCP to the DSN's host and port (a host of "localhost" means the default
  // unix socket, as with every MySQL client). Throws DbError.
  explicit MysqlConnection(const Dsn& dsn);
  ~MysqlConnection() override;

  std::string dialect_name() const override { return "mysql"; }
  std::string server_version() override;
  Result run(const std::string& sql, const std::vector<Value>& params) override;
  std::string session_id() override;

 private:
  Dsn dsn_;
  std::unique_ptr<sql::Connection> connection_;
  MysqlStatementCache statements_;  // declared after connection_, so closed before it
};

}  // namespace zdm::db
