// The backfill gives way to the live workload on the real servers: while sessions wait on
// the rows a chunk holds, chunks aim at a twentieth of chunk.target_time, and go back to
// the full target once nobody waits.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "backfill_test_support.hpp"

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

  static constexpr int kRows = 200000;
  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<BackfillRun> run_;
  std::atomic<bool> stop_ = false;
  std::atomic<long long> transactions_ = 0;
};

TEST_P(BackfillContention, ChunksShrinkWhileTheWorkloadWaitsOnThem) {
  run_->write_plan("users",
                   "      set: {email_address: email}\n"
                   "      chunk: {min_rows: 10, target_time: 400ms}\n",
                   "users");
  auto clients = workload(4);
  while (transactions_ < 100)
    std::this_thread::sleep_for(10ms);
  const auto result = run_->apply({"--format", "json", "--progress-every", "100ms"});
  stop_ = true;
  for (auto& client : clients)
    client.join();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("waiting on the backfill's locks: chunks aim at 20 ms"),
            std::string::npos)
      << result.out;
  EXPECT_EQ(result.out.find("contention_watch_off"), std::string::npos) << result.out;
  EXPECT_EQ(run_->scalar("SELECT count(*) FROM users WHERE email_address = email"),
            std::to_string(kRows));
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
