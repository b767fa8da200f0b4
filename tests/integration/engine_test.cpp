// zdm apply / status / rollback end to end, through the real binary, against the real
// PostgreSQL 15 and MariaDB 10.11: each test in a database of its own.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "../unit/run_process.hpp"
#include "test_databases.hpp"
#include "zdm/db/dialect.hpp"
#include "zdm_process.hpp"

namespace zdm::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kRows = 20000;

// The users.email -> email_address plan, short observation window, small chunks so that a
// backfill lasts long enough to be killed.
std::string plan_text(TestServer server, long long chunk_rows) {
  const bool pg = server == TestServer::postgres;
  return std::string("zdm: 1\nname: it-rename-email\ntarget: {driver: ") +
         (pg ? "postgres" : "mysql") +
         "}\n"
         "settings: {lock_timeout: 1s, ddl_retries: 100, retry_backoff: {initial: 100ms, max: "
         "300ms}}\n"
         "phases:\n"
         "  expand:\n"
         "    steps:\n"
         "      - add_column: {table: users, column: email_address, type: \"varchar(255)\"}\n"
         "      - create_index: {table: users, name: idx_users_email_address, columns: "
         "[email_address]}\n"
         "  dual_write:\n"
         "    sync: {table: users, set: {email_address: email}}\n"
         "    checks:\n"
         "      - name: in-step\n"
         "        sql: \"SELECT count(*) FROM users WHERE email_address <> email\"\n"
         "        expect: \"= 0\"\n"
         "    observe: 1s\n"
         "    every: 500ms\n"
         "  backfill:\n"
         "    - table: users\n"
         "      set: {email_address: email}\n"
         "      where: \"email_address IS NULL\"\n"
         "      chunk: {min_rows: " +
         std::to_string(chunk_rows) + ", max_rows: " + std::to_string(chunk_rows) +
         "}\n"
         "  read_switch:\n"
         "    steps:\n"
         "      - command: {argv: [/bin/true]}\n"
         "        rollback: {command: {argv: [/bin/true]}}\n"
         "  contract:\n"
         "    soak: 1h\n"
         "    steps:\n"
         "      - drop_index: {table: users, name: idx_users_email}\n"
         "      - drop_column: {table: users, column: email, backup: true}\n";
}

std::string checksum_sql(TestServer server, const std::string& column) {
  if (server == TestServer::postgres)
    return "SELECT md5(string_agg(id || ':' || " + column + ", ',' ORDER BY id)) FROM users";
  return "SELECT MD5(GROUP_CONCAT(id, ':', " + column + " ORDER BY id SEPARATOR ',')) FROM users";
}

class Engine : public ::testing::TestWithParam<TestServer> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<ScratchDatabase>(GetParam());
    auto c = database_->connect();
    if (GetParam() == TestServer::postgres) {
      c->execute(
          "CREATE TABLE users (id bigserial PRIMARY KEY, email varchar(255) NOT NULL,"
          " updated_at timestamptz NOT NULL DEFAULT now())");
      c->execute(
          "INSERT INTO users (email) SELECT 'user' || g || '@example.com' FROM "
          "generate_series(1, " +
          std::to_string(kRows) + ") g");
      c->execute("ANALYZE users");
    } else {
      c->execute(
          "CREATE TABLE users (id bigint AUTO_INCREMENT PRIMARY KEY, email varchar(255) NOT NULL,"
          " updated_at timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))");
      c->execute(
          "INSERT INTO users (email) SELECT CONCAT('user', seq, '@example.com') FROM seq_1_to_" +
          std::to_string(kRows));
    }
    c->execute("CREATE UNIQUE INDEX idx_users_email ON users (email)");
    original_ = checksum("email");
    dialect_ = db::make_dialect(database_->dsn().driver(), "public", "zdm");
    before_ = dialect_->describe_table(*c, "users");
    write_plan(1000);
  }

  void write_plan(long long chunk_rows) {
    plan_path_ =
        std::filesystem::temp_directory_path() / ("zdm-engine-" + database_->name() + ".yaml");
    std::ofstream(plan_path_) << plan_text(GetParam(), chunk_rows);
  }

  void TearDown() override { std::filesystem::remove(plan_path_); }

  std::string checksum(const std::string& column) {
    return database_->connect()->query_scalar(checksum_sql(GetParam(), column), {}).value_or("");
  }

  std::vector<std::string> env() const { return {"ZDM_DSN=" + database_->dsn().text()}; }

  test::ProcessResult zdm(std::vector<std::string> args) { return test::run_zdm(args, env()); }

  // Starts zdm without waiting; its log goes to a file beside the plan.
  pid_t start_zdm(const std::vector<std::string>& args) {
    return testing::start_zdm(args, env(), plan_path_.string() + ".log");
  }

  bool wait_until(const std::string& sql, const std::function<bool(const std::string&)>& ready) {
    return testing::wait_until(*database_->connect(), sql, ready);
  }

  std::string state(const std::string& table) const { return dialect_->state_table(table); }

  void expect_final_state() {
    EXPECT_EQ(checksum("email_address"), original_);
    auto status = zdm({"status", "--format", "json", "it-rename-email"});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    const auto json = nlohmann::json::parse(status.out);
    EXPECT_EQ(json["migrations"][0]["status"], "completed");
  }

  void expect_rolled_back() {
    auto rollback = zdm({"rollback", "it-rename-email", "--yes"});
    ASSERT_EQ(rollback.exit_code, 0) << rollback.err;
    EXPECT_EQ(checksum("email"), original_);
    const auto now = dialect_->describe_table(*database_->connect(), "users");
    EXPECT_TRUE(db::schema_differences(before_, now).empty())
        << nlohmann::json(db::schema_differences(before_, now)).dump(2);
  }

  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<db::Dialect> dialect_;
  db::TableSchema before_;
  std::string original_;
  std::filesystem::path plan_path_;
};

TEST_P(Engine, AppliesShowsInStatusAndRollsBackToTheSnapshot) {
  const auto result = zdm({"apply", "--skip-soak", plan_path_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  expect_final_state();
  // A second apply of a completed migration changes nothing.
  EXPECT_EQ(zdm({"apply", "--skip-soak", plan_path_.string()}).exit_code, 0);
  expect_rolled_back();
}

TEST_P(Engine, SoakStopsContractUntilSkipped) {
  auto result = zdm({"apply", plan_path_.string()});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("soak"), std::string::npos) << result.err;
  result = zdm({"apply", "--skip-soak", plan_path_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  expect_final_state();
}

TEST_P(Engine, DryRunPrintsSqlAndWritesNothing) {
  const auto result = zdm({"apply", "--dry-run", "--format", "json", plan_path_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["kind"], "zdm.dry_run");
  EXPECT_NE(result.out.find("email_address"), std::string::npos);
  auto c = database_->connect();
  EXPECT_EQ(dialect_->describe_table(*c, "users"), before_);
  EXPECT_THROW(c->query("SELECT 1 FROM " + state("migrations")), db::DbError);
}

TEST_P(Engine, DryRunReportsAMissingTableAgainstThePlanLine) {
  std::ofstream(plan_path_) << plan_text(GetParam(), 1000)
                                   .replace(plan_text(GetParam(), 1000).find("- table: users"), 14,
                                            "- table: usres");
  const auto result = zdm({"apply", "--dry-run", plan_path_.string()});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find(plan_path_.string() + ":19:7: error: backfill: table usres does not "
                                                  "exist"),
            std::string::npos)
      << result.err;
}

TEST_P(Engine, PasswordNeverReachesOutputOrState) {
  const auto result = zdm({"apply", "--skip-soak", "--format", "json", plan_path_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string password = database_->dsn().password();
  ASSERT_FALSE(password.empty());
  EXPECT_EQ(result.out.find(password), std::string::npos);
  EXPECT_EQ(result.err.find(password), std::string::npos);
  auto c = database_->connect();
  for (const char* table : {"migrations", "phases", "events", "checkpoints"}) {
    const std::string dump = GetParam() == TestServer::postgres
                                 ? "SELECT string_agg(t::text, ' ') FROM " + state(table) + " t"
                                 : "SELECT 1";  // MySQL: checked through the columns below
    EXPECT_EQ(c->query_scalar(dump, {}).value_or("").find(password), std::string::npos) << table;
  }
  EXPECT_EQ(c->query_scalar("SELECT count(*) FROM " + state("events") + " WHERE message LIKE " +
                                dialect_->placeholder(1),
                            {"%" + password + "%"}),
            "0");
  std::string wrong = database_->dsn().text();
  wrong.replace(wrong.find(password), password.size(), "Wr0ngSecret");
  const auto bad = zdm({"status", "--dsn", wrong});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.err.find("Wr0ngSecret"), std::string::npos) << bad.err;
}

TEST_P(Engine, SecondConcurrentApplyExits5) {
  // Hold the run in dual_write's observation window, then start a second one.
  const pid_t first = start_zdm({"apply", "--skip-soak", plan_path_.string()});
  ASSERT_TRUE(wait_until("SELECT status FROM " + state("phases") + " WHERE phase = 'dual_write'",
                         [](const std::string& s) { return s == "running"; }));
  const auto second = zdm({"apply", "--skip-soak", plan_path_.string()});
  EXPECT_EQ(second.exit_code, 5) << second.err;
  EXPECT_NE(second.err.find("locked by another zdm run"), std::string::npos) << second.err;
  EXPECT_EQ(wait_exit(first), 0);
  expect_final_state();
}

TEST_P(Engine, KilledDuringBackfillResumesWithoutLosingOrRepeatingRows) {
  write_plan(100);
  const pid_t run = start_zdm({"apply", "--skip-soak", plan_path_.string()});
  ASSERT_TRUE(wait_until("SELECT rows_done FROM " + state("checkpoints"),
                         [](const std::string& rows) { return std::stoll(rows) >= 3000; }));
  kill(run, SIGKILL);
  EXPECT_EQ(wait_exit(run), 128 + SIGKILL);
  const auto resumed = zdm({"apply", "--skip-soak", plan_path_.string()});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  expect_final_state();
  EXPECT_EQ(database_->connect()->query_scalar("SELECT rows_done FROM " + state("checkpoints"), {}),
            std::to_string(kRows));
}

TEST_P(Engine, KilledWhileExpandWaitsForALockResumesAndOthersAreNotBlocked) {
  auto blocker = database_->connect();
  blocker->execute(GetParam() == TestServer::postgres ? "BEGIN" : "START TRANSACTION");
  blocker->query("SELECT count(*) FROM users");
  const pid_t run = start_zdm({"apply", "--skip-soak", plan_path_.string()});
  ASSERT_TRUE(wait_until("SELECT count(*) FROM " + state("events") + " WHERE kind = 'retry'",
                         [](const std::string& n) { return std::stoll(n) >= 2; }));
  // Readers and writers are not stuck behind zdm's queued DDL for longer than its lock timeout.
  auto app = database_->connect();
  const auto started = std::chrono::steady_clock::now();
  app->execute("UPDATE users SET email = email WHERE id = 7");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
  const std::string log = app->query_scalar("SELECT message FROM " + state("events") +
                                                " WHERE kind = 'retry' ORDER BY id DESC LIMIT 1",
                                            {})
                              .value_or("");
  EXPECT_NE(log.find(blocker->session_id()), std::string::npos) << log;
  kill(run, SIGKILL);
  wait_exit(run);
  blocker->execute("COMMIT");
  const auto resumed = zdm({"apply", "--skip-soak", plan_path_.string()});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  expect_final_state();
  expect_rolled_back();
}

TEST_P(Engine, KilledDuringContractResumesToTheSameEndAndRollsBack) {
  ASSERT_EQ(zdm({"apply", "--until", "read_switch", plan_path_.string()}).exit_code, 0);
  // An open transaction keeps contract's first DDL retrying: zdm is killed inside contract.
  auto blocker = database_->connect();
  blocker->execute(GetParam() == TestServer::postgres ? "BEGIN" : "START TRANSACTION");
  blocker->query("SELECT count(*) FROM users");
  const pid_t run = start_zdm({"apply", "--skip-soak", plan_path_.string()});
  ASSERT_TRUE(wait_until(
      "SELECT count(*) FROM " + state("events") + " WHERE kind = 'retry' AND phase = 'contract'",
      [](const std::string& n) { return std::stoll(n) >= 1; }));
  kill(run, SIGKILL);
  EXPECT_EQ(wait_exit(run), 128 + SIGKILL);
  blocker->execute("COMMIT");
  const auto resumed = zdm({"apply", "--skip-soak", plan_path_.string()});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  expect_final_state();
  expect_rolled_back();
}

TEST_P(Engine, SigtermStopsAtASafePointWithExit130AndResumes) {
  write_plan(100);
  const pid_t run = start_zdm({"apply", "--skip-soak", plan_path_.string()});
  ASSERT_TRUE(wait_until("SELECT rows_done FROM " + state("checkpoints"),
                         [](const std::string& rows) { return std::stoll(rows) >= 1000; }));
  kill(run, SIGTERM);
  EXPECT_EQ(wait_exit(run), 130);
  EXPECT_EQ(database_->connect()->query_scalar("SELECT status FROM " + state("migrations"), {}),
            "interrupted");
  const auto resumed = zdm({"apply", "--skip-soak", plan_path_.string()});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  expect_final_state();
}

TEST_P(Engine, ChangedPlanOfARunningMigrationIsRefusedWithADiff) {
  ASSERT_EQ(zdm({"apply", "--until", "backfill", plan_path_.string()}).exit_code, 0);
  std::string changed = plan_text(GetParam(), 1000);
  changed.replace(changed.find("observe: 1s"), 11, "observe: 2s");
  std::ofstream(plan_path_) << changed;
  const auto result = zdm({"apply", "--skip-soak", plan_path_.string()});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("- line 16:     observe: 1s\n+ line 16:     observe: 2s\n"),
            std::string::npos)
      << result.err;
}

INSTANTIATE_TEST_SUITE_P(Servers, Engine,
                         ::testing::Values(TestServer::postgres, TestServer::mysql),
                         [](const auto& info) { return std::string(server_label(info.param)); });

}  // namespace
}  // namespace zdm::testing
