// The backfill's load protection on the real servers: a pause file holds it, sessions
// busy above max_load pause it, and critical_load stops the phase with exit 3 and the
// checkpoint kept, so that zdm apply resumes it later.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <thread>

#include "backfill_test_support.hpp"

namespace zdm::testing {
namespace {

using namespace std::chrono_literals;

class BackfillLoad : public ::testing::TestWithParam<TestServer> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<ScratchDatabase>(GetParam());
    run_ = std::make_unique<BackfillRun>(*database_);
    create_users(*database_->connect(), GetParam(), kRows);
  }

  // `count` sessions each running a statement for `seconds`: the load max_load counts.
  std::vector<std::thread> busy_sessions(int count, int seconds) {
    std::vector<std::thread> sessions;
    const std::string sleep = GetParam() == TestServer::postgres
                                  ? "SELECT pg_sleep(" + std::to_string(seconds) + ")"
                                  : "SELECT SLEEP(" + std::to_string(seconds) + ")";
    for (int i = 0; i < count; ++i) {
      sessions.emplace_back([this, sleep] {
        try {
          database_->connect()->query(sleep);
        } catch (const std::exception&) {
        }
      });
    }
    return sessions;
  }

  std::string rows_done() const {
    return run_->scalar("SELECT coalesce(sum(rows_done), 0) FROM " + run_->checkpoints());
  }

  static constexpr int kRows = 4000;
  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<BackfillRun> run_;
};

TEST_P(BackfillLoad, APauseFileHoldsTheBackfillUntilItIsRemoved) {
  const auto pause_file = std::filesystem::temp_directory_path() / (database_->name() + ".pause");
  std::ofstream(pause_file) << "maintenance\n";
  run_->write_plan("users",
                   "      set: {email_address: email}\n"
                   "      throttle: {pause_file: " +
                       pause_file.string() + "}\n",
                   "users");
  const pid_t run = run_->start();
  ASSERT_TRUE(wait_until(*database_->connect(), "SELECT count(*) FROM " + run_->checkpoints(),
                         [](const std::string& n) { return n == "1"; }));
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(rows_done(), "0") << run_->log();
  std::filesystem::remove(pause_file);
  EXPECT_EQ(wait_exit(run), 0) << run_->log();
  EXPECT_NE(run_->log().find("users: paused: pause file " + pause_file.string()), std::string::npos)
      << run_->log();
  EXPECT_NE(run_->log().find("users: resuming (pause file"), std::string::npos) << run_->log();
  EXPECT_EQ(rows_done(), std::to_string(kRows));
}

// The pause file is looked at before every chunk (the server's load once a second), and a
// resumed backfill keeps to max_rows_per_second from the start: no burst of the rows the
// pause "saved".
TEST_P(BackfillLoad, APauseFileHoldsTheNextChunkAndTheRateResumesWithoutABurst) {
  const auto pause_file = std::filesystem::temp_directory_path() / (database_->name() + ".pause");
  std::filesystem::remove(pause_file);
  run_->write_plan("users",
                   "      set: {email_address: email}\n"
                   "      chunk: {min_rows: 100, max_rows: 100}\n"
                   "      throttle: {max_rows_per_second: 2000, pause_file: " +
                       pause_file.string() + "}\n",
                   "users");
  const auto done = [this] { return std::stoll(rows_done()); };
  const pid_t run = run_->start();
  ASSERT_TRUE(wait_until(*database_->connect(),
                         "SELECT coalesce(sum(rows_done), 0) FROM " + run_->checkpoints(),
                         [](const std::string& n) { return std::stoll(n) >= 600; }));
  std::ofstream(pause_file) << "hold\n";
  const long long at_pause = done();
  std::this_thread::sleep_for(400ms);
  const long long held = done();
  std::this_thread::sleep_for(600ms);
  EXPECT_EQ(done(), held) << run_->log();
  // The chunk running when the file appeared, and at most one more: a look once a second
  // would have let about 2,000 rows through.
  EXPECT_LE(held - at_pause, 200) << run_->log();

  std::filesystem::remove(pause_file);
  ASSERT_TRUE(wait_until(*database_->connect(),
                         "SELECT coalesce(sum(rows_done), 0) FROM " + run_->checkpoints(),
                         [held](const std::string& n) { return std::stoll(n) > held; }));
  std::this_thread::sleep_for(500ms);
  // 2,000 rows a second for half a second, give or take a chunk and the polling; the second
  // of credit the pause would otherwise have earned is 2,000 rows at once.
  EXPECT_LE(done() - held, 1400) << run_->log();
  EXPECT_EQ(wait_exit(run), 0) << run_->log();
  EXPECT_EQ(rows_done(), std::to_string(kRows));
}

TEST_P(BackfillLoad, BusySessionsAboveMaxLoadPauseItUntilTheyFinish) {
  run_->write_plan("users",
                   "      set: {email_address: email}\n"
                   "      chunk: {min_rows: 100, max_rows: 100}\n"
                   "      throttle: {max_load: 2, max_rows_per_second: 2000}\n",
                   "users");
  auto sessions = busy_sessions(4, 3);
  std::this_thread::sleep_for(300ms);  // the sessions are running
  const auto started = std::chrono::steady_clock::now();
  const auto result = run_->apply();
  const auto took = std::chrono::steady_clock::now() - started;
  for (auto& session : sessions)
    session.join();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("active sessions > max_load 2"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("users: resuming (load"), std::string::npos) << result.err;
  // It waited for the sleeping sessions (about 2.7 s left of 3 s) before its first chunk.
  EXPECT_GE(took, 2s);
  EXPECT_EQ(rows_done(), std::to_string(kRows));
}

TEST_P(BackfillLoad, CriticalLoadStopsThePhaseWithExit3AndApplyResumesLater) {
  run_->write_plan("users",
                   "      set: {email_address: email}\n"
                   "      chunk: {min_rows: 100, max_rows: 100}\n"
                   "      throttle: {max_load: 1, critical_load: 3}\n",
                   "users");
  auto sessions = busy_sessions(4, 3);
  std::this_thread::sleep_for(300ms);
  const auto stopped = run_->apply();
  EXPECT_EQ(stopped.exit_code, 3) << stopped.err;
  EXPECT_NE(stopped.err.find("backfill stopped: load"), std::string::npos) << stopped.err;
  EXPECT_NE(stopped.err.find(">= critical_load 3"), std::string::npos) << stopped.err;
  for (auto& session : sessions)
    session.join();
  const auto status =
      test::run_zdm({"status", "--format", "json"}, {"ZDM_DSN=" + database_->dsn().text()});
  EXPECT_NE(status.out.find("\"status\": \"gate_failed\""), std::string::npos) << status.out;
  const auto resumed = run_->apply();
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(rows_done(), std::to_string(kRows));
}

// A threshold of 1 is reached by any table: PostgreSQL stops before the first chunk with
// the wraparound reason; MySQL has no such limit and fills the table.
TEST_P(BackfillLoad, TransactionIdAgeStopsThePhaseOnPostgres) {
  run_->write_plan("users",
                   "      set: {email_address: email}\n"
                   "      throttle: {max_xid_age: 1}\n",
                   "users");
  const auto result = run_->apply();
  if (GetParam() == TestServer::mysql) {
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return;
  }
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find("transaction-id age"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("wraparound ahead"), std::string::npos) << result.err;
  EXPECT_EQ(rows_done(), "0");
}

INSTANTIATE_TEST_SUITE_P(Servers, BackfillLoad,
                         ::testing::Values(TestServer::postgres, TestServer::mysql),
                         [](const auto& info) { return std::string(server_label(info.param)); });

}  // namespace
}  // namespace zdm::testing
