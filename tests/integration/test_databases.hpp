#pragma once
// Helpers for integration tests against the PostgreSQL 15 and MariaDB 10.11 servers that
// scripts/test.sh starts: the server DSNs from the environment, and ScratchDatabase, a
// fresh database per test that is dropped when the test ends.

#include <cstdlib>
#include <iostream>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include "zdm/db/connection.hpp"
#include "zdm/db/dialect.hpp"
#include "zdm/db/dsn.hpp"

namespace zdm::testing {

enum class TestServer { postgres, mysql };

inline const char* dsn_variable(TestServer server) {
  return server == TestServer::postgres ? "ZDM_TEST_PG_DSN" : "ZDM_TEST_MYSQL_DSN";
}

inline const char* server_label(TestServer server) {
  return server == TestServer::postgres ? "postgres" : "mysql";
}

// The DSN of a test server, as scripts/test.sh exports it. Throws (which fails the test, on
// purpose: a skipped integration test would pass silently) when it is not set.
inline db::Dsn server_dsn(TestServer server) {
  const char* value = std::getenv(dsn_variable(server));
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string(dsn_variable(server)) +
                             " is not set: run the integration tests through scripts/test.sh, "
                             "which starts PostgreSQL 15 and MariaDB 10.11 and sets it");
  }
  return db::Dsn::parse(value);
}

// "zdm_t_" and 12 random hex digits: a valid unquoted name on both servers.
inline std::string random_database_name() {
  static std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHexDigits[] = "0123456789abcdef";
  std::string name = "zdm_t_";
  for (int i = 0; i < 12; ++i)
    name += kHexDigits[generator() % 16];
  return name;
}

// Quotes an identifier the way each server does (the dialect's own quoting).
inline std::string quote_identifier(TestServer server, const std::string& name) {
  const auto driver =
      server == TestServer::postgres ? db::DriverKind::postgres : db::DriverKind::mysql;
  return db::make_dialect(driver, "public", "zdm")->quote(name);
}

// A new, empty database on a test server, dropped (with any leftover connections to it)
// when this object goes away.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(TestServer server)
      : server_(server),
        server_dsn_(zdm::testing::server_dsn(server)),
        name_(random_database_name()),
        dsn_(server_dsn_.with_database(name_)) {
    db::connect(server_dsn_)->execute("CREATE DATABASE " + quote_identifier(server_, name_));
  }

  ~ScratchDatabase() {
    try {
      const std::string force = server_ == TestServer::postgres ? " WITH (FORCE)" : "";
      db::connect(server_dsn_)
          ->execute("DROP DATABASE IF EXISTS " + quote_identifier(server_, name_) + force);
    } catch (const std::exception& error) {
      std::cerr << "warning: could not drop the test database " << name_ << ": " << error.what()
                << "\n";
    }
  }

  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  TestServer server() const { return server_; }
  const std::string& name() const { return name_; }
  // The DSN of this database (same server and account).
  const db::Dsn& dsn() const { return dsn_; }
  // The DSN of the server's default database, for administrative statements.
  const db::Dsn& server_dsn() const { return server_dsn_; }

  std::unique_ptr<db::Connection> connect() const { return db::connect(dsn_); }

 private:
  TestServer server_;
  db::Dsn server_dsn_;
  std::string name_;
  db::Dsn dsn_;
};

// `dsn` with another login (`password` already percent-encoded where it needs to be).
inline std::string dsn_with_login(const db::Dsn& dsn, const std::string& user,
                                  const std::string& password) {
  const std::string scheme = dsn.driver() == db::DriverKind::postgres ? "postgresql" : "mysql";
  return scheme + "://" + user + ":" + password + "@" + dsn.host() + ":" +
         std::to_string(dsn.port().value()) + "/" + dsn.database();
}

// users (id, email NOT NULL) with `rows` rows, email = 'user<id>@example.com': the table
// the end-to-end tests migrate.
inline void create_users(db::Connection& c, TestServer server, int rows) {
  const bool pg = server == TestServer::postgres;
  c.execute(pg ? "CREATE TABLE users (id bigserial PRIMARY KEY, email varchar(255) NOT NULL)"
               : "CREATE TABLE users (id bigint AUTO_INCREMENT PRIMARY KEY,"
                 " email varchar(255) NOT NULL)");
  c.execute(pg ? "INSERT INTO users (email) SELECT 'user' || g || '@example.com' FROM "
                 "generate_series(1, " +
                     std::to_string(rows) + ") g"
               : "INSERT INTO users (email) SELECT CONCAT('user', seq, '@example.com') FROM "
                 "seq_1_to_" +
                     std::to_string(rows));
}

}  // namespace zdm::testing
