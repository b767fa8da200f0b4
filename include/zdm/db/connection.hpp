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

// A value as text, or NULL.
using Value = std::optional<std::string>;
using Row = std::vector<Value>;

// What a statement returned: its rows (values as text) and, for INSERT/UPDATE/DELETE, the
// number of rows it changed.
struct Result {
  std::vector<std::string> columns;  // the result's column names (labels), in order
  std::vector<Row> rows;
  long long affected_rows = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // "postgres" or "mysql" (MariaDB speaks the mysql dialect).
  virtual std::string dialect_name() const = 0;

  // The server's own version text: "15.4 (Debian 15.4-1)", "10.11.6-MariaDB-0+deb12u1".
  virtual std::string server_version() = 0;

  // Runs one statement. With parameters, they are bound (never spliced into the text) and
  // written in the dialect's own way: $1, $2 for postgres, ? for mysql; a nullopt
  // parameter is NULL. Without parameters, the text is sent as is, so statements that
  // cannot be prepared (CREATE TRIGGER on MySQL, CREATE INDEX CONCURRENTLY) work too.
  // Autocommit unless a transaction was opened with BEGIN / START TRANSACTION.
  virtual Result run(const std::string& sql, const std::vector<Value>& params) = 0;

  // The server's id of this session (pg_backend_pid(), CONNECTION_ID()), to find it among
  // the sessions that block or are blocked.
  virtual std::string session_id() = 0;

  // First column of the first row; nullopt when there is no row or the value is NULL.
  std::optional<std::string> query_scalar(const std::string& sql,
                                          const std::vector<std::string>& params);
  std::vector<Row> query(const std::string& sql, const std::vector<Value>& params = {});
  // Runs SQL without parameters or results (DDL, SET, ...).
  void execute(const std::string& sql);

 protected:
  Connection() = default;
};

// Opens a connection with the driver the DSN names. Throws DbError.
std::unique_ptr<Connection> connect(const Dsn& dsn);

}  // namespace zdm::db
