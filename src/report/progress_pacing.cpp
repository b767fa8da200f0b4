#include "zdm/report/progress_pacing.hpp"

namespace zdm::report {

bool ProgressPacing::should_show(const engine::BackfillProgress& progress, Clock::time_point now) {
  const bool first = !last_shown_ || progress.table != table_;
  const bool due =
      first || progress.done || throttle_changed(progress) || now - *last_shown_ >= gap_;
  if (!due)
    return false;
  last_shown_ = now;
  table_ = progress.table;
  throttle_reason_ = progress.throttle_reason;
  if (progress.done)
    last_shown_.reset();  // the next update starts a table afresh
  return true;
}

bool ProgressPacing::throttle_changed(const engine::BackfillProgress& progress) const {
  return throttle_changes_ == ThrottleChanges::shown_at_once &&
         progress.throttle_reason != throttle_reason_;
}

}  // namespace zdm::report
