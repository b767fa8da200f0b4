#pragma once
// Whether the live workload is waiting on the backfill's row locks. A thread with a
// connection of its own asks the server every 100 ms which sessions wait on a lock that a
// backfill session holds; the chunk sizer aims at a much shorter chunk while they do
// (backfill/chunk_sizer.hpp), so a chunk holds its rows for milliseconds instead of its
// full target time, for as long as backfill/contention_hold.hpp says. A server that cannot answer
// (no PROCESS privilege on MySQL) leaves the watch off, and says why once.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "zdm/db/dialect.hpp"
#include "zdm/db/dsn.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::engine {

class ContentionWatch {
 public:
  using Clock = std::chrono::steady_clock;

  ContentionWatch(const db::Dsn& dsn, const db::Dialect& dialect, const plan::Settings& settings);
  ~ContentionWatch();
  ContentionWatch(const ContentionWatch&) = delete;
  ContentionWatch& operator=(const ContentionWatch&) = delete;

  // A backfill session to watch (db::Dialect::session_id); the first one starts the thread.
  void watch(const std::string& session);
  // Chunks stay short: some session waited on a backfill session within the hold.
  bool contended() const;
  // Some session waited on a backfill session within `period`.
  bool seen_within(Clock::duration period) const;
  // Sessions waiting at the last reading that found any.
  long long waiting() const { return waiting_; }
  // Why the watch stopped, once; nullopt while it runs.
  std::optional<std::string> take_failure();

 private:
  void run();
  bool sleep_until_next();

  const db::Dsn dsn_;
  const db::Dialect& dialect_;
  const plan::Settings settings_;
  std::mutex mutex_;  // guards sessions_, stopping_, failure_
  std::condition_variable wake_;
  std::vector<std::string> sessions_;
  bool stopping_ = false;
  std::optional<std::string> failure_;
  std::atomic<Clock::rep> last_seen_waiting_{0};  // Clock ticks; 0: never
  std::atomic<Clock::rep> contended_until_{0};    // Clock ticks; 0: never
  std::atomic<long long> waiting_{0};
  std::thread thread_;
};

}  // namespace zdm::engine
