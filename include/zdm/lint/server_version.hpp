#pragma once
// The server version rules assume: the default for the plan's driver, --server-version, or
// what the server says in apply --dry-run. Findings of version-dependent rules name it.

#include <optional>
#include <string>
#include <string_view>

#include "zdm/plan/plan.hpp"

namespace zdm::lint {

enum class Product { postgresql, mysql, mariadb };

struct ServerVersion {
  enum class Source { assumed, flag, server };

  Product product = Product::postgresql;
  int major = 0;
  int minor = 0;
  Source source = Source::assumed;

  // PostgreSQL 15 and MariaDB 10.11: the servers zdm is tested against.
  static ServerVersion default_for(plan::Driver driver);
  // "15", "15.4", "PostgreSQL 15.4 (Debian ...)", "10.11.6-MariaDB-0+deb12u1", "8.0.36",
  // "mariadb-10.11", "mysql-8.0". For a mysql plan a bare major of 10 or more is MariaDB.
  // nullopt when the text holds no version, or names the other driver's server.
  static std::optional<ServerVersion> parse(plan::Driver driver, std::string_view text,
                                            Source source);

  bool at_least(int wanted_major, int wanted_minor = 0) const;
  std::string name() const;  // "PostgreSQL 15", "MariaDB 10.11"
  // "assuming PostgreSQL 15 (the default; set --server-version)", "for MariaDB 10.11 (read
  // from the server)": what a version-dependent finding adds to its message.
  std::string assumption() const;
};

const char* to_string(Product product);
const char* to_string(ServerVersion::Source source);

}  // namespace zdm::lint
