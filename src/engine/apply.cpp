// zdm apply: take the migration's lock, record the plan, and run the phases that are not
// done yet, each after writing its rollback point.
#include <unistd.h>

#include <iostream>

#include "zdm/db/swappable_connection.hpp"
#include "zdm/engine/backfill_copy.hpp"
#include "zdm/engine/backfill_paging.hpp"
#include "zdm/engine/commands.hpp"
#include "zdm/engine/connection_breaker.hpp"
#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/gate_watcher.hpp"
#include "zdm/engine/load_visibility.hpp"
#include "zdm/engine/migration_lock.hpp"
#include "zdm/engine/phase_gates.hpp"
#include "zdm/engine/phase_progress.hpp"
#include "zdm/engine/phase_rollback.hpp"
#include "zdm/engine/phases.hpp"
#include "zdm/engine/plan_diff.hpp"
#include "zdm/engine/sha256.hpp"
#include "zdm/engine/stop_signal.hpp"
#include "zdm/engine/target.hpp"
#include "zdm/engine/user_sql.hpp"
#include "zdm/engine/work_session.hpp"

namespace zdm::engine {

namespace {

// Swappable: after the server dropped them, new sessions take their place (reconnect).
struct Connections {
  std::unique_ptr<db::Dialect> dialect;
  std::unique_ptr<db::SwappableConnection> work;
  std::unique_ptr<db::SwappableConnection> observer;
};

// Where the primary has no view of its replicas (MySQL), a replica_lag gate or a
// max_replica_lag throttle needs the replicas named, or it would fail in the middle of the
// run instead of now.
void check_replicas_named(const plan::Plan& plan, const db::Dialect& dialect,
                          const ApplyOptions& options) {
  if (dialect.primary_knows_replica_lag() || !options.replica_dsns.empty())
    return;
  const std::string hint = "pass --replica-dsn mysql://user@replica:3306/db for each replica";
  for (const auto& gate : plan.gates) {
    if (std::holds_alternative<plan::ReplicaLagProbe>(gate.probe)) {
      throw invalid_input("gate " + gate.name +
                              ": on this server replica_lag reads each replica, and none is named",
                          hint);
    }
  }
  if (!plan.backfill)
    return;
  for (const auto& table : plan.backfill->tables) {
    if (table.throttle.max_replica_lag) {
      throw invalid_input("backfill of " + table.table +
                              ": on this server max_replica_lag reads each replica, and none is "
                              "named",
                          hint);
    }
  }
}

// max_load and critical_load count sessions; a role that cannot see them would count none
// and never throttle, so such a plan is refused before any phase runs.
void check_load_visible(RunContext& ctx) {
  if (!ctx.plan.backfill)
    return;
  for (const auto& table : ctx.plan.backfill->tables) {
    if (const auto problem = load_visibility_problem(ctx.dialect, ctx.db, table))
      throw invalid_input(*problem, kLoadVisibilityHint);
  }
}

// A backfill by copy that could not swap its table in safely (a foreign key, a trigger
// that is not zdm's; PostgreSQL) is refused before any phase runs.
void check_backfill_copies(RunContext& ctx) {
  if (!ctx.plan.backfill)
    return;
  for (const auto& table : ctx.plan.backfill->tables) {
    if (!ctx.state.checkpoints(ctx.plan.name, table.table).empty())
      continue;  // started: begin_copy checks again before it goes on
    if (const auto refusals = copy_refusals(ctx, table, CopyStage::planned); !refusals.empty())
      throw invalid_input(copy_refusal_message(table, refusals), kCopyRefusalHint);
  }
}

// A backfill whose table has no usable key is refused before any phase runs, not after
// expand (a table created by expand is checked when its backfill starts).
void check_backfill_keys(RunContext& ctx) {
  if (!ctx.plan.backfill)
    return;
  for (const auto& table : ctx.plan.backfill->tables) {
    if (ctx.state.checkpoints(ctx.plan.name, table.table).empty())
      checked_key(ctx, table);
  }
}

Connections open(const plan::Plan& plan, const db::Dsn& dsn, const ApplyOptions& options) {
  Connections c;
  c.dialect = db::make_dialect(dsn.driver(), plan.target.schema, plan.settings.state_schema);
  check_replicas_named(plan, *c.dialect, options);  // before connecting: refused means untouched
  c.work = std::make_unique<db::SwappableConnection>(
      work_session(plan.settings, *c.dialect, connect_or_fail(dsn)));
  c.observer = std::make_unique<db::SwappableConnection>(connect_or_fail(dsn));
  return c;
}

void check_driver(const plan::Plan& plan, const db::Dsn& dsn) {
  const bool postgres = plan.target.driver == plan::Driver::postgres;
  if (postgres != (dsn.driver() == db::DriverKind::postgres)) {
    throw invalid_input(std::string("the plan targets ") + plan::to_string(plan.target.driver) +
                            " but the DSN " + dsn.redacted() + " is " +
                            std::string(db::to_string(dsn.driver())),
                        "point --dsn or ZDM_DSN at the right server");
  }
}

// Starts or resumes the migration's record; returns false when it is already complete.
bool prepare_record(RunContext& ctx, const std::string& plan_text, const std::string& hash) {
  auto record = ctx.state.migration(ctx.plan.name);
  if (!record) {
    ctx.state.insert_migration(
        {ctx.plan.name, hash, plan_text, "running", "", run_by(), now_ms(), now_ms()});
    ctx.migration_started_at_ms = now_ms();
    ctx.log.event("", "migration_started", "migration " + ctx.plan.name + " started");
    return true;
  }
  const bool finished = record->status == "completed" || record->status == "rolled_back";
  if (record->plan_hash != hash && !(record->status == "rolled_back")) {
    throw invalid_input(
        "migration " + ctx.plan.name + " is " + record->status +
            " with a different plan; refusing to mix the two. Changes:\n" +
            line_diff(record->plan_text, plan_text),
        finished ? "give the new plan another name"
                 : "run the plan as it was recorded, or zdm rollback " + ctx.plan.name + " first");
  }
  if (record->status == "completed") {
    ctx.log.event("", "migration_done", "migration " + ctx.plan.name + " is already complete");
    return false;
  }
  if (record->status == "rolled_back") {
    ctx.state.delete_phases(ctx.plan.name);
    ctx.state.delete_checkpoints(ctx.plan.name);
    ctx.state.replace_plan(ctx.plan.name, hash, plan_text);
    ctx.log.event("", "migration_started",
                  "migration " + ctx.plan.name + " starts again after its rollback");
  } else {
    ctx.log.event("", "migration_resumed",
                  "migration " + ctx.plan.name + " resumes (it was " + record->status +
                      (record->current_phase.empty() ? "" : " in " + record->current_phase) + ")");
  }
  ctx.state.update_migration(ctx.plan.name, "running", record->current_phase, run_by());
  ctx.migration_started_at_ms = record->started_at_ms;
  return true;
}

PhaseRecord start_phase(RunContext& ctx, plan::PhaseKind phase) {
  const std::string name = plan::to_string(phase);
  if (auto existing = ctx.state.phase(ctx.plan.name, name);
      existing && existing->status != "rolled_back") {
    if (existing->status != "running")
      ctx.log.event(name, "phase_resumed",
                    name + " resumes after " + std::to_string(existing->steps_done) + " step(s)");
    existing->status = "running";
    return *existing;
  }
  const std::string started_at = server_utc_now(ctx.db, ctx.dialect);
  run_gates(ctx, phase, GateTiming::before, started_at, {});
  const Baselines baselines = take_baselines(ctx, phase, started_at);
  PhaseRecord record;
  record.phase = name;
  record.status = "running";
  record.started_at_ms = now_ms();
  record.rollback_point = to_json(build_rollback_point(ctx, phase)).dump();
  // Kept for a resumed run: its gates judge against the same start and baselines.
  set_progress(record, "started_at_utc", started_at);
  set_progress(record, "baselines", baselines);
  save_phase(ctx, record);
  ctx.log.event(name, "phase_started", name + " started (rollback point written)");
  return record;
}

// The phase with its `during` gates watching, then its `after` gates.
void run_watched_phase(RunContext& ctx, plan::PhaseKind phase, PhaseRecord& record) {
  const auto progress = progress_of(record);
  const std::string started_at =
      progress.value("started_at_utc", sql_timestamp(record.started_at_ms));
  const Baselines baselines = progress.value("baselines", Baselines{});
  {
    GateWatcher watcher(ctx, phase, started_at, baselines);
    run_phase(ctx, phase, record);
  }
  throw_if_stopped();  // an alarm raised as the phase finished still counts
  // Before the phase is marked done: a run killed between the two runs them again.
  run_gates(ctx, phase, GateTiming::after, started_at, baselines);
}

bool operator_confirms_rollback(const GateFailed& failure, const std::string& phase) {
  if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
    return false;
  std::cerr << "zdm: " << failure.what() << "\nRoll back " << phase
            << " to the rollback point before it? [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

// What a failed gate's on_fail asks for; always ends by throwing (exit 3).
[[noreturn]] void act_on_gate_failure(RunContext& ctx, plan::PhaseKind phase,
                                      const GateFailed& failure) {
  clear_gate_alarm();
  const std::string name = plan::to_string(phase);
  auto action = failure.on_fail();
  if (action == plan::GateFailAction::confirm)
    action = operator_confirms_rollback(failure, name) ? plan::GateFailAction::rollback
                                                       : plan::GateFailAction::abort;
  const auto record = ctx.state.phase(ctx.plan.name, name);
  const bool started = record && record->status != "rolled_back";
  if (action == plan::GateFailAction::rollback && started) {
    ctx.log.event(name, "gate_rollback", failure.what() + std::string("; rolling back ") + name,
                  {{"gate", failure.gate()}});
    const auto differences = roll_back_phase(ctx, phase);
    throw GateFailed(failure.gate(), action,
                     failure.what() + std::string("; ") + name + " was rolled back" +
                         (differences.empty() ? " (schema equals its rollback point)"
                                              : " but the schema differs from its rollback point"),
                     "fix the cause, then zdm apply runs " + name + " again from its start");
  }
  if (action == plan::GateFailAction::pause) {
    throw GateFailed(failure.gate(), action,
                     failure.what() + std::string("; ") + name + " paused where it was",
                     "state is kept: once the gate is healthy, zdm apply continues from here");
  }
  throw GateFailed(
      failure.gate(), plan::GateFailAction::abort, failure.what(),
      "state is kept: fix the cause and run zdm apply again, or zdm rollback " + ctx.plan.name);
}

// One phase from where its record says it stopped to done.
void run_one_phase(RunContext& ctx, plan::PhaseKind phase) {
  const std::string name = plan::to_string(phase);
  ctx.state.update_migration(ctx.plan.name, "running", name);
  PhaseRecord record;
  try {
    record = start_phase(ctx, phase);
    run_watched_phase(ctx, phase, record);
  } catch (const GateFailed& failure) {
    act_on_gate_failure(ctx, phase, failure);
  }
  record.status = "done";
  record.finished_at_ms = now_ms();
  save_phase(ctx, record);
  ctx.log.event(name, "phase_done",
                name + " done in " +
                    std::to_string((*record.finished_at_ms - record.started_at_ms) / 1000) + " s");
}

// The phase, resumed from its recorded state each time the server dropped zdm's
// connections and they came back through the breaker.
void run_one_phase_reconnecting(RunContext& ctx, plan::PhaseKind phase,
                                const std::function<void()>& reconnect) {
  for (;;) {
    try {
      run_one_phase(ctx, phase);
      return;
    } catch (const db::DbError& error) {
      if (!ctx.dialect.is_connection_error(error))
        throw;
      reconnect_through_breaker(ctx.plan.settings.reconnect, ctx.log, plan::to_string(phase),
                                error.what(), reconnect);
    }
  }
}

void run_phases(RunContext& ctx, const std::function<void()>& reconnect) {
  for (const plan::PhaseKind phase : ctx.plan.phases()) {
    const std::string name = plan::to_string(phase);
    auto existing = ctx.state.phase(ctx.plan.name, name);
    if (!existing || existing->status != "done")
      run_one_phase_reconnecting(ctx, phase, reconnect);
    if (ctx.options.until == phase && phase != ctx.plan.phases().back()) {
      ctx.state.update_migration(ctx.plan.name, "paused", name);
      ctx.log.event("", "migration_paused",
                    "stopped after " + name + " (--until); run zdm apply again to continue");
      return;
    }
  }
  ctx.state.update_migration(ctx.plan.name, "completed", "");
  ctx.log.event("", "migration_done", "migration " + ctx.plan.name + " complete");
}

std::string status_for(const EngineError& error) {
  if (const auto* gate = dynamic_cast<const GateFailed*>(&error);
      gate && gate->on_fail() == plan::GateFailAction::pause)
    return "paused";
  switch (error.code()) {
    case cli::ExitCode::gate_failed:
      return "gate_failed";
    case cli::ExitCode::interrupted:
      return "interrupted";
    default:
      return "failed";
  }
}

void record_failure(RunContext& ctx, const std::string& status, const std::string& message) {
  try {
    auto record = ctx.state.migration(ctx.plan.name);
    ctx.state.update_migration(ctx.plan.name, status, record ? record->current_phase : "");
    ctx.log.event(record ? record->current_phase : "", "failed", message);
  } catch (const db::DbError&) {
    // The database is unreachable: the phase record already holds the last progress.
  }
}

}  // namespace

void apply(const plan::Plan& plan, const db::Dsn& dsn, const ApplyOptions& options,
           Reporter& reporter) {
  check_driver(plan, dsn);
  Connections c = open(plan, dsn, options);
  StateStore state(*c.work, *c.dialect);
  RunLog log(reporter, nullptr, plan.name);
  RunContext ctx{plan, *c.work, *c.observer, *c.dialect, state, log, options, now_ms(), &dsn};
  try {
    MigrationLock lock(db::connect(dsn), *c.dialect, plan.name, *c.observer, &state);
    state.ensure_tables();
    log.attach_state(state);
    const std::string text = plan_text_for_state(plan);
    check_backfill_keys(ctx);
    check_backfill_copies(ctx);
    check_load_visible(ctx);
    if (!prepare_record(ctx, text, sha256_hex(text)))
      return;
    const auto reconnect = [&] {
      auto work = work_session(plan.settings, *c.dialect, db::connect(dsn));
      auto observer = db::connect(dsn);
      auto lock_session = db::connect(dsn);
      c.work->replace(std::move(work));
      c.observer->replace(std::move(observer));
      lock.reacquire(std::move(lock_session), *c.observer);
    };
    try {
      run_phases(ctx, reconnect);
    } catch (const EngineError& error) {
      record_failure(ctx, status_for(error), error.what());
      throw;
    } catch (const db::DbError& error) {
      record_failure(ctx, "failed", error.what());
      throw runtime_failure(error.what(), "state is kept: run zdm apply again to resume");
    }
  } catch (const db::DbError& error) {
    throw runtime_failure(error.what(), "state is kept: run zdm apply again to resume");
  }
}

}  // namespace zdm::engine
