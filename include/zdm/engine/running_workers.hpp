#pragma once
// The backfill workers still running, for the coordinator that ticks beside them: it waits
// on this between its ticks, so that it carries on the moment the last range is done
// rather than at its next tick (up to 250 ms later: a tenth of a 1M-row copy).

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace zdm::engine {

class RunningWorkers {
 public:
  void started();
  void finished();
  // True once none is running; false when `wait` went by first.
  bool all_finished_within(std::chrono::milliseconds wait);

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int count_ = 0;
};

}  // namespace zdm::engine
