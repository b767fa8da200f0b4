// Which column defaults a sync trigger may compare a row's value with: constants as the
// servers print them, never an expression that calls a function.
#include "zdm/db/constant_default.hpp"

#include <gtest/gtest.h>

namespace zdm::db {
namespace {

std::optional<std::string> of(std::optional<std::string> default_sql) {
  return constant_default(ColumnSchema{"c", "text", true, std::move(default_sql)});
}

TEST(ConstantDefault, NumbersBooleansAndQuotedStringsWithACast) {
  for (const std::string text :
       {"0", "-1", "+2", "1.5", "3e-2", "''", "'x'", "'a''b'", "'x'::character varying",
        "'0'::numeric(10,2)", "'{}'::text[]", "true", "FALSE", "'2020-01-01'::date"}) {
    EXPECT_EQ(of(text), text) << text;
  }
  EXPECT_EQ(of("(-1)"), "-1");
  EXPECT_EQ(of("  'x'  "), "'x'");
}

TEST(ConstantDefault, NothingThatCallsAFunctionOrIsNull) {
  EXPECT_EQ(of(std::nullopt), std::nullopt);
  for (const std::string text :
       {"NULL", "null", "now()", "current_timestamp()", "CURRENT_TIMESTAMP",
        "nextval('users_id_seq'::regclass)", "uuid()", "gen_random_uuid()", "'x' || now()",
        "'x'::text || upper('y')", "E'a\\\\b'", "'a\\'b'", "'open", "1 + 1", "", "-", "1e",
        "(now())"}) {
    EXPECT_EQ(of(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace zdm::db
