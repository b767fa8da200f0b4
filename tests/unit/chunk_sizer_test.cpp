// The adaptive chunk size: toward the target time, bounded, cut at once on a slow chunk.
#include "zdm/backfill/chunk_sizer.hpp"

#include <gtest/gtest.h>

namespace zdm::backfill {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

// A server that updates `rate` rows a second: how long a chunk of `rows` takes.
microseconds at_rate(long long rows, double rate) {
  return microseconds(static_cast<long long>(static_cast<double>(rows) / rate * 1e6));
}

// The plan's chunk mapping with these values (the rest at their defaults).
plan::ChunkSettings chunk_of(milliseconds target, long long min_rows,
                             std::optional<milliseconds> contended = {}) {
  plan::ChunkSettings chunk;
  chunk.target_time = target;
  chunk.min_rows = min_rows;
  chunk.contended_target_time = contended;
  return chunk;
}

TEST(ChunkSizer, StartsAtTheInitialSizeWithinBounds) {
  EXPECT_EQ(ChunkSizer(chunk_of(milliseconds(200), 100), 50000, 1000).rows(), 1000);
  EXPECT_EQ(ChunkSizer(chunk_of(milliseconds(200), 100), 500, 1000).rows(), 500);
  EXPECT_EQ(ChunkSizer(chunk_of(milliseconds(200), 2000), 50000, 1000).rows(), 2000);
}

TEST(ChunkSizer, ConvergesOnTheTargetTime) {
  ChunkSizer sizer(chunk_of(milliseconds(200), 100), 1000000, 1000);
  for (int i = 0; i < 30; ++i)
    sizer.record(sizer.rows(), at_rate(sizer.rows(), 50000));
  // 50,000 rows/s for 200 ms: 10,000 rows.
  EXPECT_NEAR(static_cast<double>(sizer.rows()), 10000, 100);
}

TEST(ChunkSizer, GrowsAtMostTwofoldPerChunk) {
  ChunkSizer sizer(chunk_of(milliseconds(200), 100), 1000000, 1000);
  sizer.record(1000, at_rate(1000, 1e7));  // absurdly fast
  EXPECT_EQ(sizer.rows(), 2000);
  sizer.record(2000, at_rate(2000, 1e7));
  EXPECT_EQ(sizer.rows(), 4000);
}

TEST(ChunkSizer, StaysWithinMinAndMax) {
  ChunkSizer fast(chunk_of(milliseconds(200), 100), 5000, 1000);
  for (int i = 0; i < 20; ++i)
    fast.record(fast.rows(), at_rate(fast.rows(), 1e6));
  EXPECT_EQ(fast.rows(), 5000);
  ChunkSizer slow(chunk_of(milliseconds(200), 100), 5000, 1000);
  for (int i = 0; i < 20; ++i)
    slow.record(slow.rows(), at_rate(slow.rows(), 10));
  EXPECT_EQ(slow.rows(), 100);
}

TEST(ChunkSizer, AChunkFiveTimesTooSlowCutsTheSizeToATenthAtOnce) {
  ChunkSizer sizer(chunk_of(milliseconds(200), 10), 1000000, 1000);
  for (int i = 0; i < 20; ++i)
    sizer.record(sizer.rows(), at_rate(sizer.rows(), 50000));
  const long long before = sizer.rows();
  sizer.record(before, milliseconds(1100));  // 5.5x the target: a lock wait
  EXPECT_EQ(sizer.rows(), (before + 5) / 10);
}

TEST(ChunkSizer, OlderSamplesDecay) {
  ChunkSizer sizer(chunk_of(milliseconds(100), 1), 10000000, 1000);
  for (int i = 0; i < 20; ++i)
    sizer.record(sizer.rows(), at_rate(sizer.rows(), 100000));
  // The server slows to a quarter (but not 5x past the target): the size follows within
  // a few chunks instead of trusting the old average.
  for (int i = 0; i < 15; ++i)
    sizer.record(sizer.rows(), at_rate(sizer.rows(), 25000));
  EXPECT_NEAR(static_cast<double>(sizer.rows()), 2500, 100);
}

TEST(ChunkSizer, WhileContendedChunksAimAtATwentiethOfTheTargetAndGrowBackAfter) {
  ChunkSizer sizer(chunk_of(milliseconds(200), 10), 1000000, 1000);
  for (int i = 0; i < 30; ++i)
    sizer.record(sizer.rows(), at_rate(sizer.rows(), 50000));
  ASSERT_NEAR(static_cast<double>(sizer.rows()), 10000, 100);
  // Sessions wait on the chunk's rows: the next chunk drops at once, toward 10 ms.
  sizer.record(sizer.rows(), at_rate(sizer.rows(), 50000), true);
  EXPECT_LE(sizer.rows(), 500);
  for (int i = 0; i < 10; ++i)
    sizer.record(sizer.rows(), at_rate(sizer.rows(), 50000), true);
  EXPECT_NEAR(static_cast<double>(sizer.rows()), 500, 10);  // 50,000 rows/s x 10 ms
  // The waits are over: back to the full target, at most twofold per chunk.
  sizer.record(sizer.rows(), at_rate(sizer.rows(), 50000));
  EXPECT_NEAR(static_cast<double>(sizer.rows()), 1000, 20);
  for (int i = 0; i < 10; ++i)
    sizer.record(sizer.rows(), at_rate(sizer.rows(), 50000));
  EXPECT_NEAR(static_cast<double>(sizer.rows()), 10000, 100);
}

TEST(ChunkSizer, TheContendedTargetHasAFloor) {
  EXPECT_EQ(ChunkSizer::contended_target(chunk_of(milliseconds(200), 10)), microseconds(10000));
  EXPECT_EQ(ChunkSizer::contended_target(chunk_of(milliseconds(5), 10)), microseconds(1000));
}

TEST(ChunkSizer, ThePlansContendedTargetReplacesTheDefault) {
  EXPECT_EQ(ChunkSizer::contended_target(chunk_of(milliseconds(200), 10, milliseconds(50))),
            microseconds(50000));
}

TEST(ChunkSizer, AContendedTargetEqualToTheTargetKeepsTheChunksWhileContended) {
  ChunkSizer sizer(chunk_of(milliseconds(200), 10, milliseconds(200)), 1000000, 1000);
  for (int i = 0; i < 30; ++i)
    sizer.record(sizer.rows(), at_rate(sizer.rows(), 50000), i >= 20);
  EXPECT_NEAR(static_cast<double>(sizer.rows()), 10000, 100);
}

TEST(ChunkSizer, AnEmptyLastChunkTeachesNothing) {
  ChunkSizer sizer(chunk_of(milliseconds(200), 100), 50000, 1000);
  sizer.record(0, milliseconds(1));
  EXPECT_EQ(sizer.rows(), 1000);
  EXPECT_EQ(sizer.rows_per_second(), 0);
}

}  // namespace
}  // namespace zdm::backfill
