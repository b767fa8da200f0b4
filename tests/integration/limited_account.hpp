#pragma once
// A login of a scratch database's own, for tests of what zdm does without the tests'
// admin's server-wide privileges.

#include <string>

#include "test_databases.hpp"

namespace zdm::testing {

// A login of the scratch database's own, as an operator gives zdm: PostgreSQL a plain role
// that owns users; MySQL an account with the database's privileges only (no PROCESS).
class LimitedAccount {
 public:
  explicit LimitedAccount(const ScratchDatabase& database)
      : database_(database), name_(database.name() + "_zdm") {
    auto admin = database.connect();
    if (database.server() == TestServer::postgres) {
      admin->execute("CREATE ROLE " + name_ + " LOGIN PASSWORD '" + kPassword + "'");
      admin->execute("GRANT ALL ON DATABASE " + database.name() + " TO " + name_);
      admin->execute("GRANT ALL ON SCHEMA public TO " + name_);
      admin->execute("ALTER TABLE users OWNER TO " + name_);
    } else {
      admin->execute("CREATE USER '" + name_ + "'@'127.0.0.1' IDENTIFIED BY '" + kPassword + "'");
      admin->execute("GRANT ALL ON `" + database.name() + "`.* TO '" + name_ + "'@'127.0.0.1'");
    }
  }
  ~LimitedAccount() {
    try {
      auto admin = database_.connect();
      if (database_.server() == TestServer::postgres) {
        admin->execute("REASSIGN OWNED BY " + name_ + " TO CURRENT_USER");
        admin->execute("DROP OWNED BY " + name_);
        admin->execute("DROP ROLE " + name_);
      } else {
        admin->execute("DROP USER '" + name_ + "'@'127.0.0.1'");
      }
    } catch (const std::exception&) {
    }
  }
  std::string dsn() const { return dsn_with_login(database_.dsn(), name_, kPassword); }

 private:
  static constexpr const char* kPassword = "limited-pw";
  const ScratchDatabase& database_;
  std::string name_;
};

}  // namespace zdm::testing
