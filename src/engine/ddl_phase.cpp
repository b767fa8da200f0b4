// expand and contract: DDL steps, one after another, each recorded when done.
#include <chrono>
#include <functional>

#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/phases.hpp"
#include "zdm/engine/statement_runner.hpp"
#include "zdm/engine/stop_signal.hpp"

namespace zdm::engine {

namespace {

long long elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               since)
      .count();
}

// drop_column with backup: copy (primary key, column) into a state table first. Redone
// from scratch when a run died half-way: the column is still there, so nothing is lost.
void back_up_column(RunContext& ctx, const std::string& phase, const plan::DropColumn& drop) {
  const auto schema = ctx.dialect.describe_table(ctx.db, drop.table);
  const auto key = schema.primary_key();
  if (key.empty()) {
    throw runtime_failure(
        "cannot back up " + drop.table + "." + drop.column + ": the table has no primary key",
        "add a primary key, or drop the column without backup: true");
  }
  const std::string backup =
      ctx.dialect.state_table(backup_table_name(ctx.plan.name, drop.table, drop.column));
  ctx.db.execute("DROP TABLE IF EXISTS " + backup);
  run_statements(ctx, phase, ctx.dialect.backup_column(drop.table, drop.column, key, backup),
                 drop.table);
  ctx.log.event(phase, "backup", "backed up " + drop.table + "." + drop.column + " into " + backup,
                {{"table", drop.table}, {"column", drop.column}, {"backup_table", backup}});
}

// Runs one step; `record` marks it done in the state tables (with the step itself, where
// the server allows: see run_statements_and_record).
void run_step(RunContext& ctx, const std::string& phase, const plan::DdlStep& step,
              const std::function<void()>& record) {
  const std::string table = step_table(step.action);
  if (!std::holds_alternative<plan::RawSql>(step.action) &&
      ctx.dialect.is_applied(ctx.db, step.action)) {
    ctx.log.event(phase, "step_done",
                  "step " + step.name + ": already done (an earlier run was stopped after it)",
                  {{"step", step.name}, {"resumed", true}});
    record();
    return;
  }
  const auto started = std::chrono::steady_clock::now();
  const auto cleanup = ctx.dialect.cleanup_failed_attempt(ctx.db, step.action);
  if (!cleanup.empty()) {
    ctx.log.event(phase, "cleanup",
                  "step " + step.name + ": removing what a failed earlier attempt left behind",
                  {{"step", step.name}});
    run_statements(ctx, phase, cleanup, table);
  }
  if (const auto* drop = std::get_if<plan::DropColumn>(&step.action); drop && drop->backup)
    back_up_column(ctx, phase, *drop);
  run_statements_and_record(ctx, phase, ctx.dialect.forward(step.action), table, record);
  ctx.log.event(phase, "step_done",
                "step " + step.name + " (" + plan::step_kind(step.action) + "): done in " +
                    std::to_string(elapsed_ms(started)) + " ms",
                {{"step", step.name},
                 {"kind", plan::step_kind(step.action)},
                 {"elapsed_ms", elapsed_ms(started)}});
}

}  // namespace

void run_ddl_steps(RunContext& ctx, plan::PhaseKind phase, const std::vector<plan::DdlStep>& steps,
                   int first_step, PhaseRecord& record) {
  const std::string name = plan::to_string(phase);
  for (size_t i = 0; i < steps.size(); ++i) {
    const int index = first_step + static_cast<int>(i);
    if (record.steps_done > index)
      continue;
    throw_if_stopped();
    PhaseRecord done = record;
    done.steps_done = index + 1;
    try {
      run_step(ctx, name, steps[i], [&] { save_phase(ctx, done); });
    } catch (const db::DbError& error) {
      fail_phase(ctx, error, "step " + steps[i].name + " failed",
                 "state is kept: fix the cause and run zdm apply again to resume, or zdm "
                 "rollback " +
                     ctx.plan.name);
    }
    record = done;
  }
}

}  // namespace zdm::engine
