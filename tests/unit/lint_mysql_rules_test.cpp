// The MySQL/MariaDB rules (MY1xx), each firing and staying quiet.
#include <gtest/gtest.h>

#include "lint_test_support.hpp"

namespace zdm {
namespace {

using test::fires;
using test::lint_text;
using test::only;

lint::PlanLint lint_sql(const std::string& up, lint::LintOptions options = {}) {
  return lint_text(test::mysql_expand(test::sql_step("raw", up, "SELECT 1")), options);
}

lint::PlanLint lint_steps(const std::string& steps, lint::LintOptions options = {}) {
  return lint_text(test::mysql_expand(steps), options);
}

// A step that tells lint a column's type, then the raw change of it.
std::string known_then(const std::string& type, const std::string& change) {
  return "      - add_column: {table: orders, column: c, type: \"" + type + "\"}\n" +
         test::sql_step("change", change, "SELECT 1");
}

TEST(LintMY101, FiresOnCopyAndBlockingLocks) {
  const auto copy = only(lint_sql("ALTER TABLE orders ADD COLUMN n int, ALGORITHM=COPY"), "MY101");
  EXPECT_NE(copy.message.find("asks for ALGORITHM=COPY"), std::string::npos) << copy.message;
  EXPECT_TRUE(fires(lint_sql("ALTER TABLE orders ADD INDEX i (n), LOCK = SHARED"), "MY101"));
  EXPECT_TRUE(
      fires(lint_sql("CREATE INDEX i ON orders (n) ALGORITHM=INPLACE LOCK=EXCLUSIVE"), "MY101"));
  // zdm's own add_check on MySQL copies the table with LOCK=SHARED: lint says so.
  const auto own = only(
      lint_steps("      - add_check: {table: orders, name: ck, expression: \"n > 0\"}\n"), "MY101");
  EXPECT_NE(own.message.find("zdm's add_check SQL"), std::string::npos) << own.message;
}

TEST(LintMY101, QuietForOnlineStatementsAndZdmIndexSteps) {
  EXPECT_FALSE(
      fires(lint_sql("ALTER TABLE orders ADD INDEX i (n), ALGORITHM=INPLACE, LOCK=NONE"), "MY101"));
  EXPECT_FALSE(fires(lint_steps("      - create_index: {table: orders, name: i, columns: [n]}\n"
                                "      - add_column: {table: orders, column: m, type: int}\n"),
                     "MY101"));
  EXPECT_FALSE(fires(lint_sql("CREATE TABLE t (a int);\nALTER TABLE t ADD INDEX i (a), "
                              "ALGORITHM=COPY"),
                     "MY101"));
}

TEST(LintMY102, FiresOnChangesThatNeedACopy) {
  const auto widened =
      only(lint_steps(known_then("int", "ALTER TABLE orders MODIFY c bigint")), "MY102");
  EXPECT_EQ(widened.severity, plan::Severity::error);
  EXPECT_NE(widened.message.find("from int to bigint"), std::string::npos) << widened.message;
  // With ALGORITHM=INPLACE the server refuses: the step would fail.
  const auto refused =
      only(lint_steps(known_then("int", "ALTER TABLE orders MODIFY c bigint, ALGORITHM=INPLACE")),
           "MY102");
  EXPECT_NE(refused.message.find("refuses ALGORITHM=INPLACE"), std::string::npos);
  // Crossing 255 bytes of length (utf8mb4 assumed): a copy.
  EXPECT_TRUE(fires(lint_steps(known_then("varchar(50)",
                                          "ALTER TABLE orders MODIFY c "
                                          "varchar(100)")),
                    "MY102"));
  EXPECT_TRUE(fires(lint_sql("ALTER TABLE orders CONVERT TO CHARACTER SET utf8mb4"), "MY102"));
  // Unknown current type, no ALGORITHM to make the server refuse: a warning.
  const auto unknown = only(lint_sql("ALTER TABLE orders MODIFY c bigint"), "MY102");
  EXPECT_EQ(unknown.severity, plan::Severity::warning);
  // Online, the catalog's type.
  auto catalog = test::catalog_with("orders", 50, {{"c", "int(11)"}});
  EXPECT_TRUE(
      fires(lint_sql("ALTER TABLE orders MODIFY c bigint", test::online(catalog)), "MY102"));
}

TEST(LintMY102, QuietForInPlaceChangesAndRefusingAlgorithms) {
  EXPECT_FALSE(fires(lint_steps(known_then("varchar(50)",
                                           "ALTER TABLE orders MODIFY c "
                                           "varchar(60) NOT NULL")),
                     "MY102"));
  EXPECT_FALSE(fires(lint_steps(known_then("varchar(300)",
                                           "ALTER TABLE orders MODIFY c "
                                           "varchar(400)")),
                     "MY102"));
  EXPECT_FALSE(fires(lint_steps(known_then("enum('a','b')",
                                           "ALTER TABLE orders MODIFY c "
                                           "enum('a','b','c')")),
                     "MY102"));
  EXPECT_FALSE(fires(lint_sql("ALTER TABLE users MODIFY email varchar(255) NULL, "
                              "ALGORITHM=INPLACE, LOCK=NONE"),
                     "MY102"));
  // The catalog's INT(11) is the plan's INT: a display width, not another type.
  auto catalog = test::catalog_with("orders", 50, {{"amount", "int(11)"}});
  const auto relaxed =
      lint_sql("ALTER TABLE orders MODIFY amount integer NULL", test::online(catalog));
  EXPECT_FALSE(fires(relaxed, "MY102")) << test::describe(relaxed);
  EXPECT_FALSE(fires(relaxed, "ZDM101")) << test::describe(relaxed);
}

TEST(LintMY103, FiresOnAutoIncrementAndStoredGeneratedColumns) {
  EXPECT_TRUE(fires(lint_sql("ALTER TABLE orders ADD COLUMN seq bigint NOT NULL AUTO_INCREMENT, "
                             "ADD UNIQUE KEY (seq)"),
                    "MY103"));
  EXPECT_TRUE(
      fires(lint_sql("ALTER TABLE orders ADD COLUMN twice int AS (n * 2) STORED"), "MY103"));
  EXPECT_TRUE(fires(lint_sql("ALTER TABLE orders ADD COLUMN twice int GENERATED ALWAYS AS (n * 2) "
                             "PERSISTENT"),
                    "MY103"));
}

TEST(LintMY103, QuietForVirtualColumnsAndNewTables) {
  EXPECT_FALSE(
      fires(lint_sql("ALTER TABLE orders ADD COLUMN twice int AS (n * 2) VIRTUAL"), "MY103"));
  EXPECT_FALSE(fires(lint_sql("CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN id bigint "
                              "AUTO_INCREMENT PRIMARY KEY"),
                     "MY103"));
}

TEST(LintMY104, FiresWhenEnumMembersAreRemovedOrReordered) {
  const auto finding = only(lint_steps(known_then("enum('new','paid','void')",
                                                  "ALTER TABLE orders MODIFY c "
                                                  "enum('paid','new')")),
                            "MY104");
  EXPECT_NE(finding.message.find("'new' moved, 'paid' moved, 'void' removed"), std::string::npos)
      << finding.message;
  auto catalog = test::catalog_with("orders", 5, {{"c", "set('x','y')"}});
  EXPECT_TRUE(
      fires(lint_sql("ALTER TABLE orders MODIFY c set('y','x')", test::online(catalog)), "MY104"));
}

TEST(LintMY104, QuietWhenMembersAreAppended) {
  EXPECT_FALSE(fires(lint_steps(known_then("enum('new','paid')",
                                           "ALTER TABLE orders MODIFY c "
                                           "enum('new','paid','void')")),
                     "MY104"));
}

TEST(LintMY105, FiresOnForeignKeysAddedToExistingTables) {
  const std::string step =
      "      - add_foreign_key: {table: orders, name: fk, columns: [user_id], references: "
      "{table: users, columns: [id]}}\n";
  const auto offline = only(lint_steps(step), "MY105");
  EXPECT_EQ(offline.severity, plan::Severity::warning);
  EXPECT_TRUE(test::findings_of(lint_steps(step), "MY101").empty()) << "MY105 speaks for it";
  auto large = test::catalog_with("orders", 5000000);
  EXPECT_EQ(only(lint_steps(step, test::online(large)), "MY105").severity, plan::Severity::error);
  EXPECT_TRUE(fires(lint_sql("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) "
                             "REFERENCES users (id)"),
                    "MY105"));
}

TEST(LintMY105, QuietForTablesThePlanCreates) {
  EXPECT_FALSE(
      fires(lint_steps("      - create_table: {table: audit, columns: [{name: id, type: bigint, "
                       "primary_key: true}, {name: user_id, type: bigint}]}\n"
                       "      - add_foreign_key: {table: audit, name: fk, columns: [user_id], "
                       "references: {table: users, columns: [id]}}\n"),
            "MY105"));
}

}  // namespace
}  // namespace zdm
