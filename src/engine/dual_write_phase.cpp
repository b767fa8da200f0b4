// dual_write: install the sync triggers, then watch the checks for the observation window.
#include <chrono>

#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/phase_progress.hpp"
#include "zdm/engine/phases.hpp"
#include "zdm/engine/statement_runner.hpp"
#include "zdm/engine/stop_signal.hpp"
#include "zdm/engine/user_sql.hpp"

namespace zdm::engine {

namespace {

constexpr const char* kPhase = "dual_write";

void install_syncs(RunContext& ctx, PhaseRecord& record) {
  const auto& syncs = ctx.plan.dual_write->sync;
  for (size_t i = 0; i < syncs.size(); ++i) {
    if (record.steps_done > static_cast<int>(i))
      continue;
    throw_if_stopped();
    const auto table = ctx.dialect.describe_table(ctx.db, syncs[i].table);
    run_statements(ctx, kPhase, ctx.dialect.create_sync(syncs[i], table, ctx.plan.name),
                   syncs[i].table);
    ctx.log.event(kPhase, "step_done", "sync trigger on " + syncs[i].table + " installed",
                  {{"table", syncs[i].table}});
    record.steps_done = static_cast<int>(i) + 1;
    save_phase(ctx, record);
  }
}

// When every sync trigger was in place, by the server's clock: {{phase_started_at}} of the
// checks, so that "rows written since" never counts a row written before the trigger
// existed. Kept in the phase's progress so that a resumed run checks the same window.
std::string checks_since(RunContext& ctx, PhaseRecord& record) {
  if (!progress_of(record).contains("checks_since")) {
    set_progress(record, "checks_since", server_utc_now(ctx.db, ctx.dialect));
    save_phase(ctx, record);
  }
  return progress_of(record)["checks_since"];
}

void run_check(RunContext& ctx, const plan::SqlCheck& check, const std::string& since) {
  const BoundSql query =
      bind_placeholders(ctx.dialect, check.sql,
                        {{"phase_started_at", since},
                         {"migration_started_at", sql_timestamp(ctx.migration_started_at_ms)}});
  const auto value = query_number(ctx.db, query, "check " + check.name);
  const bool holds = value && check.expect.holds(*value);
  const std::string seen = value ? std::to_string(*value) : "no value (NULL or no row)";
  ctx.log.event(kPhase, "check",
                "check " + check.name + ": " + seen + " (expects " + check.expect.text + ") " +
                    (holds ? "ok" : "FAILED"),
                {{"check", check.name},
                 {"value", value ? nlohmann::json(*value) : nullptr},
                 {"expect", check.expect.text},
                 {"ok", holds}});
  if (!holds) {
    throw EngineError(cli::ExitCode::gate_failed,
                      "dual_write check " + check.name + " failed: saw " + seen + ", expected " +
                          check.expect.text,
                      "the application does not keep both shapes in step yet; fix it and run "
                      "zdm apply again, or zdm rollback " +
                          ctx.plan.name);
  }
}

void observe_checks(RunContext& ctx, PhaseRecord& record) {
  const auto& phase = *ctx.plan.dual_write;
  if (phase.checks.empty())
    return;
  const std::string since = checks_since(ctx, record);
  const auto until = std::chrono::steady_clock::now() + phase.observe;
  for (;;) {
    for (const auto& check : phase.checks)
      run_check(ctx, check, since);
    if (std::chrono::steady_clock::now() + phase.every > until)
      break;
    sleep_or_stop(phase.every);
  }
}

}  // namespace

void run_dual_write(RunContext& ctx, PhaseRecord& record) {
  try {
    install_syncs(ctx, record);
    observe_checks(ctx, record);
  } catch (const db::DbError& error) {
    fail_phase(ctx, error, "dual_write failed", "state is kept: run zdm apply again to resume");
  }
}

}  // namespace zdm::engine
