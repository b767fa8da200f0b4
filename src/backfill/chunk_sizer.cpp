#include "zdm/backfill/chunk_sizer.hpp"

#include <algorithm>
#include <cmath>

namespace zdm::backfill {

namespace {

// Weight of the newest chunk in the moving average: after 5 chunks an old sample weighs
// less than a fifth of what it did.
constexpr double kNewestWeight = 0.3;
constexpr double kMaxGrowth = 2.0;
constexpr double kTooSlowFactor = 5.0;
constexpr double kCutTo = 0.1;
constexpr int kContendedShare = 20;
constexpr auto kShortestTarget = std::chrono::microseconds(1000);

}  // namespace

ChunkSizer::ChunkSizer(const plan::ChunkSettings& chunk, long long max_rows, long long initial_rows)
    : target_(std::chrono::duration_cast<std::chrono::microseconds>(chunk.target_time)),
      contended_target_(contended_target(chunk)),
      min_rows_(std::max(1LL, chunk.min_rows)),
      max_rows_(std::max(min_rows_, max_rows)),
      rows_(std::clamp(initial_rows, min_rows_, max_rows_)) {}

long long ChunkSizer::clamp(double rows) const {
  if (!std::isfinite(rows))
    return max_rows_;
  return std::clamp(static_cast<long long>(std::llround(rows)), min_rows_, max_rows_);
}

std::chrono::microseconds ChunkSizer::contended_target(const plan::ChunkSettings& chunk) {
  if (chunk.contended_target_time)
    return *chunk.contended_target_time;
  return std::max<std::chrono::microseconds>(kShortestTarget, chunk.target_time / kContendedShare);
}

void ChunkSizer::record(long long rows, std::chrono::microseconds took, bool contended) {
  if (rows <= 0)
    return;  // the last, partial chunk: nothing to learn from
  const double seconds = std::max(1e-6, std::chrono::duration<double>(took).count());
  const double sample = static_cast<double>(rows) / seconds;
  if (took.count() > kTooSlowFactor * static_cast<double>(target_.count())) {
    rows_ = clamp(static_cast<double>(rows_) * kCutTo);
    rate_ = sample;  // the old average described a server that is not there now
    return;
  }
  rate_ = rate_ == 0 ? sample : kNewestWeight * sample + (1 - kNewestWeight) * rate_;
  const auto aim = contended ? contended_target_ : target_;
  const double wanted = rate_ * std::chrono::duration<double>(aim).count();
  rows_ = clamp(std::min(wanted, static_cast<double>(rows_) * kMaxGrowth));
}

}  // namespace zdm::backfill
