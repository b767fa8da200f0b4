// zdm's own database calls behind a circuit breaker: the server disappears in the middle
// of a backfill (every connection dropped, new ones refused, through a TCP proxy in front
// of the real server); zdm tries a few reconnections, opens the breaker, waits, probes
// once, and resumes when the server is back, or stops with exit 1 and a resumable state.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../unit/run_process.hpp"
#include "tcp_proxy.hpp"
#include "test_databases.hpp"
#include "zdm_process.hpp"

namespace zdm::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kRows = 20000;

class Breaker : public ::testing::TestWithParam<TestServer> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<ScratchDatabase>(GetParam());
    auto c = database_->connect();
    create_users(*c, GetParam(), kRows);
    proxy_ = std::make_unique<TcpProxy>(database_->dsn().port().value());
    plan_path_ =
        std::filesystem::temp_directory_path() / ("zdm-breaker-" + database_->name() + ".yaml");
    std::ofstream(plan_path_)
        << "zdm: 1\nname: it-breaker\ntarget: {driver: " << server_label(GetParam())
        << "}\n"
           "settings: {reconnect: {attempts: 2, backoff: 200ms, open_for: 3s}}\n"
           "phases:\n"
           "  expand:\n"
           "    steps:\n"
           "      - add_column: {table: users, column: email_address, type: \"varchar(255)\"}\n"
           "  backfill:\n"
           "    - table: users\n"
           "      set: {email_address: email}\n"
           "      chunk: {min_rows: 10, max_rows: 10}\n"
           // Slow enough that the cut comes while the backfill is still running.
           "      throttle: {max_rows_per_second: 4000}\n";
  }

  void TearDown() override {
    std::filesystem::remove(plan_path_);
    std::filesystem::remove(log_path());
  }

  // The test database's DSN with the proxy's port in place of the server's.
  std::string proxied_dsn() const {
    std::string text = database_->dsn().text();
    const std::string port = ":" + std::to_string(*database_->dsn().port()) + "/";
    text.replace(text.find(port), port.size(), ":" + std::to_string(proxy_->port()) + "/");
    return text;
  }

  std::string log_path() const { return plan_path_.string() + ".log"; }
  std::string log() const {
    std::ifstream in(log_path());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  bool wait_for_log(const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (log().find(text) == std::string::npos && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(20ms);
    return log().find(text) != std::string::npos;
  }

  pid_t start_apply() {
    return start_zdm({"apply", plan_path_.string()}, {"ZDM_DSN=" + proxied_dsn()}, log_path());
  }

  std::string scalar(const std::string& sql) {
    return database_->connect()->query_scalar(sql, {}).value_or("");
  }
  std::string state(const std::string& table) const {
    return db::make_dialect(database_->dsn().driver(), "public", "zdm")->state_table(table);
  }
  void wait_for_rows(long long rows) {
    ASSERT_TRUE(wait_until(*database_->connect(), "SELECT rows_done FROM " + state("checkpoints"),
                           [rows](const std::string& done) { return std::stoll(done) >= rows; }));
  }
  void expect_every_row_copied_once() {
    EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE email_address = email"),
              std::to_string(kRows));
    EXPECT_EQ(scalar("SELECT rows_done FROM " + state("checkpoints")), std::to_string(kRows));
    EXPECT_EQ(scalar("SELECT status FROM " + state("migrations")), "completed");
  }

  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<TcpProxy> proxy_;
  std::filesystem::path plan_path_;
};

TEST_P(Breaker, OpensWhileTheServerIsAwayAndTheBackfillResumesWhenItIsBack) {
  const pid_t run = start_apply();
  wait_for_rows(500);
  proxy_->cut();
  ASSERT_TRUE(wait_for_log("circuit breaker open")) << log();
  proxy_->restore();
  EXPECT_EQ(wait_exit(run), 0) << log();
  const std::string text = log();
  EXPECT_NE(text.find("lost the database connection"), std::string::npos) << text;
  EXPECT_NE(text.find("reconnection 2/2 failed"), std::string::npos) << text;
  EXPECT_EQ(text.find("reconnection 3/"), std::string::npos) << "no attempt past the limit";
  EXPECT_NE(text.find("the probe reached the server"), std::string::npos) << text;
  expect_every_row_copied_once();
}

TEST_P(Breaker, StopsWithExit1WhenTheProbeFailsAndApplyResumesLater) {
  const pid_t run = start_apply();
  wait_for_rows(500);
  proxy_->cut();
  EXPECT_EQ(wait_exit(run), 1) << log();
  EXPECT_NE(log().find("still unreachable after the breaker's wait"), std::string::npos) << log();
  EXPECT_EQ(scalar("SELECT status FROM " + state("phases") + " WHERE phase = 'backfill'"),
            "running");
  proxy_->restore();
  const auto resumed = test::run_zdm({"apply", plan_path_.string()}, {"ZDM_DSN=" + proxied_dsn()});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  expect_every_row_copied_once();
}

INSTANTIATE_TEST_SUITE_P(Servers, Breaker,
                         ::testing::Values(TestServer::postgres, TestServer::mysql),
                         [](const auto& info) { return std::string(server_label(info.param)); });

}  // namespace
}  // namespace zdm::testing
