#pragma once
// How long one sighting of the workload waiting on the backfill's locks keeps the
// backfill's chunks short. Short chunks make the waits rare, so a watch that samples the
// locks finds none for a while and the chunks grow again, until they are long enough to
// be seen once more: each such lapse costs the workload a few chunks of 50-150 ms. So a
// sighting soon after a lapse doubles the hold (10 s, 20 s, 40 s, at most 60 s), and a
// quiet spell twice the hold's length brings it back to the first.

#include <chrono>
#include <optional>

namespace zdm::backfill {

class ContentionHold {
 public:
  using Clock = std::chrono::steady_clock;

  static constexpr Clock::duration kFirst = std::chrono::seconds(10);
  static constexpr Clock::duration kLongest = std::chrono::seconds(60);

  explicit ContentionHold(Clock::duration first = kFirst, Clock::duration longest = kLongest);

  // A reading at `at` found sessions waiting on the backfill.
  void saw_waiting(Clock::time_point at);
  // Whether chunks stay short at `at`.
  bool holds_at(Clock::time_point at) const;
  // Until when chunks stay short; nullopt before the first sighting.
  std::optional<Clock::time_point> until() const;
  Clock::duration hold() const { return hold_; }

 private:
  Clock::duration first_;
  Clock::duration longest_;
  Clock::duration hold_;
  std::optional<Clock::time_point> last_seen_;
};

}  // namespace zdm::backfill
