#pragma once
// One open connection to PostgreSQL or MySQL/MariaDB: the driver interface the engine
// talks to. Dialect differences are methods here (or on a dialect), never an if (mysql) in
// the caller.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "zdm/db/db_error.hpp"
#include "zdm/db/dsn.hpp"

namespace zdm::db {

class Connection {
 public:
  virtual ~Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // "postgres" or "mysql" (MariaDB speaks the mysql dialect).
  virtual std::string dialect_name() const = 0;

  // The server's own version text: "15.4 (Debian 15.4-1)", "10.11.6-MariaDB-0+deb12u1".
  virtual std::string server_version() = 0;

  // Runs one query with bound parameters and returns the first column of its first row;
  // nullopt when there is no row or the value is NULL. Parameters are sent as text and
  // written in the dialect's own way: $1, $2 for postgres, ? for mysql. Autocommit.
  virtual std::optional<std::string> query_scalar(const std::string& sql,
                                                  const std::vector<std::string>& params) = 0;

  // Runs SQL without parameters or results (DDL, SET, ...), in autocommit mode, so that
  // statements such as CREATE DATABASE or CREATE INDEX CONCURRENTLY work.
  virtual void execute(const std::string& sql) = 0;

 protected:
  Connection() = default;
};

// Opens a connection with the driver the DSN names. Throws DbError.
std::unique_ptr<Connection> connect(const Dsn& dsn);

}  // namespace zdm::db
