// The PostgreSQL rules (PG1xx), each firing and staying quiet.
#include <gtest/gtest.h>

#include "lint_test_support.hpp"

namespace zdm {
namespace {

using test::fires;
using test::lint_text;
using test::only;

lint::PlanLint lint_sql(const std::string& up, lint::LintOptions options = {}) {
  return lint_text(test::pg_expand(test::sql_step("raw", up, "SELECT 1")), options);
}

lint::PlanLint lint_steps(const std::string& steps, lint::LintOptions options = {}) {
  return lint_text(test::pg_expand(steps), options);
}

TEST(LintPG101, FiresOnVolatileDefaultsSerialsAndStoredColumns) {
  for (const char* sql :
       {"ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()",
        "ALTER TABLE users ADD COLUMN seq bigserial",
        "ALTER TABLE users ADD COLUMN n int GENERATED ALWAYS AS IDENTITY",
        "ALTER TABLE users ADD COLUMN twice int GENERATED ALWAYS AS (id * 2) STORED",
        "ALTER TABLE users ADD COLUMN r float8 DEFAULT (random() * 10)"}) {
    const auto result = lint_sql(sql);
    EXPECT_TRUE(fires(result, "PG101")) << sql << "\n" << test::describe(result);
  }
  // zdm's own add_column, with the default written into its SQL.
  const auto step = only(lint_steps("      - add_column: {table: users, column: r, type: float8, "
                                    "default: \"random()\"}\n"),
                         "PG101");
  EXPECT_NE(step.message.find("random() is volatile"), std::string::npos) << step.message;
  EXPECT_NE(step.message.find("assuming PostgreSQL 15, the default"), std::string::npos);
}

TEST(LintPG101, FiresOnAnyDefaultBeforePostgres11SayingWhichVersion) {
  const auto finding = only(lint_sql("ALTER TABLE users ADD COLUMN tier int DEFAULT 0",
                                     test::server(plan::Driver::postgres, "10")),
                            "PG101");
  EXPECT_NE(finding.message.find("before PostgreSQL 11"), std::string::npos);
  EXPECT_NE(finding.message.find("for PostgreSQL 10, from --server-version"), std::string::npos);
}

TEST(LintPG101, QuietOnConstantAndStableDefaultsAndNewTables) {
  EXPECT_FALSE(
      fires(lint_sql("ALTER TABLE users ADD COLUMN tier int NOT NULL DEFAULT 0"), "PG101"));
  EXPECT_FALSE(
      fires(lint_sql("ALTER TABLE users ADD COLUMN at timestamptz DEFAULT now()"), "PG101"));
  EXPECT_FALSE(fires(lint_sql("CREATE TABLE t (id bigserial PRIMARY KEY);\n"
                              "ALTER TABLE t ADD COLUMN token uuid DEFAULT gen_random_uuid()"),
                     "PG101"));
}

TEST(LintPG102, FiresOnSetNotNullWithoutAValidatedCheck) {
  const auto finding = only(lint_sql("ALTER TABLE users ALTER COLUMN email SET NOT NULL"), "PG102");
  EXPECT_EQ(finding.table, "users");
  EXPECT_NE(finding.message.find("no validated CHECK (email IS NOT NULL)"), std::string::npos);
  // NOT VALID and never validated proves nothing.
  EXPECT_TRUE(
      fires(lint_sql("ALTER TABLE users ADD CONSTRAINT c CHECK (email IS NOT NULL) NOT VALID;\n"
                     "ALTER TABLE users ALTER COLUMN email SET NOT NULL"),
            "PG102"));
}

TEST(LintPG102, FiresBeforePostgres12EvenWithTheCheck) {
  const auto result = lint_steps(
      "      - add_check: {table: users, name: ck, expression: \"email IS NOT NULL\"}\n" +
          test::sql_step("nn", "ALTER TABLE users ALTER COLUMN email SET NOT NULL", "SELECT 1"),
      test::server(plan::Driver::postgres, "11.9"));
  EXPECT_NE(only(result, "PG102").message.find("before PostgreSQL 12"), std::string::npos);
}

TEST(LintPG102, QuietAfterAValidatedCheckInThePlanOrTheCatalog) {
  EXPECT_FALSE(fires(
      lint_steps(
          "      - add_check: {table: users, name: ck, expression: \"email IS NOT NULL AND "
          "id > 0\"}\n" +
          test::sql_step("nn", "ALTER TABLE users ALTER COLUMN email SET NOT NULL", "SELECT 1")),
      "PG102"));
  EXPECT_FALSE(fires(lint_sql("ALTER TABLE users ADD CONSTRAINT c CHECK (email IS NOT NULL) NOT "
                              "VALID;\nALTER TABLE users VALIDATE CONSTRAINT c;\n"
                              "ALTER TABLE users ALTER COLUMN email SET NOT NULL"),
                     "PG102"));
  db::ConstraintSchema check;
  check.name = "users_email_nn";
  check.kind = "check";
  check.definition = "CHECK ((email IS NOT NULL))";
  auto catalog = test::catalog_with("users", 5000, {{"email", "text"}}, {check});
  EXPECT_FALSE(
      fires(lint_sql("ALTER TABLE users ALTER COLUMN email SET NOT NULL", test::online(catalog)),
            "PG102"));
}

TEST(LintPG103, FiresOnIndexBuildsAndDropsWithoutConcurrently) {
  const auto create = only(lint_sql("CREATE INDEX idx_users_email ON users (email)"), "PG103");
  EXPECT_NE(create.message.find("builds index idx_users_email on users without CONCURRENTLY"),
            std::string::npos);
  EXPECT_TRUE(fires(lint_sql("DROP INDEX idx_users_email"), "PG103"));
}

TEST(LintPG103, SeverityFollowsTheTableSizeOnline) {
  auto small = test::catalog_with("users", 10);
  const auto warning =
      only(lint_sql("CREATE INDEX i ON users (email)", test::online(small, 1000)), "PG103");
  EXPECT_EQ(warning.severity, plan::Severity::warning);
  EXPECT_NE(warning.message.find("users: ~10 rows, below --large-table-rows 1,000"),
            std::string::npos)
      << warning.message;
  auto large = test::catalog_with("users", 2500000);
  const auto error =
      only(lint_sql("CREATE INDEX i ON users (email)", test::online(large, 1000)), "PG103");
  EXPECT_EQ(error.severity, plan::Severity::error);
  EXPECT_NE(error.message.find("~2,500,000 rows"), std::string::npos);
}

TEST(LintPG103, QuietForConcurrentlyZdmStepsAndNewTables) {
  EXPECT_FALSE(fires(lint_sql("CREATE INDEX CONCURRENTLY i ON users (email)"), "PG103"));
  EXPECT_FALSE(fires(lint_sql("DROP INDEX CONCURRENTLY i"), "PG103"));
  EXPECT_FALSE(fires(lint_steps("      - create_index: {table: users, name: i, columns: [email]}\n"
                                "      - drop_index: {table: users, name: j}\n"),
                     "PG103"));
  EXPECT_FALSE(fires(lint_sql("CREATE TABLE t (a int);\nCREATE INDEX i ON t (a)"), "PG103"));
}

TEST(LintPG104, FiresOnForeignKeysAndChecksWithoutNotValid) {
  const auto fk = only(lint_sql("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) "
                                "REFERENCES users (id)"),
                       "PG104");
  EXPECT_NE(fk.message.find("writes to orders and users are blocked"), std::string::npos)
      << fk.message;
  EXPECT_TRUE(fires(lint_sql("ALTER TABLE orders ADD CONSTRAINT ck CHECK (amount > 0)"), "PG104"));
  EXPECT_TRUE(fires(lint_sql("ALTER TABLE orders ADD COLUMN user_id bigint REFERENCES users (id)"),
                    "PG104"));
}

TEST(LintPG104, QuietWithNotValidAndForZdmSteps) {
  EXPECT_FALSE(fires(lint_sql("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) "
                              "REFERENCES users (id) NOT VALID;\n"
                              "ALTER TABLE orders VALIDATE CONSTRAINT fk"),
                     "PG104"));
  EXPECT_FALSE(fires(lint_steps("      - add_check: {table: orders, name: ck, expression: "
                                "\"amount > 0\"}\n      - add_foreign_key: {table: orders, name: "
                                "fk, columns: [user_id], references: {table: users, columns: "
                                "[id]}}\n"),
                     "PG104"));
}

TEST(LintPG105, FiresOnUniquePrimaryKeyAndExcludeConstraintsBuildingTheirIndex) {
  EXPECT_TRUE(fires(lint_sql("ALTER TABLE users ADD CONSTRAINT u UNIQUE (email)"), "PG105"));
  EXPECT_TRUE(fires(lint_sql("ALTER TABLE users ADD PRIMARY KEY (id)"), "PG105"));
  EXPECT_TRUE(fires(lint_sql("ALTER TABLE rooms ADD CONSTRAINT x EXCLUDE USING gist (r WITH &&)"),
                    "PG105"));
  EXPECT_TRUE(fires(lint_sql("ALTER TABLE users ADD COLUMN handle text UNIQUE"), "PG105"));
}

TEST(LintPG105, QuietWhenTheConstraintUsesAnIndexBuiltConcurrently) {
  EXPECT_FALSE(fires(lint_steps("      - create_index: {table: users, name: u_email, columns: "
                                "[email], unique: true}\n" +
                                test::sql_step("constraint",
                                               "ALTER TABLE users ADD CONSTRAINT u UNIQUE USING "
                                               "INDEX u_email",
                                               "SELECT 1")),
                     "PG105"));
}

TEST(LintPG106, FiresOnRewritingTypeChanges) {
  const auto unknown = only(lint_sql("ALTER TABLE users ALTER COLUMN id TYPE bigint"), "PG106");
  EXPECT_EQ(unknown.severity, plan::Severity::error);
  const auto with_using =
      only(lint_sql("ALTER TABLE users ALTER COLUMN n TYPE text USING n::text"), "PG106");
  EXPECT_NE(with_using.message.find("with USING"), std::string::npos);
  // Known from the plan: a narrower varchar rewrites (and checks every row).
  const auto known = only(
      lint_steps("      - add_column: {table: users, column: nick, type: \"varchar(100)\"}\n" +
                 test::sql_step("narrow", "ALTER TABLE users ALTER COLUMN nick TYPE varchar(50)",
                                "SELECT 1")),
      "PG106");
  EXPECT_NE(known.message.find("from varchar(100) to varchar(50)"), std::string::npos)
      << known.message;
}

TEST(LintPG106, WarnsWhenOnlyTheCurrentTypeCouldTell) {
  const auto finding = only(lint_sql("ALTER TABLE users ALTER COLUMN email TYPE text"), "PG106");
  EXPECT_EQ(finding.severity, plan::Severity::warning);
  EXPECT_NE(finding.message.find("apply --dry-run can"), std::string::npos);
}

TEST(LintPG106, QuietOnChangesThatKeepTheTable) {
  const std::vector<std::pair<std::string, std::string>> safe = {
      {"varchar(50)", "varchar(100)"},    {"varchar(50)", "text"},
      {"varchar(50)", "varchar"},         {"text", "varchar"},
      {"numeric(10,2)", "numeric(12,2)"}, {"numeric(10,2)", "numeric"},
      {"timestamp(3)", "timestamp(6)"},   {"cidr", "inet"}};
  for (const auto& [before, after] : safe) {
    const auto result = lint_steps(
        "      - add_column: {table: users, column: c, type: \"" + before + "\"}\n" +
        test::sql_step("change", "ALTER TABLE users ALTER COLUMN c TYPE " + after, "SELECT 1"));
    EXPECT_FALSE(fires(result, "PG106")) << before << " -> " << after << "\n"
                                         << test::describe(result);
  }
  // The catalog's spelling of the current type.
  auto catalog = test::catalog_with("users", 100, {{"email", "character varying(255)"}});
  EXPECT_FALSE(fires(
      lint_sql("ALTER TABLE users ALTER COLUMN email TYPE text", test::online(catalog)), "PG106"));
}

TEST(LintPG107, FiresOnVacuumFullClusterReindexAndTableRewrites) {
  for (const char* sql :
       {"VACUUM FULL users", "VACUUM (FULL, ANALYZE) users", "CLUSTER users USING i",
        "REINDEX TABLE users", "ALTER TABLE users SET TABLESPACE fast"}) {
    EXPECT_TRUE(fires(lint_sql(sql), "PG107")) << sql;
  }
  const auto old =
      only(lint_sql("REINDEX INDEX i", test::server(plan::Driver::postgres, "11")), "PG107");
  EXPECT_NE(old.message.find("no REINDEX CONCURRENTLY"), std::string::npos);
}

TEST(LintPG107, QuietOnPlainVacuumAndConcurrentReindex) {
  EXPECT_FALSE(fires(lint_sql("VACUUM ANALYZE users"), "PG107"));
  EXPECT_FALSE(fires(lint_sql("REINDEX TABLE CONCURRENTLY users"), "PG107"));
  EXPECT_FALSE(fires(lint_sql("ANALYZE users"), "PG107"));
}

TEST(LintPG108, FiresOnConcurrentlyInsideATransactionBlock) {
  const auto after_begin =
      only(lint_sql("BEGIN;\nCREATE INDEX CONCURRENTLY i ON users (email);\nCOMMIT;"), "PG108");
  EXPECT_NE(after_begin.message.find("after BEGIN"), std::string::npos);
  EXPECT_EQ(after_begin.at.line, 11);  // the CREATE INDEX line inside the block
  EXPECT_EQ(after_begin.at.column, 13);
  const auto shared = test::findings_of(
      lint_sql("CREATE INDEX CONCURRENTLY a ON users (x);\nCREATE INDEX CONCURRENTLY b ON users "
               "(y)"),
      "PG108");
  EXPECT_EQ(shared.size(), 2u);
  EXPECT_TRUE(fires(lint_sql("VACUUM users;\nSELECT 1"), "PG108"));
}

TEST(LintPG108, QuietForAConcurrentStatementAlone) {
  EXPECT_FALSE(fires(lint_sql("CREATE INDEX CONCURRENTLY i ON users (email)"), "PG108"));
  EXPECT_FALSE(
      fires(lint_steps("      - create_index: {table: users, name: i, columns: [a]}\n"), "PG108"));
}

std::string gate_plan(const std::string& when, const std::string& sql) {
  return test::pg_expand("      - add_column: {table: users, column: c, type: int}\n") +
         "gates:\n  - name: g\n    sql: \"" + sql + "\"\n    expect: \"= 0\"\n    " + when +
         ": [expand]\n";
}

TEST(LintPG109, FiresWhenTheStepTurnsTheTimeoutOffOrADuringGateLocks) {
  const auto in_step =
      only(lint_sql("SET lock_timeout = 0;\nALTER TABLE users ADD COLUMN c int"), "PG109");
  EXPECT_NE(in_step.message.find("turned off by \"SET lock_timeout = 0\""), std::string::npos)
      << in_step.message;
  // A SET without LOCAL stays on zdm's session: the next step is unprotected too.
  const auto next_step =
      lint_steps(test::sql_step("off", "SET lock_timeout TO DEFAULT", "SELECT 1") +
                 test::sql_step("alter", "ALTER TABLE users ADD COLUMN c int", "SELECT 1"));
  EXPECT_EQ(only(next_step, "PG109").step, "alter");
  EXPECT_TRUE(
      fires(lint_text(gate_plan("during", "SELECT count(*) FROM users FOR UPDATE")), "PG109"));
}

TEST(LintPG109, QuietWithATimeoutAndForReadOnlyOrBeforeGates) {
  EXPECT_FALSE(fires(lint_sql("SET LOCAL lock_timeout = '1s';\nALTER TABLE users ADD COLUMN c int"),
                     "PG109"));
  EXPECT_FALSE(
      fires(lint_steps(test::sql_step("off", "SET LOCAL lock_timeout = 0", "SELECT 1") +
                       test::sql_step("alter", "ALTER TABLE users ADD COLUMN c int", "SELECT 1")),
            "PG109"));
  EXPECT_FALSE(
      fires(lint_text(gate_plan("before", "SELECT count(*) FROM users FOR UPDATE")), "PG109"));
  EXPECT_FALSE(fires(lint_text(gate_plan("during", "SELECT count(*) FROM users")), "PG109"));
}

}  // namespace
}  // namespace zdm
