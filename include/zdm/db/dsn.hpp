#pragma once
// A database connection string (DSN): parsed enough to pick the driver, to connect, and to
// print it without its password.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace zdm::db {

enum class DriverKind { postgres, mysql };

std::string_view to_string(DriverKind driver);

// MySQL's --ssl-mode values, written DISABLED, PREFERRED, REQUIRED, VERIFY_CA,
// VERIFY_IDENTITY in a DSN (any case).
enum class SslMode { disabled, preferred, required, verify_ca, verify_identity };

std::string_view to_string(SslMode mode);

// A DSN that cannot be parsed: a usage error. The message never contains the password.
class DsnError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Accepted forms:
//   postgresql://USER:PASSWORD@HOST:PORT/DATABASE?PARAMS   (also postgres://; libpq's URI)
//   host=HOST port=PORT dbname=DATABASE user=USER password='PASS WORD'   (libpq keywords)
//   mysql://USER:PASSWORD@HOST:PORT/DATABASE?ssl-mode=REQUIRED
// A PostgreSQL DSN is handed to libpq exactly as written, so PG* environment variables and
// ~/.pgpass keep working; the fields below only describe it. In URIs, user and password are
// percent-decoded; '@', '/' and '?' in them must be written %40, %2F and %3F.
//
// The password is kept for the driver only: print a DSN with redacted(), never text().
class Dsn {
 public:
  // Throws DsnError.
  static Dsn parse(const std::string& text);

  DriverKind driver() const { return driver_; }

  // As written, password included: for handing to the driver, never for printing.
  const std::string& text() const { return text_; }

  // The DSN as written with every password replaced by ***: the only printable form.
  const std::string& redacted() const { return redacted_; }

  // What the DSN says; empty (or nullopt) where it says nothing. For PostgreSQL, libpq then
  // applies its defaults and PG* variables; for MySQL, host is 127.0.0.1 and port 3306.
  // With several PostgreSQL hosts, host() and port() are the first ones.
  const std::string& host() const { return host_; }
  std::optional<int> port() const { return port_; }
  const std::string& user() const { return user_; }
  const std::string& database() const { return database_; }
  const std::string& password() const { return password_; }
  bool has_password() const { return has_password_; }
  // MySQL only; nullopt leaves the driver's default.
  std::optional<SslMode> ssl_mode() const { return ssl_mode_; }

  // The same DSN naming another database (same server, account and parameters).
  Dsn with_database(const std::string& name) const;

  // Replaces every occurrence of the password, decoded or as written, by ***: for text
  // that comes back from a driver and might quote the connection string.
  std::string scrub(std::string message) const;

 private:
  Dsn() = default;

  DriverKind driver_ = DriverKind::postgres;
  std::string text_;
  std::string redacted_;
  std::string host_;
  std::optional<int> port_;
  std::string user_;
  std::string database_;
  std::string password_;
  std::string password_as_written_;
  bool has_password_ = false;
  std::optional<SslMode> ssl_mode_;
};

// What redaction puts where a password was.
inline constexpr std::string_view kRedacted = "***";

}  // namespace zdm::db
