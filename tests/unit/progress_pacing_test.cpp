// Which of the engine's many progress updates get shown.
#include "zdm/report/progress_pacing.hpp"

#include <gtest/gtest.h>

namespace zdm::report {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = ProgressPacing::Clock;

engine::BackfillProgress update(const std::string& table, const std::string& throttle = "") {
  engine::BackfillProgress p;
  p.table = table;
  p.throttle_reason = throttle;
  return p;
}

const Clock::time_point kStart = Clock::time_point{} + std::chrono::hours(1);

TEST(ProgressPacing, FirstThenOnePerGap) {
  ProgressPacing pacing(seconds(10), ThrottleChanges::shown_at_once);
  int shown = 0;
  for (int second = 0; second < 35; ++second)
    shown += pacing.should_show(update("users"), kStart + seconds(second)) ? 1 : 0;
  EXPECT_EQ(shown, 4);  // at 0, 10, 20 and 30 s
}

TEST(ProgressPacing, DoneAlwaysShowsAndTheNextTableStartsAfresh) {
  ProgressPacing pacing(seconds(10), ThrottleChanges::wait_for_the_interval);
  EXPECT_TRUE(pacing.should_show(update("users"), kStart));
  auto last = update("users");
  last.done = true;
  EXPECT_TRUE(pacing.should_show(last, kStart + milliseconds(1)));
  EXPECT_TRUE(pacing.should_show(update("users"), kStart + milliseconds(2)));
  EXPECT_TRUE(pacing.should_show(update("orders"), kStart + milliseconds(3)));
  EXPECT_FALSE(pacing.should_show(update("orders"), kStart + milliseconds(4)));
}

TEST(ProgressPacing, EveryThrottleChangeShowsWhenAsked) {
  ProgressPacing pacing(seconds(10), ThrottleChanges::shown_at_once);
  EXPECT_TRUE(pacing.should_show(update("users"), kStart));
  EXPECT_TRUE(pacing.should_show(update("users", "replica lag 7s > 5s"), kStart + milliseconds(1)));
  EXPECT_FALSE(
      pacing.should_show(update("users", "replica lag 7s > 5s"), kStart + milliseconds(2)));
  EXPECT_TRUE(pacing.should_show(update("users", "gate paused"), kStart + milliseconds(3)));
  EXPECT_TRUE(pacing.should_show(update("users"), kStart + milliseconds(4)));
  EXPECT_FALSE(pacing.should_show(update("users"), kStart + milliseconds(5)));
}

TEST(ProgressPacing, OrThrottleChangesWaitForTheInterval) {
  ProgressPacing pacing(seconds(10), ThrottleChanges::wait_for_the_interval);
  EXPECT_TRUE(pacing.should_show(update("users"), kStart));
  EXPECT_FALSE(pacing.should_show(update("users", "replica lag 7s > 5s"), kStart + seconds(1)));
  EXPECT_TRUE(pacing.should_show(update("users", "replica lag 7s > 5s"), kStart + seconds(10)));
}

}  // namespace
}  // namespace zdm::report
