#pragma once
// How many rows the next backfill chunk takes: toward chunk.target_time, from a weighted
// moving average of the rows per second seen (older chunks count less and less),
// within min_rows..max_rows. A chunk that takes more than 5x the target (a lock wait, a
// cold cache, a busy server) cuts the size to a tenth at once; growth is at most 2x per
// chunk, so one fast chunk does not jump to a giant one. While the live workload waits on
// the backfill's locks (contended), chunks aim at the contended target (by default a
// twentieth of the target): a waiting transaction waits for the chunk's commit, so the
// chunk's length is its latency.

#include <chrono>

#include "zdm/plan/plan.hpp"

namespace zdm::backfill {

class ChunkSizer {
 public:
  // From the plan's chunk settings; max_rows may be less than the plan's (a rate limit
  // caps it); initial_rows: the first chunk's size (clamped to min..max).
  ChunkSizer(const plan::ChunkSettings& chunk, long long max_rows, long long initial_rows);

  long long rows() const { return rows_; }
  double rows_per_second() const { return rate_; }

  // After each chunk: how many rows it covered, how long it took, and whether sessions
  // were waiting on the backfill's locks meanwhile.
  void record(long long rows, std::chrono::microseconds took, bool contended = false);

  // The chunk time aimed at while contended: the plan's contended_target_time, else a
  // twentieth of target_time, at least 1 ms.
  static std::chrono::microseconds contended_target(const plan::ChunkSettings& chunk);

 private:
  long long clamp(double rows) const;

  std::chrono::microseconds target_;
  std::chrono::microseconds contended_target_;
  long long min_rows_;
  long long max_rows_;
  long long rows_;
  double rate_ = 0;  // rows per second, weighted moving average; 0 until the first chunk
};

}  // namespace zdm::backfill
