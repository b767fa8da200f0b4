// Lint inside zdm apply --dry-run, against the real servers: table sizes set severities,
// the catalog tells current types and columns, the server tells its version.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../unit/run_process.hpp"
#include "test_databases.hpp"

namespace zdm::testing {
namespace {

class LintDryRun : public ::testing::Test {
 protected:
  void start(TestServer server) { database_ = std::make_unique<ScratchDatabase>(server); }

  test::ProcessResult dry_run(const std::string& plan, std::vector<std::string> args = {}) {
    args.insert(args.begin(), {"apply", "--dry-run"});
    return run_with_plan(plan, args);
  }

  test::ProcessResult lint_offline(const std::string& plan) {
    return run_with_plan(plan, {"lint"});
  }

  test::ProcessResult run_with_plan(const std::string& plan, std::vector<std::string> args) {
    const auto path =
        std::filesystem::temp_directory_path() / ("zdm-lint-" + database_->name() + ".yaml");
    std::ofstream(path) << plan;
    args.push_back(path.string());
    auto result = test::run_zdm(args, {"ZDM_DSN=" + database_->dsn().text()});
    std::filesystem::remove(path);
    return result;
  }

  std::unique_ptr<ScratchDatabase> database_;
};

std::string pg_plan(const std::string& expand_sql, const std::string& contract = "") {
  return "zdm: 1\nname: lint-dry-run\ntarget: {driver: postgres}\nphases:\n  expand:\n"
         "    steps:\n      - name: raw\n        sql:\n          up: \"" +
         expand_sql + "\"\n          down: \"SELECT 1\"\n" + contract;
}

TEST_F(LintDryRun, PostgresSeverityFollowsTheTableSizeAndNamesTheServerVersion) {
  start(TestServer::postgres);
  auto c = database_->connect();
  create_users(*c, TestServer::postgres, 200);
  c->execute("ANALYZE users");
  const std::string plan = pg_plan("CREATE INDEX idx_users_email ON users (email)");
  const auto small = dry_run(plan, {"--large-table-rows", "1000"});
  EXPECT_EQ(small.exit_code, 0) << small.err;
  EXPECT_NE(small.err.find("warning: PG103 pg-index-without-concurrently:"), std::string::npos)
      << small.err;
  EXPECT_NE(small.err.find("(users: ~200 rows, below --large-table-rows 1,000)"), std::string::npos)
      << small.err;
  EXPECT_NE(small.err.find("for PostgreSQL 15."), std::string::npos) << small.err;
  EXPECT_NE(small.err.find("read from the server"), std::string::npos) << small.err;
  const auto large = dry_run(plan, {"--large-table-rows", "100"});
  EXPECT_EQ(large.exit_code, 4) << large.err;
  EXPECT_NE(large.err.find("error: PG103"), std::string::npos) << large.err;
  // Nothing was written.
  EXPECT_FALSE(c->query_scalar("SELECT to_regclass('idx_users_email')::text", {}).has_value());
}

TEST_F(LintDryRun, PostgresReadsCurrentTypesAndColumnsFromTheCatalog) {
  start(TestServer::postgres);
  auto c = database_->connect();
  create_users(*c, TestServer::postgres, 10);
  const std::string plan =
      pg_plan("ALTER TABLE users ALTER COLUMN email TYPE text") +
      "  backfill:\n    - table: users\n      set: {email_lower: lower(email)}\n";
  // Offline the current type is unknown: a warning that asks for the dry run.
  EXPECT_NE(lint_offline(plan).out.find("warning: PG106"), std::string::npos);
  const auto result = dry_run(plan, {"--format", "json"});
  EXPECT_EQ(result.exit_code, 4) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["kind"], "zdm.dry_run");
  const auto& lint = json["lint"];
  EXPECT_TRUE(lint["online"].get<bool>());
  EXPECT_EQ(lint["server_version_source"], "server");
  std::vector<std::string> codes;
  for (const auto& finding : lint["findings"])
    codes.push_back(finding["code"]);
  // varchar(255) -> text keeps the table: no PG106 once the catalog tells the current type.
  EXPECT_EQ(std::count(codes.begin(), codes.end(), "PG106"), 0) << lint.dump(2);
  // email_lower is neither in users nor added by expand.
  EXPECT_EQ(std::count(codes.begin(), codes.end(), "ZDM104"), 1) << lint.dump(2);
}

TEST_F(LintDryRun, PostgresPrintsTheLintReportInCiFormats) {
  start(TestServer::postgres);
  auto c = database_->connect();
  create_users(*c, TestServer::postgres, 10);
  const auto sarif = dry_run(pg_plan("CREATE INDEX i ON users (email)"), {"--format", "sarif"});
  EXPECT_EQ(sarif.exit_code, 4) << sarif.err;
  const auto json = nlohmann::json::parse(sarif.out);
  EXPECT_EQ(json["version"], "2.1.0");
  EXPECT_EQ(json["runs"][0]["results"][0]["ruleId"], "PG103");
  const auto github = dry_run(pg_plan("CREATE INDEX i ON users (email)"),
                              {"--format", "github", "--fail-on", "never"});
  EXPECT_EQ(github.exit_code, 0);
  EXPECT_NE(github.out.find("title=PG103 pg-index-without-concurrently::"), std::string::npos)
      << github.out;
}

std::string mysql_plan(const std::string& steps) {
  return "zdm: 1\nname: lint-dry-run\ntarget: {driver: mysql}\nphases:\n  expand:\n    steps:\n" +
         steps;
}

TEST_F(LintDryRun, MariadbSeesEnumMembersAndTableSizes) {
  start(TestServer::mysql);
  auto c = database_->connect();
  c->execute(
      "CREATE TABLE orders (id bigint AUTO_INCREMENT PRIMARY KEY, amount int NOT NULL,"
      " status enum('new','paid','void') NOT NULL DEFAULT 'new')");
  c->execute("INSERT INTO orders (amount) SELECT seq FROM seq_1_to_500");
  c->execute("ANALYZE TABLE orders");
  const std::string plan = mysql_plan(
      "      - name: reorder\n        sql:\n          up: \"ALTER TABLE orders MODIFY status "
      "enum('paid','new') NOT NULL, ALGORITHM=INPLACE, LOCK=NONE\"\n"
      "          down: \"SELECT 1\"\n"
      "      - add_check: {table: orders, name: ck_amount, expression: \"amount > 0\"}\n");
  const auto small = dry_run(plan, {"--large-table-rows", "1000000"});
  EXPECT_NE(small.err.find("error: MY104 mysql-enum-values-changed:"), std::string::npos)
      << small.err;
  EXPECT_NE(small.err.find("'void' removed"), std::string::npos) << small.err;
  EXPECT_NE(small.err.find("warning: MY101 mysql-copy-or-blocking-lock:"), std::string::npos)
      << small.err;
  EXPECT_NE(small.err.find("MariaDB 10.11, read from the server"), std::string::npos) << small.err;
  const auto large = dry_run(plan, {"--large-table-rows", "10"});
  EXPECT_EQ(large.exit_code, 4);
  EXPECT_NE(large.err.find("error: MY101"), std::string::npos) << large.err;
  // Offline, zdm cannot know the members: no MY104 there.
  const auto offline = lint_offline(plan);
  EXPECT_EQ(offline.out.find("MY104"), std::string::npos) << offline.out;
}

}  // namespace
}  // namespace zdm::testing
