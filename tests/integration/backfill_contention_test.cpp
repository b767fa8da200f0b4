// The backfill gives way to the live workload on the real servers: while sessions wait on
// the rows a chunk holds, chunks aim at chunk.contended_target_time (by default a
// twentieth of chunk.target_time), and go back to the full target once nobody waits. zdm often
// connects as a role of its own, without the server-wide privileges of the tests' admin: the watch
// must see the application's sessions then too, or say that it cannot.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "backfill_test_support.hpp"
#include "limited_account.hpp"

namespace zdm::testing {
namespace {

using namespace std::chrono_literals;

class BackfillContention : public ::testing::TestWithParam<TestServer> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<ScratchDatabase>(GetParam());
    run_ = std::make_unique<BackfillRun>(*database_);
    create_users(*database_->connect(), GetParam(), kRows);
  }

  // `clients` sessions updating random users rows one autocommit statement at a time, as
  // an application does, until stop_ is set.
  std::vector<std::thread> workload(int clients) {
    std::vector<std::thread> threads;
    const auto dialect = db::make_dialect(database_->dsn().driver(), "public", "zdm");
    const std::string update =
        "UPDATE users SET email = email WHERE id = " + dialect->placeholder(1);
    for (int client = 0; client < clients; ++client) {
      threads.emplace_back([this, update, client] {
        auto connection = database_->connect();
        std::mt19937 random(static_cast<unsigned>(client));
        std::uniform_int_distribution<int> id(1, kRows);
        while (!stop_) {
          connection->run(update, {std::to_string(id(random))});
          ++transactions_;
        }
      });
    }
    return threads;
  }

  // Applies a backfill of every row with this chunk mapping beside 4 busy clients; checks
  // that it filled every row with the watch on, and gives back the JSON events.
  std::string apply_beside_workload(const std::string& chunk) {
    run_->write_plan("users", "      set: {email_address: email}\n" + chunk, "users");
    auto clients = workload(4);
    while (transactions_ < 100)
      std::this_thread::sleep_for(10ms);
    const auto result = run_->apply({"--format", "json", "--progress-every", "100ms"});
    stop_ = true;
    for (auto& client : clients)
      client.join();
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out.find("contention_watch_off"), std::string::npos) << result.out;
    EXPECT_EQ(run_->scalar("SELECT count(*) FROM users WHERE email_address = email"),
              std::to_string(kRows));
    return result.out;
  }

  static constexpr int kRows = 200000;
  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<BackfillRun> run_;
  std::atomic<bool> stop_ = false;
  std::atomic<long long> transactions_ = 0;
};

TEST_P(BackfillContention, ChunksShrinkWhileTheWorkloadWaitsOnThem) {
  const auto out = apply_beside_workload("      chunk: {min_rows: 10, target_time: 400ms}\n");
  EXPECT_NE(out.find("waiting on the backfill's locks: chunks aim at 20 ms"), std::string::npos)
      << out;
}

TEST_P(BackfillContention, ThePlanSetsWhatTheChunksAimAtWhileTheWorkloadWaits) {
  const auto out = apply_beside_workload(
      "      chunk: {min_rows: 10, target_time: 400ms, contended_target_time: 150ms}\n");
  EXPECT_NE(out.find("waiting on the backfill's locks: chunks aim at 150 ms"), std::string::npos)
      << out;
  EXPECT_NE(out.find("\"chunk_target_ms\":150"), std::string::npos) << out;
}

// MariaDB serves INNODB_TRX and INNODB_LOCK_WAITS from a cache it refreshes only after
// 100 ms without a reader: a monitoring agent or a second zdm polling faster keeps it stale
// for as long as it polls. The watch must still see the waits then.
TEST_P(BackfillContention, AnotherReaderOfTheLockViewDoesNotBlindTheWatch) {
  const std::string lock_view = GetParam() == TestServer::mysql
                                    ? "SELECT count(*) FROM information_schema.INNODB_TRX"
                                    : "SELECT count(*) FROM pg_locks";
  std::atomic<bool> reading = true;
  std::thread reader([&] {
    auto connection = database_->connect();
    while (reading) {
      connection->query(lock_view);
      std::this_thread::sleep_for(20ms);
    }
  });
  const auto out = apply_beside_workload("      chunk: {min_rows: 10, target_time: 400ms}\n");
  reading = false;
  reader.join();
  EXPECT_NE(out.find("waiting on the backfill's locks: chunks aim at 20 ms"), std::string::npos)
      << out;
}

// PostgreSQL: a plain role sees the application's waits (pg_locks); MySQL without PROCESS
// cannot, and says so once while the backfill goes on with its chunks' target.
TEST_P(BackfillContention, AZdmRoleWithoutServerPrivilegesSeesTheWaitsOrSaysItCannot) {
  const LimitedAccount account(*database_);
  run_->write_plan("users",
                   "      set: {email_address: email}\n"
                   "      chunk: {min_rows: 10, target_time: 400ms}\n",
                   "users");
  auto clients = workload(4);  // as the admin: another role than zdm's
  while (transactions_ < 100)
    std::this_thread::sleep_for(10ms);
  const auto result = run_->apply({"--format", "json"}, account.dsn());
  stop_ = true;
  for (auto& client : clients)
    client.join();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(run_->scalar("SELECT count(*) FROM users WHERE email_address = email"),
            std::to_string(kRows));
  EXPECT_EQ(result.out.find("limited-pw"), std::string::npos) << "no password in the events";
  if (GetParam() == TestServer::postgres) {
    EXPECT_NE(result.out.find("waiting on the backfill's locks: chunks aim at 20 ms"),
              std::string::npos)
        << result.out;
    EXPECT_EQ(result.out.find("contention_watch_off"), std::string::npos) << result.out;
  } else {
    EXPECT_NE(result.out.find("\"event\":\"contention_watch_off\""), std::string::npos)
        << result.out;
    EXPECT_NE(result.out.find("PROCESS"), std::string::npos) << result.out;
  }
}

// max_load on PostgreSQL counts other roles' active sessions, which a role without
// pg_read_all_stats cannot see: such a plan is refused before expand, not run unthrottled.
TEST_P(BackfillContention, MaxLoadIsRefusedForARoleThatCannotSeeTheLoad) {
  const LimitedAccount account(*database_);
  run_->write_plan("users",
                   "      set: {email_address: email}\n"
                   "      throttle: {max_load: 8}\n",
                   "users");
  const auto dry = run_->apply({"--dry-run"}, account.dsn());
  const auto result = run_->apply({}, account.dsn());
  if (GetParam() == TestServer::mysql) {
    EXPECT_EQ(dry.exit_code, 0) << dry.err;
    EXPECT_EQ(result.exit_code, 0) << result.err;  // Threads_running is global
    return;
  }
  // The dry run says so too, as a problem of the plan (exit 2).
  EXPECT_EQ(dry.exit_code, 2) << dry.out << dry.err;
  EXPECT_NE(dry.err.find("GRANT pg_monitor"), std::string::npos) << dry.err;
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("cannot see other roles' sessions"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("GRANT pg_monitor"), std::string::npos) << result.err;
  EXPECT_EQ(run_->scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                         "'users' AND column_name = 'email_address'"),
            "0")
      << "expand did not run";
}

TEST_P(BackfillContention, AloneTheChunksKeepTheirTarget) {
  run_->write_plan("users", "      set: {email_address: email}\n", "users");
  const auto result = run_->apply({"--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.find("\"event\":\"contention\""), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("contention_watch_off"), std::string::npos) << result.out;
}

INSTANTIATE_TEST_SUITE_P(Servers, BackfillContention,
                         ::testing::Values(TestServer::postgres, TestServer::mysql),
                         [](const auto& info) { return std::string(server_label(info.param)); });

}  // namespace
}  // namespace zdm::testing
