// Gates acting on a run, through the real binary and the real servers: a `during` gate
// that turns red stops the backfill and (on_fail: rollback) leaves the schema as the
// rollback point recorded it; a ramp stopped at 25 % goes back to 0 % through its
// rollback steps; a baseline-relative expectation catches a doubled value; pause stops a
// phase where it is and `zdm apply` continues it later.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../unit/run_process.hpp"
#include "test_databases.hpp"
#include "zdm/db/dialect.hpp"
#include "zdm_process.hpp"

namespace zdm::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kRows = 20000;

struct PlanParts {
  std::string read_switch =
      "    steps:\n      - command: {argv: [/bin/true]}\n"
      "        rollback: {command: {argv: [/bin/true]}}\n";
  std::string gates;
};

std::string plan_text(TestServer server, const PlanParts& parts) {
  const bool pg = server == TestServer::postgres;
  return std::string("zdm: 1\nname: it-gates\ntarget: {driver: ") + (pg ? "postgres" : "mysql") +
         "}\n"
         "phases:\n"
         "  expand:\n"
         "    steps:\n"
         "      - add_column: {table: users, column: email_address, type: \"varchar(255)\"}\n"
         "  dual_write:\n"
         "    sync: {table: users, set: {email_address: email}}\n"
         "  backfill:\n"
         "    - table: users\n"
         "      set: {email_address: email}\n"
         "      chunk: {min_rows: 10, max_rows: 10}\n"
         // Slow enough that a test acts while the backfill is still running.
         "      throttle: {max_rows_per_second: 4000}\n"
         "  read_switch:\n" +
         parts.read_switch +
         "  contract:\n"
         "    steps:\n"
         "      - drop_column: {table: users, column: email, backup: true}\n"
         "gates:\n" +
         parts.gates;
}

// A gate reading a number the test controls from the gate_signals table.
std::string signal_gate(const std::string& name, const std::string& signal,
                        const std::string& expect, const std::string& during,
                        const std::string& on_fail) {
  return "  - name: " + name + "\n    sql: \"SELECT value FROM gate_signals WHERE name = '" +
         signal + "'\"\n    expect: \"" + expect + "\"\n    during: [" + during +
         "]\n    every: 500ms\n    on_fail: " + on_fail + "\n";
}

class Gates : public ::testing::TestWithParam<TestServer> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<ScratchDatabase>(GetParam());
    auto c = database_->connect();
    create_users(*c, GetParam(), kRows);
    c->execute("CREATE TABLE gate_signals (name varchar(40) PRIMARY KEY, value int NOT NULL)");
    c->execute("INSERT INTO gate_signals VALUES ('errors', 0), ('p95', 100)");
    dialect_ = db::make_dialect(database_->dsn().driver(), "public", "zdm");
    plan_path_ =
        std::filesystem::temp_directory_path() / ("zdm-gates-" + database_->name() + ".yaml");
  }

  void TearDown() override {
    std::filesystem::remove(plan_path_);
    std::filesystem::remove(plan_path_.string() + ".log");
  }

  void write_plan(const PlanParts& parts) {
    std::ofstream(plan_path_) << plan_text(GetParam(), parts);
  }

  std::vector<std::string> env() const { return {"ZDM_DSN=" + database_->dsn().text()}; }
  test::ProcessResult zdm(std::vector<std::string> args) { return test::run_zdm(args, env()); }
  pid_t start_apply() {
    return start_zdm({"apply", "--skip-soak", plan_path_.string()}, env(),
                     plan_path_.string() + ".log");
  }

  void set_signal(const std::string& name, int value) {
    database_->connect()->run("UPDATE gate_signals SET value = " + dialect_->placeholder(1) +
                                  " WHERE name = " + dialect_->placeholder(2),
                              {std::to_string(value), name});
  }

  std::string scalar(const std::string& sql) {
    return database_->connect()->query_scalar(sql, {}).value_or("");
  }
  std::string state(const std::string& table) const { return dialect_->state_table(table); }
  std::string phase_status(const std::string& phase) {
    return scalar("SELECT status FROM " + state("phases") + " WHERE phase = '" + phase + "'");
  }
  bool wait_for_rows(long long rows) {
    return wait_until(*database_->connect(), "SELECT rows_done FROM " + state("checkpoints"),
                      [rows](const std::string& done) { return std::stoll(done) >= rows; });
  }
  std::string log() const {
    std::ifstream in(plan_path_.string() + ".log");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<db::Dialect> dialect_;
  std::filesystem::path plan_path_;
};

TEST_P(Gates, DuringGateThatTurnsRedStopsTheBackfillAndRollsItBack) {
  PlanParts parts;
  parts.gates = signal_gate("error-rate", "errors", "= 0", "backfill", "rollback");
  write_plan(parts);
  ASSERT_EQ(zdm({"apply", "--until", "dual_write", plan_path_.string()}).exit_code, 0);
  const auto before_backfill = dialect_->describe_table(*database_->connect(), "users");

  const pid_t run = start_apply();
  ASSERT_TRUE(wait_for_rows(500));
  const auto turned_red = std::chrono::steady_clock::now();
  set_signal("errors", 3);
  EXPECT_EQ(wait_exit(run), 3) << log();
  const auto stopped_after = std::chrono::steady_clock::now() - turned_red;
  std::cout << "[ gates    ] backfill stopped "
            << std::chrono::duration_cast<std::chrono::milliseconds>(stopped_after).count()
            << " ms after the gate turned red (every: 500ms)\n";

  EXPECT_LT(std::stoll(scalar("SELECT count(*) FROM users WHERE email_address IS NOT NULL")),
            kRows);
  EXPECT_EQ(phase_status("backfill"), "rolled_back");
  EXPECT_EQ(scalar("SELECT status FROM " + state("migrations")), "gate_failed");
  const auto now = dialect_->describe_table(*database_->connect(), "users");
  EXPECT_TRUE(db::schema_differences(before_backfill, now).empty())
      << nlohmann::json(db::schema_differences(before_backfill, now)).dump(2);
  EXPECT_NE(log().find("gate error-rate (during backfill): 3, expects = 0: FAILED"),
            std::string::npos)
      << log();

  // Healthy again: apply runs the backfill from its start and finishes.
  set_signal("errors", 0);
  const auto resumed = zdm({"apply", "--skip-soak", plan_path_.string()});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(scalar("SELECT status FROM " + state("migrations")), "completed");
}

TEST_P(Gates, RampStoppedAt25PercentGoesBackTo0ThroughItsRollbackSteps) {
  const auto stages = std::filesystem::temp_directory_path() / (database_->name() + ".stages");
  PlanParts parts;
  parts.read_switch =
      "    ramp: {percents: [5, 25, 100], hold: 3s}\n    steps:\n"
      "      - name: set-flag\n"
      "        command: {argv: [/bin/sh, -c, 'echo {{percent}} >> " +
      stages.string() +
      "']}\n"
      "        rollback:\n"
      "          command: {argv: [/bin/sh, -c, 'echo {{percent}} >> " +
      stages.string() + "']}\n";
  parts.gates = signal_gate("error-rate", "errors", "= 0", "read_switch", "rollback");
  write_plan(parts);
  ASSERT_EQ(zdm({"apply", "--until", "backfill", plan_path_.string()}).exit_code, 0);

  const pid_t run = start_apply();
  const auto read_stages = [&] {
    std::ifstream in(stages);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (read_stages() != "5\n25\n" && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  ASSERT_EQ(read_stages(), "5\n25\n");
  set_signal("errors", 1);  // during the hold at 25 %
  EXPECT_EQ(wait_exit(run), 3) << log();
  EXPECT_EQ(read_stages(), "5\n25\n0\n") << "the rollback step ran once, with percent 0";
  EXPECT_EQ(phase_status("read_switch"), "rolled_back");
  std::filesystem::remove(stages);
}

TEST_P(Gates, BaselineRelativeExpectationCatchesADoubledValue) {
  PlanParts parts;
  parts.gates = signal_gate("p95-latency", "p95", "<= 2x baseline", "backfill", "abort");
  write_plan(parts);
  const pid_t run = start_apply();
  ASSERT_TRUE(wait_for_rows(500));
  set_signal("p95", 190);  // slower, but within twice the baseline of 100
  std::this_thread::sleep_for(1200ms);
  set_signal("p95", 210);  // more than doubled
  EXPECT_EQ(wait_exit(run), 3) << log();
  EXPECT_NE(log().find("190, expects <= 2x baseline (baseline 100): ok"), std::string::npos)
      << log();
  EXPECT_NE(log().find("210, expects <= 2x baseline (baseline 100): FAILED"), std::string::npos)
      << log();
  EXPECT_EQ(scalar("SELECT status FROM " + state("migrations")), "gate_failed");
  EXPECT_EQ(phase_status("backfill"), "running") << "abort keeps the phase where it stopped";

  // The baseline was recorded with the phase: a resumed run still compares with 100.
  set_signal("p95", 150);
  const auto resumed = zdm({"apply", "--skip-soak", plan_path_.string()});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
}

TEST_P(Gates, PauseStopsThePhaseWhereItIsAndApplyContinuesIt) {
  PlanParts parts;
  parts.gates = signal_gate("replicas-behind", "errors", "= 0", "backfill", "pause");
  write_plan(parts);
  const pid_t run = start_apply();
  ASSERT_TRUE(wait_for_rows(500));
  set_signal("errors", 1);
  EXPECT_EQ(wait_exit(run), 3) << log();
  EXPECT_EQ(scalar("SELECT status FROM " + state("migrations")), "paused");
  const long long done_at_pause =
      std::stoll(scalar("SELECT rows_done FROM " + state("checkpoints")));
  EXPECT_GE(done_at_pause, 500);
  EXPECT_LT(done_at_pause, kRows);

  set_signal("errors", 0);
  const auto resumed = zdm({"apply", "--skip-soak", plan_path_.string()});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(scalar("SELECT rows_done FROM " + state("checkpoints")), std::to_string(kRows))
      << "continued from the checkpoint, nothing repeated";
}

TEST_P(Gates, ConfirmWithoutATerminalActsAsAbort) {
  PlanParts parts;
  parts.gates = signal_gate("error-rate", "errors", "= 0", "backfill", "confirm");
  write_plan(parts);
  const pid_t run = start_apply();  // stdin is not a terminal
  ASSERT_TRUE(wait_for_rows(500));
  set_signal("errors", 1);
  EXPECT_EQ(wait_exit(run), 3) << log();
  EXPECT_EQ(scalar("SELECT status FROM " + state("migrations")), "gate_failed");
  EXPECT_EQ(phase_status("backfill"), "running") << "not rolled back without an operator";
}

// On a terminal (script(1) gives zdm one) the operator is asked, and "y" rolls back.
TEST_P(Gates, ConfirmOnATerminalRollsBackWhenTheOperatorSaysYes) {
  PlanParts parts;
  parts.gates = signal_gate("error-rate", "errors", "= 0", "backfill", "confirm");
  write_plan(parts);
  const std::string command = "printf 'y\\n' | script -qec '" + std::string(ZDM_BINARY) +
                              " apply --skip-soak " + plan_path_.string() + "' /dev/null 1>&2";
  const pid_t run = start_process({"/bin/sh", "-c", command}, env(), plan_path_.string() + ".log");
  ASSERT_TRUE(wait_for_rows(500));
  set_signal("errors", 1);
  EXPECT_EQ(wait_exit(run), 3) << log();
  EXPECT_NE(log().find("Roll back backfill to the rollback point before it? [y/N]"),
            std::string::npos)
      << log();
  EXPECT_EQ(phase_status("backfill"), "rolled_back") << log();
}

TEST_P(Gates, GatesCommandPrintsEachValue) {
  PlanParts parts;
  parts.gates = signal_gate("error-rate", "errors", "= 0", "backfill", "abort") +
                signal_gate("p95-latency", "p95", "< 50", "read_switch", "abort");
  write_plan(parts);
  const auto all = zdm({"gates", "--format", "json", plan_path_.string()});
  EXPECT_EQ(all.exit_code, 3) << all.err;
  const auto json = nlohmann::json::parse(all.out);
  ASSERT_EQ(json["gates"].size(), 2u);
  EXPECT_EQ(json["gates"][0]["value"], 0);
  EXPECT_EQ(json["gates"][0]["ok"], true);
  EXPECT_EQ(json["gates"][1]["value"], 100);
  EXPECT_EQ(json["gates"][1]["ok"], false);
  const auto backfill_only = zdm({"gates", "--phase", "backfill", plan_path_.string()});
  EXPECT_EQ(backfill_only.exit_code, 0) << backfill_only.out << backfill_only.err;
  EXPECT_NE(backfill_only.out.find("ok      error-rate (sql; during backfill): 0, expects = 0"),
            std::string::npos)
      << backfill_only.out;
}

INSTANTIATE_TEST_SUITE_P(Servers, Gates, ::testing::Values(TestServer::postgres, TestServer::mysql),
                         [](const auto& info) { return std::string(server_label(info.param)); });

}  // namespace
}  // namespace zdm::testing
