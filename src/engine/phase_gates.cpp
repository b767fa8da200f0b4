#include "zdm/engine/phase_gates.hpp"

#include <algorithm>

#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/stop_signal.hpp"
#include "zdm/engine/user_sql.hpp"

namespace zdm::engine {

namespace {

constexpr auto kRetryInterval = std::chrono::seconds(1);

bool applies(const plan::Gate& gate, plan::PhaseKind phase, GateTiming timing) {
  const auto& phases = timing == GateTiming::before ? gate.before : gate.after;
  return std::find(phases.begin(), phases.end(), phase) != phases.end();
}

// One evaluation: the value seen, and whether it holds.
std::pair<std::optional<double>, bool> evaluate_sql(RunContext& ctx, const plan::Gate& gate,
                                                    const plan::SqlProbe& probe) {
  const BoundSql query =
      bind_placeholders(ctx.dialect, probe.sql,
                        {{"phase_started_at", sql_timestamp(now_ms())},
                         {"migration_started_at", sql_timestamp(ctx.migration_started_at_ms)}});
  const auto value = query_number(ctx.db, query, "gate " + gate.name);
  return {value, value && gate.expect && gate.expect->holds(*value)};
}

void run_sql_gate(RunContext& ctx, const plan::Gate& gate, const plan::SqlProbe& probe,
                  const std::string& phase, const std::string& when) {
  std::optional<double> value;
  bool ok = false;
  for (int attempt = 0; attempt <= gate.retries && !ok; ++attempt) {
    if (attempt > 0)
      sleep_or_stop(kRetryInterval);
    std::tie(value, ok) = evaluate_sql(ctx, gate, probe);
  }
  const std::string seen = value ? std::to_string(*value) : "no value (NULL or no row)";
  ctx.log.event(
      phase, "gate",
      "gate " + gate.name + " (" + when + " " + phase + "): " + seen + ", expects " +
          gate.expect->text + ": " + (ok ? "ok" : "FAILED"),
      {{"gate", gate.name}, {"value", value ? nlohmann::json(*value) : nullptr}, {"ok", ok}});
  if (!ok) {
    throw EngineError(
        cli::ExitCode::gate_failed,
        "gate " + gate.name + " failed " + when + " " + phase + ": saw " + seen + ", expected " +
            gate.expect->text,
        "state is kept: fix the cause and run zdm apply again, or zdm rollback " + ctx.plan.name);
  }
}

}  // namespace

void run_gates(RunContext& ctx, plan::PhaseKind phase, GateTiming timing) {
  const std::string phase_name = plan::to_string(phase);
  const std::string when = timing == GateTiming::before ? "before" : "after";
  for (const auto& gate : ctx.plan.gates) {
    if (!applies(gate, phase, timing))
      continue;
    const auto* sql = std::get_if<plan::SqlProbe>(&gate.probe);
    if (sql == nullptr || !gate.expect || gate.expect->relative_to_baseline) {
      ctx.log.event(phase_name, "gate_skipped",
                    "gate " + gate.name + " (" + plan::gate_kind(gate.probe) +
                        ") is not evaluated by this version of zdm",
                    {{"gate", gate.name}});
      continue;
    }
    try {
      run_sql_gate(ctx, gate, *sql, phase_name, when);
    } catch (const db::DbError& error) {
      throw EngineError(cli::ExitCode::gate_failed,
                        "gate " + gate.name + " could not run: " + error.what(),
                        "fix the gate's query; state is kept");
    }
  }
}

}  // namespace zdm::engine
