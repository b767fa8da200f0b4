#include "zdm/backfill/contention_hold.hpp"

#include <algorithm>

namespace zdm::backfill {

ContentionHold::ContentionHold(Clock::duration first, Clock::duration longest)
    : first_(first), longest_(std::max(first, longest)), hold_(first) {}

void ContentionHold::saw_waiting(Clock::time_point at) {
  if (last_seen_) {
    const auto quiet = at - *last_seen_;
    if (quiet >= 2 * hold_)
      hold_ = first_;  // the workload went away for a while: start gentle again
    else if (quiet > hold_)
      hold_ = std::min(2 * hold_, longest_);  // it lapsed and the waits came straight back
  }
  last_seen_ = at;
}

bool ContentionHold::holds_at(Clock::time_point at) const {
  const auto end = until();
  return end && at < *end;
}

std::optional<ContentionHold::Clock::time_point> ContentionHold::until() const {
  if (!last_seen_)
    return std::nullopt;
  return *last_seen_ + hold_;
}

}  // namespace zdm::backfill
