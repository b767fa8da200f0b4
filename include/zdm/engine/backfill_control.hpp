#pragma once
// What the workers of one table's backfill share: the throttle's verdict, the row rate
// limit, progress counters, events on their way to the log, and the first failure. The
// coordinator (the run's own thread) calls tick(): it reads the load, decides, reports
// progress and writes events, all on the run's connection. With one thread the worker is
// the coordinator and ticks between its own chunks; with several, each worker has its own
// connection and only waits on what the coordinator decided.

#include <chrono>
#include <exception>
#include <mutex>
#include <optional>
#include <vector>

#include "zdm/backfill/row_rate_limit.hpp"
#include "zdm/backfill/throttle.hpp"
#include "zdm/engine/backfill_paging.hpp"
#include "zdm/engine/contention_watch.hpp"
#include "zdm/engine/run_context.hpp"

namespace zdm::engine {

// Thrown in a worker that stops because another one failed; never reaches the operator.
struct BackfillCancelled {};

class BackfillControl {
 public:
  using Clock = std::chrono::steady_clock;

  BackfillControl(RunContext& ctx, const plan::BackfillTable& backfill, TablePaging paging,
                  bool coordinator_is_worker);

  // ---- workers
  // Before each chunk: returns when the next chunk may run; throws on a stop asked for
  // (SIGINT, a gate alarm, a stopping throttle) or BackfillCancelled after another
  // worker's failure.
  void wait_turn();
  // After each committed chunk: counts it and waits out max_rows_per_second.
  void chunk_committed(const CheckpointRecord& range, long long rows_written, long long chunk_rows);
  // A worker's session, watched for the live workload waiting on its locks.
  void watch_session(const std::string& session);
  // Sessions waited on the backfill's locks in the last few seconds (contention_watch.hpp).
  bool contended() const;
  // An event for the log, written by the coordinator.
  void note(const std::string& kind, const std::string& message, nlohmann::json fields);
  // The first failure is kept and rethrown by rethrow_failure(); the others stop.
  void fail(std::exception_ptr error);

  // ---- coordinator
  void tick();
  // The final progress report of the table (done or not).
  void finish(bool done);
  void rethrow_failure();

 private:
  backfill::LoadReadings read_load();
  bool pause_file_present() const;
  void apply_decision(const backfill::ThrottleDecision& decision);
  void report_contention();
  void flush_notes();
  void report_progress(bool done);
  std::optional<double> share_done() const;

  RunContext& ctx_;
  const plan::BackfillTable& backfill_;
  TablePaging paging_;  // its ranges are the workers' latest, under mutex_
  std::optional<long long> estimate_;
  bool coordinator_is_worker_;
  Clock::time_point started_ = Clock::now();
  Clock::time_point last_load_read_;
  backfill::LoadReadings readings_;  // the server's, from last_load_read_; the pause file's, now
  Clock::time_point last_progress_ = Clock::now();
  Clock::time_point last_record_ = Clock::now();
  std::string shown_reason_;                     // the throttle reason last logged
  std::unique_ptr<ContentionWatch> contention_;  // none without a DSN to connect with
  bool shown_contended_ = false;

  mutable std::mutex mutex_;  // guards everything below
  Clock::time_point last_rate_note_;
  long long scanned_at_start_ = 0;
  std::vector<long long> chunk_rows_;  // per range
  backfill::ThrottleDecision decision_;
  std::vector<Event> notes_;
  std::exception_ptr failure_;
  backfill::RowRateLimit rate_limit_;
};

}  // namespace zdm::engine
