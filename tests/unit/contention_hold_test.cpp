// How long the workload's waits keep the backfill's chunks short.
#include "zdm/backfill/contention_hold.hpp"

#include <gtest/gtest.h>

namespace zdm::backfill {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = ContentionHold::Clock;

const Clock::time_point kStart = Clock::time_point{} + std::chrono::hours(1);

TEST(ContentionHold, NothingHoldsBeforeTheFirstSighting) {
  const ContentionHold hold;
  EXPECT_FALSE(hold.holds_at(kStart));
  EXPECT_FALSE(hold.until());
}

TEST(ContentionHold, OneSightingHoldsForTheFirstPeriodOnly) {
  ContentionHold hold(seconds(3), seconds(60));
  hold.saw_waiting(kStart);
  EXPECT_TRUE(hold.holds_at(kStart + milliseconds(2999)));
  EXPECT_FALSE(hold.holds_at(kStart + seconds(3)));
}

TEST(ContentionHold, SightingsWithinTheHoldKeepItsLength) {
  ContentionHold hold(seconds(3), seconds(60));
  for (int i = 0; i < 100; ++i)
    hold.saw_waiting(kStart + seconds(2) * i);
  EXPECT_EQ(hold.hold(), seconds(3));
  EXPECT_TRUE(hold.holds_at(kStart + seconds(198) + milliseconds(2999)));
}

TEST(ContentionHold, WaitsComingBackSoonAfterALapseDoubleTheHold) {
  ContentionHold hold(seconds(3), seconds(60));
  hold.saw_waiting(kStart);
  hold.saw_waiting(kStart + milliseconds(3500));  // lapsed at 3 s, seen again at 3.5 s
  EXPECT_EQ(hold.hold(), seconds(6));
  EXPECT_TRUE(hold.holds_at(kStart + milliseconds(9400)));
  hold.saw_waiting(kStart + seconds(10));  // lapsed at 9.5 s, seen again at 10 s
  EXPECT_EQ(hold.hold(), seconds(12));
}

TEST(ContentionHold, TheHoldStopsGrowingAtTheLongest) {
  ContentionHold hold(seconds(3), seconds(20));
  auto at = kStart;
  hold.saw_waiting(at);
  for (int i = 0; i < 10; ++i) {
    at += hold.hold() + milliseconds(100);
    hold.saw_waiting(at);
  }
  EXPECT_EQ(hold.hold(), seconds(20));
}

TEST(ContentionHold, AQuietSpellOfTwiceTheHoldStartsOver) {
  ContentionHold hold(seconds(3), seconds(60));
  hold.saw_waiting(kStart);
  hold.saw_waiting(kStart + seconds(4));
  ASSERT_EQ(hold.hold(), seconds(6));
  hold.saw_waiting(kStart + seconds(16));  // 12 s without a wait
  EXPECT_EQ(hold.hold(), seconds(3));
  EXPECT_FALSE(hold.holds_at(kStart + seconds(19)));
}

}  // namespace
}  // namespace zdm::backfill
