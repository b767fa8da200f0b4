// zdm apply: take the migration's lock, record the plan, and run the phases that are not
// done yet, each after writing its rollback point.
#include "zdm/engine/commands.hpp"
#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/migration_lock.hpp"
#include "zdm/engine/phase_gates.hpp"
#include "zdm/engine/phases.hpp"
#include "zdm/engine/plan_diff.hpp"
#include "zdm/engine/sha256.hpp"
#include "zdm/engine/target.hpp"
#include "zdm/engine/user_sql.hpp"

namespace zdm::engine {

namespace {

struct Connections {
  std::unique_ptr<db::Dialect> dialect;
  std::unique_ptr<db::Connection> work;
  std::unique_ptr<db::Connection> observer;
};

Connections open(const plan::Plan& plan, const db::Dsn& dsn) {
  Connections c;
  c.dialect = db::make_dialect(dsn.driver(), plan.target.schema, plan.settings.state_schema);
  c.work = connect_or_fail(dsn);
  for (const auto& statement : c.dialect->session_settings(plan.settings))
    c.work->execute(statement);
  c.observer = connect_or_fail(dsn);
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
  run_gates(ctx, phase, GateTiming::before, server_utc_now(ctx.db, ctx.dialect));
  PhaseRecord record;
  record.phase = name;
  record.status = "running";
  record.started_at_ms = now_ms();
  record.rollback_point = to_json(build_rollback_point(ctx, phase)).dump();
  save_phase(ctx, record);
  ctx.log.event(name, "phase_started", name + " started (rollback point written)");
  return record;
}

void run_phases(RunContext& ctx) {
  for (const plan::PhaseKind phase : ctx.plan.phases()) {
    const std::string name = plan::to_string(phase);
    auto existing = ctx.state.phase(ctx.plan.name, name);
    if (!existing || existing->status != "done") {
      ctx.state.update_migration(ctx.plan.name, "running", name);
      PhaseRecord record = start_phase(ctx, phase);
      run_phase(ctx, phase, record);
      // Before the phase is marked done: a run killed between the two runs them again.
      run_gates(ctx, phase, GateTiming::after, sql_timestamp(record.started_at_ms));
      record.status = "done";
      record.finished_at_ms = now_ms();
      save_phase(ctx, record);
      ctx.log.event(name, "phase_done",
                    name + " done in " +
                        std::to_string((*record.finished_at_ms - record.started_at_ms) / 1000) +
                        " s");
    }
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

std::string status_for(cli::ExitCode code) {
  switch (code) {
    case cli::ExitCode::gate_failed:
      return "gate_failed";
    case cli::ExitCode::interrupted:
      return "interrupted";
    default:
      return "failed";
  }
}

void record_failure(RunContext& ctx, cli::ExitCode code, const std::string& message) {
  try {
    auto record = ctx.state.migration(ctx.plan.name);
    ctx.state.update_migration(ctx.plan.name, status_for(code),
                               record ? record->current_phase : "");
    ctx.log.event(record ? record->current_phase : "", "failed", message);
  } catch (const db::DbError&) {
    // The database is unreachable: the phase record already holds the last progress.
  }
}

}  // namespace

void apply(const plan::Plan& plan, const db::Dsn& dsn, const ApplyOptions& options,
           Reporter& reporter) {
  check_driver(plan, dsn);
  refuse_unsupported_gates(plan);
  Connections c = open(plan, dsn);
  StateStore state(*c.work, *c.dialect);
  RunLog log(reporter, nullptr, plan.name);
  RunContext ctx{plan, *c.work, *c.observer, *c.dialect, state, log, options, now_ms()};
  try {
    MigrationLock lock(db::connect(dsn), *c.dialect, plan.name, *c.observer, &state);
    state.ensure_tables();
    log.attach_state(state);
    const std::string text = plan_text_for_state(plan);
    if (!prepare_record(ctx, text, sha256_hex(text)))
      return;
    try {
      run_phases(ctx);
    } catch (const EngineError& error) {
      record_failure(ctx, error.code(), error.what());
      throw;
    } catch (const db::DbError& error) {
      record_failure(ctx, cli::ExitCode::runtime_failure, error.what());
      throw runtime_failure(error.what(), "state is kept: run zdm apply again to resume");
    }
  } catch (const db::DbError& error) {
    throw runtime_failure(error.what(), "state is kept: run zdm apply again to resume");
  }
}

}  // namespace zdm::engine
