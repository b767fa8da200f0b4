// Counts and times as the log and the progress bar print them.
#include "zdm/util/human_text.hpp"

#include <gtest/gtest.h>

#include <climits>

namespace zdm::util {
namespace {

using std::chrono::seconds;

TEST(HumanText, GroupsThousands) {
  EXPECT_EQ(group_thousands(0), "0");
  EXPECT_EQ(group_thousands(999), "999");
  EXPECT_EQ(group_thousands(1000), "1,000");
  EXPECT_EQ(group_thousands(450000), "450,000");
  EXPECT_EQ(group_thousands(1234567), "1,234,567");
  EXPECT_EQ(group_thousands(-1234), "-1,234");
  EXPECT_EQ(group_thousands(-999), "-999");
  EXPECT_EQ(group_thousands(LLONG_MIN), "-9,223,372,036,854,775,808");
}

TEST(HumanText, RemainingTimeIsAsPreciseAsItIsWorth) {
  EXPECT_EQ(format_remaining(seconds(0)), "0s");
  EXPECT_EQ(format_remaining(seconds(45)), "45s");
  EXPECT_EQ(format_remaining(seconds(60)), "1m00s");
  EXPECT_EQ(format_remaining(seconds(725)), "12m05s");
  EXPECT_EQ(format_remaining(seconds(3599)), "59m59s");
  EXPECT_EQ(format_remaining(seconds(3600)), "1h00m");
  EXPECT_EQ(format_remaining(seconds(3725)), "1h02m");
  EXPECT_EQ(format_remaining(seconds(100 * 3600 + 59)), "100h00m");
  EXPECT_EQ(format_remaining(seconds(-5)), "0s");
}

TEST(HumanText, SizesOnDiskInBinaryUnits) {
  EXPECT_EQ(format_bytes(0), "0 B");
  EXPECT_EQ(format_bytes(1023), "1023 B");
  EXPECT_EQ(format_bytes(1024), "1.0 KiB");
  EXPECT_EQ(format_bytes(1536), "1.5 KiB");
  EXPECT_EQ(format_bytes(5LL * 1024 * 1024 * 1024), "5.0 GiB");
  EXPECT_EQ(format_bytes(3LL << 60), "3072.0 PiB");
}

}  // namespace
}  // namespace zdm::util
