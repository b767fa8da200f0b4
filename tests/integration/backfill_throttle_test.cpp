// throttle.max_rows_per_second on the real servers: the backfill writes no faster than
// the limit, and says that it is throttled and why. (A lower bound on time only: a slow
// machine makes the run longer, never the test fail.)
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "backfill_test_support.hpp"

namespace zdm::testing {
namespace {

class BackfillThrottle : public ::testing::TestWithParam<TestServer> {};

TEST_P(BackfillThrottle, MaxRowsPerSecondIsKept) {
  constexpr int kRows = 3000;
  constexpr int kLimit = 1000;
  ScratchDatabase database(GetParam());
  create_users(*database.connect(), GetParam(), kRows);
  const BackfillRun run(database);
  run.write_plan("users",
                 "      set: {email_address: email}\n"
                 "      chunk: {min_rows: 250, max_rows: 250}\n"
                 "      throttle: {max_rows_per_second: " +
                     std::to_string(kLimit) + "}\n",
                 "users");
  const auto started = std::chrono::steady_clock::now();
  const auto result = run.apply();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::cout << "[ throttle ] " << kRows << " rows at max " << kLimit << " rows/s took " << seconds
            << " s\n";
  // Every chunk but the first waits for its rows' share of a second.
  EXPECT_GE(seconds, static_cast<double>(kRows - 250) / kLimit);
  EXPECT_NE(result.err.find("users: throttled by max_rows_per_second 1000"), std::string::npos)
      << result.err;
  EXPECT_EQ(run.scalar("SELECT count(*) FROM users WHERE email_address = email"),
            std::to_string(kRows));
}

// Under a rate limit a chunk takes at most a tenth of a second's rows, so that the rows are
// locked in short bursts spread over the second, not in one long chunk and a sleep.
TEST_P(BackfillThrottle, ChunksTakeATenthOfTheRateLimitAtMost) {
  constexpr int kRows = 4000;
  ScratchDatabase database(GetParam());
  create_users(*database.connect(), GetParam(), kRows);
  const BackfillRun run(database);
  run.write_plan("users",
                 "      set: {email_address: email}\n"
                 "      throttle: {max_rows_per_second: 2000}\n",
                 "users");
  const auto result = run.apply({"--format", "json", "--progress-every", "200ms"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  long long largest = 0;
  int ticks = 0;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    const auto event = nlohmann::json::parse(line, nullptr, false);
    if (event.is_discarded() || event.value("event", "") != "progress")
      continue;
    ++ticks;
    largest = std::max(largest, event["fields"].value("chunk_rows", 0LL));
  }
  EXPECT_GE(ticks, 3) << result.out;
  EXPECT_GT(largest, 0) << result.out;
  EXPECT_LE(largest, 200) << "2000 rows/s: chunks of 200 rows at most\n" << result.out;
}

INSTANTIATE_TEST_SUITE_P(Servers, BackfillThrottle,
                         ::testing::Values(TestServer::postgres, TestServer::mysql),
                         [](const auto& info) { return std::string(server_label(info.param)); });

}  // namespace
}  // namespace zdm::testing
