// The backfill coordinator's wait for its workers: it ends when the last one finishes,
// not when the tick it waits with runs out.
#include "zdm/engine/running_workers.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace zdm::engine {
namespace {

using std::chrono::milliseconds;

TEST(RunningWorkers, NoneRunningIsAllFinishedAtOnce) {
  RunningWorkers none;
  EXPECT_TRUE(none.all_finished_within(milliseconds(0)));
}

TEST(RunningWorkers, AWorkerStillRunningLetsTheTickGoBy) {
  RunningWorkers running;
  running.started();
  EXPECT_FALSE(running.all_finished_within(milliseconds(1)));
  running.finished();
  EXPECT_TRUE(running.all_finished_within(milliseconds(0)));
}

// The wait is a minute; the workers finish well before: a wait that only looked at the end
// of its tick would take the minute.
TEST(RunningWorkers, TheWaitEndsWhenTheLastWorkerFinishesNotAtTheEndOfTheTick) {
  RunningWorkers running;
  running.started();
  running.started();
  std::thread first([&] {
    std::this_thread::sleep_for(milliseconds(5));
    running.finished();
  });
  std::thread second([&] {
    std::this_thread::sleep_for(milliseconds(20));
    running.finished();
  });
  const auto from = std::chrono::steady_clock::now();
  EXPECT_TRUE(running.all_finished_within(std::chrono::minutes(1)));
  EXPECT_LT(std::chrono::steady_clock::now() - from, std::chrono::seconds(30));
  first.join();
  second.join();
}

}  // namespace
}  // namespace zdm::engine
