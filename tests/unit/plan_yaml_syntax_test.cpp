// YAML syntax errors are located where the problem starts (the opening quote or bracket, the
// tab), and the scan that finds them leaves valid plans alone.
#include <gtest/gtest.h>

#include "plan_test_support.hpp"

namespace zdm {
namespace {

using test::first_error;
using test::load;

// Quotes, brackets and tabs that are not YAML syntax: in block scalars, comments, plain
// text, escapes, and flow collections over several lines.
constexpr const char* kTrickyButValid = R"Y(zdm: 1   # it's "the" format [version
name: tricky
description: it's a plan with a [bracket and a "quote
target: {driver: postgres}
phases:
  expand:
    steps:
      - sql:
          up: |
            CREATE FUNCTION f() RETURNS text AS $$ SELECT 'it''s [ { "' $$ LANGUAGE sql;
            "a line that starts with an unbalanced quote {
            	-- a tab after the indentation of a block scalar is text
          down: >-
            DROP FUNCTION f()  -- it's gone "
            'a line that starts with an unbalanced quote [
      - sql: {up: 'SELECT ''quoted'' [x]', down: "SELECT \"x\" -- {"}
      - add_column: {table: users, column: email_address,
                     type: "varchar(255)"}
gates:
  - name: error-rate
    prometheus: {url: "http://prometheus:9090",
                 query: 'sum(rate(http_requests_total{status=~"5.."}[5m]))'}
    expect: "< 0.05"
    during: [expand]
)Y";

TEST(PlanYamlSyntax, QuotesAndBracketsThatAreTextAreNotErrors) {
  auto result = load(kTrickyButValid);
  EXPECT_TRUE(result.ok()) << first_error(result);
}

constexpr const char* kBlockScalarLast = R"Y(zdm: 1
name: x
target: {driver: postgres}
phases:
  expand:
    steps:
      - sql:
          down: DROP FUNCTION f()
          up: |
            CREATE FUNCTION f() RETURNS text AS $$ SELECT 1 $$ LANGUAGE sql;
            "a line that starts with an unbalanced quote [
)Y";

TEST(PlanYamlSyntax, BlockScalarTextIsNotScannedForQuotes) {
  auto result = load(kBlockScalarLast);
  EXPECT_TRUE(result.ok()) << first_error(result);
  // Where the block scalar ends, scanning resumes.
  auto after = load(std::string(kBlockScalarLast) + "gates: 'open\n");
  EXPECT_EQ(first_error(after),
            "12:8: YAML syntax error: the quoted text that starts here is never closed");
}

TEST(PlanYamlSyntax, QuoteLeftOpenAtTheEndIsAnErrorAtTheQuote) {
  // yaml-cpp alone would take the rest of the file into the value.
  auto result = load(
      "zdm: 1\nname: x\ntarget: {driver: postgres}\nphases:\n  expand:\n"
      "    steps:\n      - sql: {up: \"SELECT 1\"}\n      - sql:\n"
      "          up: 'SELECT 2\n");
  EXPECT_EQ(first_error(result),
            "9:15: YAML syntax error: the quoted text that starts here is never closed");
}

TEST(PlanYamlSyntax, UnclosedBracketIsReportedAtTheBracket) {
  auto result = load("zdm: 1\nname: x\ntarget: {driver: postgres\nphases: {}\n");
  EXPECT_EQ(first_error(result), "3:9: YAML syntax error: this \"{\" is never closed");
}

TEST(PlanYamlSyntax, WrongClosingBracketNamesTheOpeningOne) {
  auto result = load("zdm: 1\nname: x\ntarget: {driver: [postgres}]\n");
  EXPECT_EQ(first_error(result),
            "3:27: YAML syntax error: \"}\" closes the \"[\" at line 3, column 18");
}

TEST(PlanYamlSyntax, TabInIndentationIsReportedAtTheTab) {
  auto result = load("zdm: 1\nname: x\ntarget:\n  \tdriver: postgres\n");
  EXPECT_EQ(first_error(result), "4:3: YAML syntax error: a tab in the indentation");
}

TEST(PlanYamlSyntax, OtherYamlErrorsKeepYamlCppsWordsWithAHint) {
  auto result = load("zdm: 1\nname: x: y\n");
  EXPECT_EQ(first_error(result), "2:8: YAML syntax error: illegal map value");
  EXPECT_NE(test::first_hint(result).find("indentation"), std::string::npos);
}

}  // namespace
}  // namespace zdm
