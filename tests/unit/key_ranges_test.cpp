// threads: N ranges, and the progress total corrected from the share of the key covered.
#include "zdm/backfill/key_ranges.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace zdm::backfill {
namespace {

TEST(KeyRanges, OneThreadIsOneOpenRange) {
  EXPECT_EQ(split_key_range(1, 1000, 1), (std::vector<KeyRange>{{std::nullopt, std::nullopt}}));
}

TEST(KeyRanges, SplitsTheKeyEvenlyOpenAtBothEnds) {
  EXPECT_EQ(
      split_key_range(1, 1001, 4),
      (std::vector<KeyRange>{{std::nullopt, 251}, {251, 501}, {501, 751}, {751, std::nullopt}}));
}

TEST(KeyRanges, ANarrowKeyGivesFewerNonEmptyRanges) {
  EXPECT_EQ(split_key_range(5, 5, 8), (std::vector<KeyRange>{{std::nullopt, std::nullopt}}));
  EXPECT_EQ(split_key_range(1, 3, 8),
            (std::vector<KeyRange>{{std::nullopt, 1}, {1, 2}, {2, std::nullopt}}));
}

TEST(KeyRanges, TheWholeSixtyFourBitSpanDoesNotOverflow) {
  const auto ranges = split_key_range(std::numeric_limits<long long>::min(),
                                      std::numeric_limits<long long>::max(), 2);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(*ranges[0].to, -1);
}

TEST(KeyRanges, PagesAreSplitIntoWholeContiguousRuns) {
  EXPECT_EQ(split_pages(10, 3), (std::vector<KeyRange>{{0, 3}, {3, 6}, {6, 10}}));
  EXPECT_EQ(split_pages(2, 4), (std::vector<KeyRange>{{0, 1}, {1, 2}}));
  EXPECT_EQ(split_pages(0, 4), (std::vector<KeyRange>{{0, 0}}));
}

TEST(CorrectedTotal, TheEstimateUntilEnoughOfTheKeyIsCovered) {
  EXPECT_EQ(corrected_total(100, 1000000, 0.01), 1000000);
  EXPECT_EQ(corrected_total(100, std::nullopt, std::nullopt), std::nullopt);
  EXPECT_EQ(corrected_total(5000, 1000, std::nullopt), 5000);  // never below what was seen
}

TEST(CorrectedTotal, ExtrapolatesFromTheShareCovered) {
  // The catalog says 1M, but half the key space held 300k rows: about 600k.
  EXPECT_EQ(corrected_total(300000, 1000000, 0.5), 600000);
}

}  // namespace
}  // namespace zdm::backfill
