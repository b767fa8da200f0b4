// The rules both dialects share (ZDM1xx): phase discipline, columns, sql steps.
#include <gtest/gtest.h>

#include "lint_test_support.hpp"

namespace zdm {
namespace {

using test::fires;
using test::lint_text;
using test::only;

const std::string kContractDrop =
    "      - drop_column: {table: users, column: email, backup: true}\n";

TEST(LintZDM101, FiresOnADropColumnStepInExpand) {
  const auto result = lint_text(test::pg_expand(kContractDrop));
  const auto finding = only(result, "ZDM101");
  EXPECT_EQ(finding.at.line, 7);
  EXPECT_EQ(finding.phase, "expand");
  EXPECT_EQ(finding.severity, plan::Severity::error);
  EXPECT_NE(finding.message.find("drops column users.email in expand"), std::string::npos)
      << finding.message;
}

TEST(LintZDM101, FiresOnRawRenameAndTypeChangeInExpand) {
  const auto result =
      lint_text(test::pg_expand(test::sql_step("raw",
                                               "ALTER TABLE users RENAME COLUMN email TO mail;\n"
                                               "ALTER TABLE users ALTER COLUMN id TYPE bigint;",
                                               "SELECT 1")));
  ASSERT_EQ(test::findings_of(result, "ZDM101").size(), 2u) << test::describe(result);
  EXPECT_NE(test::findings_of(result, "ZDM101")[0].message.find("renames column users.email"),
            std::string::npos);
  EXPECT_NE(test::findings_of(result, "ZDM101")[1].message.find("changes the type of users.id"),
            std::string::npos);
}

TEST(LintZDM101, FiresOnAMysqlModifyThatChangesAKnownType) {
  const auto result = lint_text(test::mysql_expand(
      "      - add_column: {table: orders, column: total, type: int}\n" +
      test::sql_step("widen", "ALTER TABLE orders MODIFY total bigint, ALGORITHM=INPLACE",
                     "SELECT 1")));
  EXPECT_TRUE(fires(result, "ZDM101")) << test::describe(result);
}

TEST(LintZDM101, QuietInContractAndForRelaxingNotNullInExpand) {
  const auto text = test::plan_header("postgres") +
                    test::phase("expand", test::sql_step("relax",
                                                         "ALTER TABLE users ALTER COLUMN email "
                                                         "DROP NOT NULL",
                                                         "SELECT 1")) +
                    test::read_switch() + test::phase("contract", kContractDrop);
  const auto result = lint_text(text);
  EXPECT_FALSE(fires(result, "ZDM101")) << test::describe(result);
}

TEST(LintZDM102, FiresOnDropColumnWithoutBackup) {
  const auto text =
      test::plan_header("mysql") + test::read_switch() +
      test::phase("contract",
                  "      - drop_column: {table: users, column: email}\n" +
                      test::sql_step("raw", "ALTER TABLE users DROP COLUMN legacy", "SELECT 1"));
  const auto result = lint_text(text);
  const auto found = test::findings_of(result, "ZDM102");
  ASSERT_EQ(found.size(), 2u) << test::describe(result);
  EXPECT_EQ(found[0].severity, plan::Severity::warning);
  EXPECT_NE(found[0].message.find("without backup: true"), std::string::npos);
  EXPECT_NE(found[1].message.find("in raw SQL"), std::string::npos);
}

TEST(LintZDM102, QuietWithBackup) {
  const auto text =
      test::plan_header("postgres") + test::read_switch() + test::phase("contract", kContractDrop);
  EXPECT_FALSE(fires(lint_text(text), "ZDM102"));
}

TEST(LintZDM103, FiresOnContractDropWithoutReadSwitch) {
  const auto text = test::plan_header("postgres") + test::phase("contract", kContractDrop);
  const auto finding = only(lint_text(text), "ZDM103");
  EXPECT_NE(finding.message.find("no read_switch"), std::string::npos);
}

TEST(LintZDM103, QuietWithReadSwitchOrForAnIndexDrop) {
  const auto with_switch =
      test::plan_header("postgres") + test::read_switch() + test::phase("contract", kContractDrop);
  EXPECT_FALSE(fires(lint_text(with_switch), "ZDM103"));
  const auto index_only = test::plan_header("postgres") +
                          test::phase("contract", "      - drop_index: {table: users, name: i}\n");
  EXPECT_FALSE(fires(lint_text(index_only), "ZDM103"));
}

std::string backfill_plan(const std::string& expand_steps) {
  return test::plan_header("postgres") + test::phase("expand", expand_steps) +
         "  backfill:\n    - table: users\n      set: {email_address: email}\n";
}

TEST(LintZDM104, FiresOfflineForATableExpandCreatesWithoutTheColumn) {
  const auto result = lint_text(backfill_plan(
      "      - create_table: {table: users, columns: [{name: id, type: bigint, primary_key: "
      "true}, {name: email, type: text}]}\n"));
  const auto finding = only(result, "ZDM104");
  EXPECT_EQ(finding.at.line, 10);  // the set's column
  EXPECT_NE(finding.message.find("users.email_address"), std::string::npos);
}

TEST(LintZDM104, FiresOnlineWhenTheCatalogLacksTheColumn) {
  auto catalog = test::catalog_with("users", 10, {{"id", "bigint"}, {"email", "text"}});
  const auto result =
      lint_text(backfill_plan("      - add_column: {table: users, column: other, type: text}\n"),
                test::online(catalog));
  EXPECT_TRUE(fires(result, "ZDM104")) << test::describe(result);
}

TEST(LintZDM104, QuietWhenExpandAddsItTheCatalogHasItOrOfflineCannotTell) {
  EXPECT_FALSE(fires(
      lint_text(
          backfill_plan("      - add_column: {table: users, column: email_address, type: text}\n")),
      "ZDM104"));
  EXPECT_FALSE(fires(
      lint_text(backfill_plan("      - add_column: {table: users, column: other, type: text}\n")),
      "ZDM104"));
  auto catalog = test::catalog_with("users", 10, {{"email_address", "text"}});
  EXPECT_FALSE(fires(
      lint_text(backfill_plan("      - add_column: {table: users, column: other, type: text}\n"),
                test::online(catalog)),
      "ZDM104"));
}

TEST(LintZDM105, FiresOnANotNullColumnWithoutDefaultOnBothServers) {
  const std::string step =
      "      - add_column: {table: users, column: tier, type: int, nullable: false}\n";
  EXPECT_TRUE(fires(lint_text(test::pg_expand(step)), "ZDM105"));
  EXPECT_TRUE(fires(lint_text(test::mysql_expand(step)), "ZDM105"));
  EXPECT_TRUE(fires(lint_text(test::pg_expand(test::sql_step(
                        "raw", "ALTER TABLE users ADD COLUMN tier int NOT NULL", "SELECT 1"))),
                    "ZDM105"));
}

TEST(LintZDM105, QuietWithADefaultOrOnANewTable) {
  EXPECT_FALSE(
      fires(lint_text(test::pg_expand("      - add_column: {table: users, column: tier, type: int, "
                                      "nullable: false, default: \"0\"}\n")),
            "ZDM105"));
  EXPECT_FALSE(fires(lint_text(test::pg_expand(
                         test::sql_step("raw",
                                        "CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL);\n"
                                        "ALTER TABLE t ADD COLUMN w int NOT NULL",
                                        "DROP TABLE t"))),
                     "ZDM105"));
}

TEST(LintZDM106, FiresOnAnSqlStepWithoutDown) {
  const auto finding =
      only(lint_text(test::pg_expand(test::sql_step("no-down", "SELECT 1"))), "ZDM106");
  EXPECT_EQ(finding.severity, plan::Severity::warning);
  EXPECT_EQ(finding.step, "no-down");
}

TEST(LintZDM106, QuietWithDown) {
  EXPECT_FALSE(
      fires(lint_text(test::pg_expand(test::sql_step("s", "SELECT 1", "SELECT 2"))), "ZDM106"));
}

}  // namespace
}  // namespace zdm
