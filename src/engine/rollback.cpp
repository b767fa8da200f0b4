// zdm rollback: undo completed phases in reverse order from what the database records
// (rollback points and the stored plan), then compare each table with its snapshot.
#include <algorithm>
#include <functional>

#include "zdm/engine/commands.hpp"
#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/hook_runner.hpp"
#include "zdm/engine/migration_lock.hpp"
#include "zdm/engine/phase_progress.hpp"
#include "zdm/engine/phase_rollback.hpp"
#include "zdm/engine/phases.hpp"
#include "zdm/engine/statement_runner.hpp"
#include "zdm/engine/stop_signal.hpp"
#include "zdm/engine/target.hpp"
#include "zdm/plan/diagnostic.hpp"
#include "zdm/plan/loader.hpp"

namespace zdm::engine {

namespace {

struct PhaseToUndo {
  PhaseRecord record;
  RollbackPoint point;
};

int order_of(const std::string& phase) {
  const auto kind = plan::phase_from_string(phase);
  return kind ? static_cast<int>(*kind) : -1;
}

// The plan as recorded when the migration started (for settings and hook rollbacks).
// `problem` says why it could not be read (then only SQL undo steps can run).
plan::Plan recorded_plan(const MigrationRecord& record, const RollbackOptions& options,
                         std::string& problem) {
  auto loaded = plan::load_plan_text(record.plan_text, "(recorded plan of " + record.name + ")");
  if (loaded.ok())
    return *loaded.plan;
  for (const auto& diagnostic : loaded.diagnostics)
    problem += (problem.empty() ? "" : "; ") + plan::format_diagnostic(diagnostic);
  plan::Plan fallback;
  fallback.name = record.name;
  fallback.target.schema = options.schema;
  fallback.settings.state_schema = options.state_schema;
  return fallback;
}

std::vector<PhaseToUndo> phases_to_undo(StateStore& state, const std::string& migration,
                                        const RollbackOptions& options) {
  std::vector<PhaseToUndo> out;
  for (auto& record : state.phases(migration)) {
    if (record.status == "rolled_back" || record.rollback_point.empty())
      continue;
    if (options.to && order_of(record.phase) < static_cast<int>(*options.to))
      continue;
    out.push_back({record, rollback_point_from_json(nlohmann::json::parse(record.rollback_point))});
  }
  std::sort(out.begin(), out.end(), [](const PhaseToUndo& a, const PhaseToUndo& b) {
    return order_of(a.record.phase) > order_of(b.record.phase);
  });
  return out;
}

// Steps a phase ran (or was running): read_switch counts as run once it started a stage.
int steps_run(const PhaseToUndo& phase) {
  if (phase.record.phase == "read_switch" && progress_of(phase.record).contains("stage"))
    return static_cast<int>(phase.point.steps.size());
  const bool in_flight = phase.record.status != "done";
  return std::min<int>(static_cast<int>(phase.point.steps.size()),
                       phase.record.steps_done + (in_flight ? 1 : 0));
}

void refuse_irreversible(const std::vector<PhaseToUndo>& phases) {
  std::string reasons;
  for (const auto& phase : phases) {
    for (int i = 0; i < phase.record.steps_done && i < static_cast<int>(phase.point.steps.size());
         ++i) {
      if (!phase.point.steps[i].irreversible.empty())
        reasons += "\n  " + phase.record.phase + ": " + phase.point.steps[i].irreversible;
    }
  }
  if (!reasons.empty()) {
    throw invalid_input("cannot roll back: some completed steps cannot be undone:" + reasons,
                        "nothing was changed; roll back fewer phases with --to, or restore "
                        "from your own backup");
  }
}

void undo_hook(RunContext& ctx, const std::string& phase, const UndoStep& step) {
  if (!ctx.plan.read_switch ||
      *step.hook_index >= static_cast<int>(ctx.plan.read_switch->steps.size())) {
    throw runtime_failure("the recorded plan has no read_switch step " + step.name);
  }
  const auto& hook = ctx.plan.read_switch->steps[static_cast<size_t>(*step.hook_index)];
  const HookOutcome outcome = run_hook(*hook.rollback, {{"percent", "0"}}, stop_flag());
  ctx.log.event(phase, outcome.ok ? "hook_done" : "hook_failed",
                "rollback of " + step.name + ": " + outcome.summary +
                    (outcome.ok ? "" : " (" + outcome.error + ")"));
  if (!outcome.ok)
    throw runtime_failure("rollback of read_switch step " + step.name +
                          " failed: " + outcome.error);
}

// Undoes one step; `record` marks it undone in the state tables (in the same transaction
// where the server allows).
void undo_step(RunContext& ctx, const std::string& phase, const UndoStep& step, bool in_flight,
               const std::function<void()>& record) {
  throw_if_stopped();
  try {
    if (step.hook_index) {
      undo_hook(ctx, phase, step);
      record();
    } else {
      run_statements_and_record(ctx, phase, step.statements, step.table, record);
    }
    ctx.log.event(phase, "undone", "undid " + step.name, {{"step", step.name}});
  } catch (const db::DbError& error) {
    if (!in_flight)
      throw runtime_failure("undoing " + step.name + " failed: " + error.what(),
                            "fix the cause and run zdm rollback again: it continues from here");
    // The step was interrupted and may not have happened at all.
    ctx.log.event(phase, "undone",
                  step.name + " was interrupted before it finished; its undo did not apply (" +
                      error.what() + ")");
    record();
  }
}

std::vector<std::string> compare_with_snapshots(RunContext& ctx, const PhaseToUndo& phase) {
  std::vector<std::string> differences;
  for (const auto& before : phase.point.snapshots) {
    const auto now = ctx.dialect.describe_table(ctx.db, before.table);
    for (auto& difference : db::schema_differences(before, now))
      differences.push_back(std::move(difference));
  }
  return differences;
}

std::vector<std::string> undo_phase(RunContext& ctx, PhaseToUndo& phase) {
  const std::string& name = phase.record.phase;
  ctx.log.event(name, "rollback_started", "rolling back " + name);
  const int run = steps_run(phase);
  for (int i = run - 1; i >= 0; --i) {
    const bool in_flight = i >= phase.record.steps_done && phase.record.status != "done";
    PhaseRecord undone = phase.record;
    undone.steps_done = std::min(undone.steps_done, i);
    undo_step(ctx, name, phase.point.steps[static_cast<size_t>(i)], in_flight,
              [&] { save_phase(ctx, undone); });
    phase.record = undone;
  }
  if (name == "backfill")
    ctx.state.delete_checkpoints(ctx.plan.name);
  phase.record.status = "rolled_back";
  phase.record.progress.clear();
  save_phase(ctx, phase.record);
  auto differences = compare_with_snapshots(ctx, phase);
  ctx.log.event(name, "rollback_done",
                name + " rolled back; schema " +
                    (differences.empty() ? "equals the rollback point's snapshot"
                                         : "differs from the snapshot in " +
                                               std::to_string(differences.size()) + " way(s)"),
                {{"differences", differences}});
  return differences;
}

}  // namespace

std::vector<std::string> roll_back_phase(RunContext& ctx, plan::PhaseKind phase) {
  RollbackOptions options;
  options.to = phase;
  auto phases = phases_to_undo(ctx.state, ctx.plan.name, options);
  std::vector<std::string> differences;
  for (auto& undo : phases) {
    if (undo.record.phase != plan::to_string(phase))
      continue;
    refuse_irreversible({undo});
    differences = undo_phase(ctx, undo);
  }
  return differences;
}

void rollback(const std::string& migration, const db::Dsn& dsn, const RollbackOptions& options,
              Reporter& reporter) {
  auto dialect = db::make_dialect(dsn.driver(), options.schema, options.state_schema);
  auto work = connect_or_fail(dsn);
  auto observer = connect_or_fail(dsn);
  StateStore probe(*work, *dialect);
  if (!probe.tables_exist() || !probe.migration(migration)) {
    throw invalid_input("no migration named " + migration + " in this database",
                        "zdm status lists the migrations it knows (use --state-schema if the "
                        "plan set settings.state_schema)");
  }
  std::string plan_problem;
  const plan::Plan plan = recorded_plan(*probe.migration(migration), options, plan_problem);
  dialect = db::make_dialect(dsn.driver(), plan.target.schema, options.state_schema);
  for (const auto& statement : dialect->session_settings(plan.settings))
    work->execute(statement);
  StateStore state(*work, *dialect);
  RunLog log(reporter, &state, migration);
  RunContext ctx{plan, *work, *observer, *dialect, state, log, {}, 0, &dsn};
  if (!plan_problem.empty())
    log.event("", "warning",
              "the plan recorded with the migration cannot be read, so read_switch steps "
              "cannot be rolled back: " +
                  plan_problem);
  MigrationLock lock(db::connect(dsn), *dialect, migration, *observer, &state);
  auto phases = phases_to_undo(state, migration, options);
  refuse_irreversible(phases);
  if (phases.empty()) {
    log.event("", "rollback_done", "nothing to roll back for " + migration);
    return;
  }
  std::vector<std::string> differences;
  try {
    for (auto& phase : phases) {
      state.update_migration(migration, "rolling_back", phase.record.phase, run_by());
      for (auto& difference : undo_phase(ctx, phase))
        differences.push_back(std::move(difference));
    }
  } catch (const EngineError&) {
    state.update_migration(migration, "rollback_failed", "");
    throw;
  } catch (const db::DbError& error) {
    state.update_migration(migration, "rollback_failed", "");
    throw runtime_failure(std::string("rollback failed: ") + error.what(),
                          "run zdm rollback again: it continues from here");
  }
  const bool all = !options.to || *options.to == plan::PhaseKind::expand;
  state.update_migration(migration, all ? "rolled_back" : "paused", "");
  if (!differences.empty()) {
    std::string text;
    for (const auto& d : differences)
      text += "\n  " + d;
    throw runtime_failure("rolled back, but the schema differs from the rollback point:" + text,
                          "inspect the tables listed; the event log has every step");
  }
  log.event("", "rollback_done", "migration " + migration + " rolled back");
}

}  // namespace zdm::engine
