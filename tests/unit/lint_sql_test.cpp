// Raw SQL is parsed (libpg_query, MySQL tokens), and what is wrong with it is reported at
// its line in the plan (ZDM100), block scalars included.
#include <gtest/gtest.h>

#include "lint_test_support.hpp"

namespace zdm {
namespace {

using test::fires;
using test::lint_text;
using test::only;

TEST(LintZDM100, FiresAtTheLineAndColumnOfAPostgresSyntaxErrorInABlockScalar) {
  const auto result = lint_text(test::pg_expand(test::sql_step(
      "broken", "ALTER TABLE users ADD COLUMN a int;\nALTER TABLE users ADDD COLUMN b int;",
      "SELECT 1")));
  const auto finding = only(result, "ZDM100");
  EXPECT_EQ(finding.at.line, 11);
  EXPECT_EQ(finding.at.column, 31);  // "ADDD" after 12 spaces of indentation
  EXPECT_NE(finding.message.find("PostgreSQL's parser rejects the up of step broken: syntax "
                                 "error at or near \"ADDD\""),
            std::string::npos)
      << finding.message;
  EXPECT_EQ(finding.step, "broken");
}

TEST(LintZDM100, FiresInQuotedFoldedAndFlowValues) {
  const auto quoted = lint_text(test::pg_expand(
      "      - sql: {up: \"ALTER TABLE users DROP COLUMNN x\", down: \"SELECT 1\"}\n"));
  const auto q = only(quoted, "ZDM100");
  EXPECT_EQ(q.at.line, 7);
  EXPECT_EQ(q.at.column, 51);  // "x", the token the parser stops at
  const auto folded = lint_text(
      test::pg_expand("      - name: folded\n        sql:\n          up: >-\n            SELECT a\n"
                      "            FROM users WHERE a = = 1\n          down: \"SELECT 1\"\n"));
  const auto f = only(folded, "ZDM100");
  EXPECT_EQ(f.at.line, 11);
  EXPECT_EQ(f.at.column, 34);  // the second "="
}

TEST(LintZDM100, FiresOnZdmsOwnSqlBuiltFromABadFragmentAndOnChecksAndExpressions) {
  const auto step = only(
      lint_text(test::pg_expand("      - add_check: {table: t, name: ck, expression: \"a >\"}\n")),
      "ZDM100");
  EXPECT_EQ(step.at.line, 7);
  EXPECT_NE(step.message.find("written into it as is"), std::string::npos);
  const auto gate = lint_text(test::pg_expand("      - add_column: {table: t, column: c, type: "
                                              "int}\n") +
                              "gates:\n  - name: g\n    sql: \"SELEC count(*) FROM t WHERE at > "
                              "{{phase_started_at}}\"\n    expect: \"= 0\"\n    after: [expand]\n");
  EXPECT_NE(only(gate, "ZDM100").message.find("the sql of gate g"), std::string::npos);
  const auto backfill = lint_text(test::plan_header("postgres") +
                                  "  backfill:\n    - table: t\n      set: {c: \"lower(email\"}\n");
  EXPECT_EQ(only(backfill, "ZDM100").at.line, 7);
}

TEST(LintZDM100, FiresOnMysqlTokenProblems) {
  const auto quote = only(lint_text(test::mysql_expand(test::sql_step(
                              "q", "ALTER TABLE t COMMENT = 'unclosed", "SELECT 1"))),
                          "ZDM100");
  EXPECT_EQ(quote.at.line, 10);
  EXPECT_EQ(quote.at.column, 37);  // the opening quote
  EXPECT_NE(quote.message.find("is not valid MySQL: a ' quote is not closed"), std::string::npos);
  EXPECT_TRUE(fires(
      lint_text(test::mysql_expand(test::sql_step("k", "ALTR TABLE t ADD c int", "SELECT 1"))),
      "ZDM100"));
  EXPECT_TRUE(fires(
      lint_text(test::mysql_expand(test::sql_step("p", "ALTER TABLE t ADD c int)", "SELECT 1"))),
      "ZDM100"));
}

TEST(LintZDM100, QuietForValidSqlWithCommentsPlaceholdersAndExecutableComments) {
  EXPECT_FALSE(fires(lint_text(test::pg_expand(test::sql_step(
                         "ok", "-- a comment; with a semicolon\nALTER TABLE t ADD c int; /* x */",
                         "ALTER TABLE t DROP c"))),
                     "ZDM100"));
  EXPECT_FALSE(fires(lint_text(test::mysql_expand(test::sql_step(
                         "ok",
                         "# comment 'x\nALTER TABLE `t` ADD c int /*!80000 , ALGORITHM=INSTANT */;"
                         "\n-- done",
                         "ALTER TABLE t DROP c"))),
                     "ZDM100"));
  EXPECT_FALSE(fires(lint_text(test::pg_expand("      - add_column: {table: t, column: c, type: "
                                               "int}\n") +
                               "gates:\n  - name: g\n    sql: \"SELECT count(*) FROM t WHERE at "
                               "> {{phase_started_at}}\"\n    expect: \"= 0\"\n    after: "
                               "[expand]\n"),
                     "ZDM100"));
}

}  // namespace
}  // namespace zdm
