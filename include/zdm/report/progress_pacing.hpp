#pragma once
// Which backfill progress updates are worth showing. The engine sends one per chunk, many a
// second; a terminal wants a few redraws a second, a log one line every few seconds.

#include <chrono>
#include <optional>
#include <string>

#include "zdm/engine/reporter.hpp"

namespace zdm::report {

// Whether a throttle starting, changing reason or ending is shown at once. A bar and JSON
// consumers need it (no update comes while a pause lasts); a text log already gets the
// engine's `throttled` lines.
enum class ThrottleChanges { shown_at_once, wait_for_the_interval };

// Shows a table's first update and its last (done), throttle changes as asked, and
// otherwise one per `gap` at most.
class ProgressPacing {
 public:
  using Clock = std::chrono::steady_clock;

  ProgressPacing(Clock::duration gap, ThrottleChanges throttle_changes)
      : gap_(gap), throttle_changes_(throttle_changes) {}

  // True when `progress` should be shown now; it then counts as shown.
  bool should_show(const engine::BackfillProgress& progress, Clock::time_point now);

 private:
  bool throttle_changed(const engine::BackfillProgress& progress) const;

  Clock::duration gap_;
  ThrottleChanges throttle_changes_;
  std::optional<Clock::time_point> last_shown_;  // none before a table's first update
  std::string table_;
  std::string throttle_reason_;
};

}  // namespace zdm::report
