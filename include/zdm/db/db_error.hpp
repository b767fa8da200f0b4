#pragma once
// A failure reported by a database or its driver: cannot connect, statement failed.

#include <stdexcept>
#include <string>

namespace zdm::db {

// The message never contains a password: drivers build it from the redacted DSN and pass
// the server's text through Dsn::scrub().
class DbError : public std::runtime_error {
 public:
  explicit DbError(const std::string& message, std::string sql_state = {}, int vendor_code = 0)
      : std::runtime_error(message), sql_state_(std::move(sql_state)), vendor_code_(vendor_code) {}

  // The five-character SQLSTATE ("42P01", "23000"), empty when the driver gave none.
  const std::string& sql_state() const { return sql_state_; }
  // MySQL's error number (1045 access denied, 1205 lock wait timeout); 0 for PostgreSQL.
  int vendor_code() const { return vendor_code_; }

 private:
  std::string sql_state_;
  int vendor_code_ = 0;
};

}  // namespace zdm::db
