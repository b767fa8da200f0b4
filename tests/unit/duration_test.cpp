#include "zdm/plan/duration.hpp"

#include <gtest/gtest.h>

namespace zdm::plan {
namespace {

TEST(Duration, ParsesEachUnitAndCombinations) {
  EXPECT_EQ(parse_duration("250ms")->count(), 250);
  EXPECT_EQ(parse_duration("5s")->count(), 5000);
  EXPECT_EQ(parse_duration("10m")->count(), 600000);
  EXPECT_EQ(parse_duration("24h")->count(), 86400000);
  EXPECT_EQ(parse_duration("1h30m")->count(), 5400000);
  EXPECT_EQ(parse_duration("1m500ms")->count(), 60500);
  EXPECT_EQ(parse_duration("0s")->count(), 0);
}

TEST(Duration, RefusesWhatIsNotADuration) {
  for (const char* text :
       {"", "5", "s", "1.5s", "-1s", "5 s", "5sec", "5d", "1h 30m", "ms5", "9999999999999999h"}) {
    EXPECT_FALSE(parse_duration(text).has_value()) << text;
  }
}

TEST(Duration, FormatsRoundTrip) {
  for (const char* text : {"250ms", "5s", "10m", "24h", "1h30m", "1m0s500ms"}) {
    auto parsed = parse_duration(text);
    ASSERT_TRUE(parsed) << text;
    EXPECT_EQ(parse_duration(format_duration(*parsed)), parsed) << text;
  }
  EXPECT_EQ(format_duration(std::chrono::milliseconds(5400000)), "1h30m");
  EXPECT_EQ(format_duration(std::chrono::milliseconds(0)), "0s");
}

}  // namespace
}  // namespace zdm::plan
