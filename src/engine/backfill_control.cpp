#include "zdm/engine/backfill_control.hpp"

#include <algorithm>
#include <filesystem>

#include "zdm/backfill/chunk_sizer.hpp"
#include "zdm/backfill/key_ranges.hpp"
#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/stop_signal.hpp"
#include "zdm/gates/probe.hpp"

namespace zdm::engine {

namespace {

constexpr const char* kPhase = "backfill";
// Load is read at most this often: a chunk every few milliseconds must not add a catalog
// query each. The pause file is looked at on every tick: a stat() costs nothing, and an
// operator's touch then holds the backfill from the next chunk on.
constexpr auto kLoadReadEvery = std::chrono::seconds(1);
// How often a paused worker looks again.
constexpr auto kPausedPoll = std::chrono::milliseconds(100);
// Progress kept in the state's event log, for zdm status.
constexpr auto kRecordProgressEvery = std::chrono::seconds(30);
constexpr auto kRateNoteEvery = std::chrono::seconds(5);
constexpr auto kReplicaLagTimeout = std::chrono::seconds(5);
// The log says contention ended only after this long without a wait: under a steady
// workload the chunks flip between short and full many times a minute, the log should not.
constexpr auto kContentionLogHold = std::chrono::seconds(30);

long long sum_of(const std::vector<CheckpointRecord>& ranges, long long CheckpointRecord::*field) {
  long long total = 0;
  for (const auto& range : ranges)
    total += range.*field;
  return total;
}

}  // namespace

BackfillControl::BackfillControl(RunContext& ctx, const plan::BackfillTable& entry,
                                 TablePaging paging, bool coordinator_is_worker)
    : ctx_(ctx),
      backfill_(entry),
      paging_(std::move(paging)),
      estimate_(ctx.dialect.estimate_rows(ctx.db, entry.table)),
      coordinator_is_worker_(coordinator_is_worker),
      last_load_read_(Clock::now() - kLoadReadEvery),
      last_rate_note_(Clock::now() - kRateNoteEvery),
      scanned_at_start_(sum_of(paging_.ranges, &CheckpointRecord::rows_scanned)),
      chunk_rows_(paging_.ranges.size(), 0),
      rate_limit_(entry.throttle.max_rows_per_second) {
  if (ctx.dsn)
    contention_ = std::make_unique<ContentionWatch>(*ctx.dsn, ctx.dialect, ctx.plan.settings);
}

void BackfillControl::watch_session(const std::string& session) {
  if (contention_)
    contention_->watch(session);
}

bool BackfillControl::contended() const {
  return contention_ && contention_->contended();
}

void BackfillControl::wait_turn() {
  for (;;) {
    throw_if_stopped();
    if (coordinator_is_worker_)
      tick();
    backfill::ThrottleDecision decision;
    {
      std::lock_guard lock(mutex_);
      if (failure_)
        throw BackfillCancelled{};
      decision = decision_;
    }
    if (decision.action == backfill::ThrottleAction::proceed)
      return;
    if (decision.action == backfill::ThrottleAction::stop) {
      throw GateFailed("throttle", plan::GateFailAction::abort,
                       backfill_.table + ": backfill stopped: " + decision.reason, decision.hint);
    }
    sleep_or_stop(kPausedPoll);
  }
}

void BackfillControl::chunk_committed(const CheckpointRecord& range, long long rows_written,
                                      long long chunk_rows) {
  std::chrono::milliseconds wait{0};
  bool say_throttled = false;
  {
    std::lock_guard lock(mutex_);
    paging_.ranges.at(static_cast<size_t>(range.range_index)) = range;
    chunk_rows_.at(static_cast<size_t>(range.range_index)) = chunk_rows;
    const auto now = Clock::now();
    wait = rate_limit_.wait_after(rows_written, now);
    say_throttled = wait.count() > 0 && now - last_rate_note_ >= kRateNoteEvery;
    if (say_throttled)
      last_rate_note_ = now;
  }
  if (say_throttled) {
    note("throttled",
         backfill_.table + ": throttled by max_rows_per_second " +
             std::to_string(backfill_.throttle.max_rows_per_second),
         {{"table", backfill_.table}, {"reason", "max_rows_per_second"}});
  }
  if (wait.count() > 0)
    sleep_or_stop(wait);
}

void BackfillControl::note(const std::string& kind, const std::string& message,
                           nlohmann::json fields) {
  std::lock_guard lock(mutex_);
  notes_.push_back({kPhase, kind, message, std::move(fields)});
}

void BackfillControl::fail(std::exception_ptr error) {
  std::lock_guard lock(mutex_);
  if (!failure_)
    failure_ = error;
}

void BackfillControl::rethrow_failure() {
  std::exception_ptr failure;
  {
    std::lock_guard lock(mutex_);
    failure = failure_;
  }
  if (failure)
    std::rethrow_exception(failure);
}

void BackfillControl::tick() {
  flush_notes();
  const auto now = Clock::now();
  if (now - last_load_read_ >= kLoadReadEvery) {
    last_load_read_ = now;
    readings_ = read_load();
  }
  readings_.pause_file_present = pause_file_present();
  apply_decision(backfill::decide(backfill_.throttle, readings_));
  report_contention();
  report_progress(false);
}

// Logs when the workload starts and stops waiting on the backfill, and a watch that could
// not run.
void BackfillControl::report_contention() {
  if (!contention_)
    return;
  if (const auto failure = contention_->take_failure()) {
    ctx_.log.event(kPhase, "contention_watch_off",
                   backfill_.table + ": cannot see who waits on the backfill's locks (" + *failure +
                       "): chunks keep their target time",
                   {{"table", backfill_.table}});
  }
  const bool contended = contention_->seen_within(kContentionLogHold);
  if (contended == shown_contended_)
    return;
  shown_contended_ = contended;
  if (contended) {
    const auto aim = std::chrono::duration_cast<std::chrono::milliseconds>(
        backfill::ChunkSizer::contended_target(backfill_.chunk));
    ctx_.log.event(kPhase, "contention",
                   backfill_.table + ": " + std::to_string(contention_->waiting()) +
                       " session(s) waiting on the backfill's locks: chunks aim at " +
                       std::to_string(aim.count()) + " ms",
                   {{"table", backfill_.table},
                    {"waiting", contention_->waiting()},
                    {"chunk_target_ms", aim.count()}});
  } else {
    ctx_.log.event(kPhase, "contention_cleared",
                   backfill_.table +
                       ": no session waited on the backfill's locks for 30 s: chunks aim at " +
                       std::to_string(backfill_.chunk.target_time.count()) + " ms again",
                   {{"table", backfill_.table}});
  }
}

void BackfillControl::finish(bool done) {
  flush_notes();
  report_progress(done);
}

backfill::LoadReadings BackfillControl::read_load() {
  const auto& throttle = backfill_.throttle;
  backfill::LoadReadings readings;
  if (throttle.max_load > 0 || throttle.critical_load > 0)
    readings.active_sessions = ctx_.dialect.active_sessions(ctx_.db);
  if (throttle.max_xid_age > 0)
    readings.transaction_id_age = ctx_.dialect.transaction_id_age(ctx_.db, backfill_.table);
  if (throttle.max_replica_lag) {
    gates::ProbeEnvironment env;
    env.database = &ctx_.db;
    env.dialect = &ctx_.dialect;
    env.replica_dsns = ctx_.options.replica_dsns;
    env.stop = stop_flag();
    plan::ReplicaLagProbe probe;
    probe.max = *throttle.max_replica_lag;
    const auto reading = gates::read_probe(probe, kReplicaLagTimeout, env);
    readings.replica_lag_read = true;
    if (reading.reachable)
      readings.replica_lag_seconds = reading.value;
    else
      readings.replica_problem = reading.summary;
  }
  return readings;
}

bool BackfillControl::pause_file_present() const {
  const auto& file = backfill_.throttle.pause_file;
  return !file.empty() && std::filesystem::exists(file);
}

// Logs a throttle when it starts, changes or ends; the workers see the new verdict at
// their next turn.
void BackfillControl::apply_decision(const backfill::ThrottleDecision& decision) {
  {
    std::lock_guard lock(mutex_);
    if (decision_.action == backfill::ThrottleAction::pause &&
        decision.action == backfill::ThrottleAction::proceed)
      rate_limit_.restart();
    decision_ = decision;
  }
  if (decision.reason == shown_reason_)
    return;
  if (decision.action == backfill::ThrottleAction::pause) {
    ctx_.log.event(kPhase, "throttled", backfill_.table + ": paused: " + decision.reason,
                   {{"table", backfill_.table}, {"reason", decision.reason}});
  } else if (decision.action == backfill::ThrottleAction::proceed) {
    ctx_.log.event(kPhase, "throttle_cleared",
                   backfill_.table + ": resuming (" + shown_reason_ + " cleared)",
                   {{"table", backfill_.table}});
  }
  shown_reason_ = decision.reason;
  report_progress(false);
}

void BackfillControl::flush_notes() {
  std::vector<Event> notes;
  {
    std::lock_guard lock(mutex_);
    notes.swap(notes_);
  }
  for (const auto& note : notes)
    ctx_.log.event(note.phase, note.kind, note.message, note.fields);
}

std::optional<double> BackfillControl::share_done() const {
  if (!paging_.span_min || !paging_.span_max || *paging_.span_max <= *paging_.span_min)
    return std::nullopt;
  const long long low = *paging_.span_min;
  const long long high = *paging_.span_max;
  double covered = 0;
  for (const auto& range : paging_.ranges) {
    const long long from = range.range_from.value_or(low);
    const long long to = range.range_to.value_or(high);
    const long long at = range.done ? to : cursor_position(range).value_or(from);
    covered += static_cast<double>(std::clamp(at, from, to) - from);
  }
  return covered / static_cast<double>(high - low);
}

void BackfillControl::report_progress(bool done) {
  BackfillProgress progress;
  {
    std::lock_guard lock(mutex_);
    progress.table = backfill_.table;
    progress.rows_scanned = sum_of(paging_.ranges, &CheckpointRecord::rows_scanned);
    progress.rows_updated = sum_of(paging_.ranges, &CheckpointRecord::rows_done);
    progress.rows_total =
        done ? std::optional<long long>(progress.rows_scanned)
             : backfill::corrected_total(progress.rows_scanned, estimate_, share_done());
    // The ranges still running; at the end, the last chunk size of each.
    for (size_t i = 0; i < chunk_rows_.size(); ++i) {
      if (done || !paging_.ranges[i].done)
        progress.chunk_rows += chunk_rows_[i];
    }
    progress.threads = static_cast<int>(paging_.ranges.size());
    if (decision_.action != backfill::ThrottleAction::proceed)
      progress.throttle_reason = decision_.reason;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
  if (seconds > 0)
    progress.rows_per_second = (progress.rows_scanned - scanned_at_start_) / seconds;
  if (progress.rows_per_second > 0 && progress.rows_total)
    progress.eta_seconds = std::max<double>(0, *progress.rows_total - progress.rows_scanned) /
                           progress.rows_per_second;
  progress.done = done;
  ctx_.log.reporter().progress(progress);
  const auto now = Clock::now();
  if (done || now - last_record_ >= kRecordProgressEvery) {
    last_record_ = now;
    ctx_.log.record(kPhase, "progress",
                    backfill_.table + ": " + std::to_string(progress.rows_scanned) +
                        " rows scanned, " + std::to_string(progress.rows_updated) + " updated",
                    {{"table", backfill_.table},
                     {"rows_scanned", progress.rows_scanned},
                     {"rows_updated", progress.rows_updated}});
  }
}

}  // namespace zdm::engine
