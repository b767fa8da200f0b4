// throttle.max_rows_per_second, as waits between chunks.
#include "zdm/backfill/row_rate_limit.hpp"

#include <gtest/gtest.h>

namespace zdm::backfill {
namespace {

using std::chrono::milliseconds;
using Clock = RowRateLimit::Clock;

TEST(RowRateLimit, NoLimitNeverWaits) {
  RowRateLimit none(0);
  EXPECT_EQ(none.wait_after(1000000, Clock::now()), milliseconds(0));
}

TEST(RowRateLimit, KeepsTheAverageUnderTheLimit) {
  RowRateLimit limit(2000);
  auto now = Clock::time_point{} + std::chrono::hours(1);
  long long waited = 0;
  for (int i = 0; i < 100; ++i) {
    now += milliseconds(10);  // each chunk of 500 rows takes 10 ms to write
    const auto wait = limit.wait_after(500, now);
    waited += wait.count();
    now += wait;
  }
  // 50,000 rows at 2,000 rows/s: 25 s in all, of which 1 s writing.
  EXPECT_NEAR(static_cast<double>(waited), 24000, 20);
}

TEST(RowRateLimit, ALongPauseEarnsAtMostOneSecondOfCredit) {
  RowRateLimit limit(1000);
  auto now = Clock::time_point{} + std::chrono::hours(1);
  now += limit.wait_after(1000, now);
  now += std::chrono::minutes(5);                           // paused for replica lag
  EXPECT_EQ(limit.wait_after(1000, now), milliseconds(0));  // the one second of credit
  EXPECT_EQ(limit.wait_after(1000, now), milliseconds(1000));
}

TEST(RowRateLimit, AfterAThrottlePauseThePaceStartsAgainWithoutCredit) {
  RowRateLimit limit(1000);
  auto now = Clock::time_point{} + std::chrono::hours(1);
  now += limit.wait_after(500, now);
  now += std::chrono::seconds(30);  // paused by the pause file
  limit.restart();
  EXPECT_EQ(limit.wait_after(500, now), milliseconds(500));
}

}  // namespace
}  // namespace zdm::backfill
