// The server version lint assumes: parsed from --server-version or the server's own text,
// and named in version-dependent findings.
#include <gtest/gtest.h>

#include "zdm/lint/server_version.hpp"

namespace zdm {
namespace {

using lint::Product;
using lint::ServerVersion;

std::string parsed(plan::Driver driver, const std::string& text) {
  const auto version = ServerVersion::parse(driver, text, ServerVersion::Source::server);
  return version ? version->name() : "none";
}

TEST(LintServerVersion, ReadsWhatServersAndOperatorsWrite) {
  EXPECT_EQ(parsed(plan::Driver::postgres, "15.20 (Debian 15.20-0+deb12u1)"), "PostgreSQL 15.20");
  EXPECT_EQ(parsed(plan::Driver::postgres, "PostgreSQL 11"), "PostgreSQL 11");
  EXPECT_EQ(parsed(plan::Driver::postgres, "9.6.24"), "PostgreSQL 9.6");
  EXPECT_EQ(parsed(plan::Driver::mysql, "10.11.6-MariaDB-0+deb12u1"), "MariaDB 10.11");
  EXPECT_EQ(parsed(plan::Driver::mysql, "mysql-8.0"), "MySQL 8.0");
  EXPECT_EQ(parsed(plan::Driver::mysql, "8.0.36"), "MySQL 8.0");
  EXPECT_EQ(parsed(plan::Driver::mysql, "10.6"), "MariaDB 10.6");
}

TEST(LintServerVersion, RefusesTextWithoutAVersionOrOfTheOtherServer) {
  EXPECT_EQ(parsed(plan::Driver::postgres, "mariadb-10.6"), "none");
  EXPECT_EQ(parsed(plan::Driver::mysql, "postgres 15"), "none");
  EXPECT_EQ(parsed(plan::Driver::postgres, "latest"), "none");
}

TEST(LintServerVersion, ComparesAndSaysWhereItCameFrom) {
  const auto defaults = ServerVersion::default_for(plan::Driver::postgres);
  EXPECT_TRUE(defaults.at_least(12));
  EXPECT_FALSE(defaults.at_least(16));
  EXPECT_EQ(defaults.assumption(), "assuming PostgreSQL 15, the default; set --server-version");
  const auto maria = ServerVersion::default_for(plan::Driver::mysql);
  EXPECT_EQ(maria.product, Product::mariadb);
  EXPECT_TRUE(maria.at_least(10, 3));
  EXPECT_FALSE(maria.at_least(10, 12));
  const auto flag =
      ServerVersion::parse(plan::Driver::postgres, "14.9", ServerVersion::Source::flag);
  ASSERT_TRUE(flag.has_value());
  EXPECT_EQ(flag->assumption(), "for PostgreSQL 14.9, from --server-version");
}

}  // namespace
}  // namespace zdm
