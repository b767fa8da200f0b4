#pragma once
// throttle.max_rows_per_second: after each chunk, how long to wait so that the rows
// written stay under the limit on average. Credit for time spent idle (a pause, a slow
// chunk) is capped at one second, so a long pause is not followed by a burst; a throttle
// pause (restart) earns none, so that the workload it gave way to is not then hit by one.

#include <chrono>
#include <optional>

namespace zdm::backfill {

class RowRateLimit {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RowRateLimit(long long rows_per_second);  // 0: no limit

  // A chunk of `rows` just finished at `now`: the wait before the next one may start.
  std::chrono::milliseconds wait_after(long long rows, Clock::time_point now);

  // The backfill resumes after a pause: the next chunk is paced from then on.
  void restart();

 private:
  long long rows_per_second_;
  std::optional<Clock::time_point> earliest_next_;
};

}  // namespace zdm::backfill
