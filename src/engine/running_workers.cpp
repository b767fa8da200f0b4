#include "zdm/engine/running_workers.hpp"

namespace zdm::engine {

void RunningWorkers::started() {
  std::lock_guard lock(mutex_);
  ++count_;
}

void RunningWorkers::finished() {
  {
    std::lock_guard lock(mutex_);
    --count_;
  }
  changed_.notify_all();
}

bool RunningWorkers::all_finished_within(std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, wait, [this] { return count_ == 0; });
}

}  // namespace zdm::engine
