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
                                                    const plan::SqlProbe& probe,
                                                    const std::string& phase_started_at) {
  const BoundSql query =
      bind_placeholders(ctx.dialect, probe.sql,
                        {{"phase_started_at", phase_started_at},
                         {"migration_started_at", sql_timestamp(ctx.migration_started_at_ms)}});
  const auto value = query_number(ctx.db, query, "gate " + gate.name);
  return {value, value && gate.expect && gate.expect->holds(*value)};
}

void run_sql_gate(RunContext& ctx, const plan::Gate& gate, const plan::SqlProbe& probe,
                  const std::string& phase, const std::string& when,
                  const std::string& phase_started_at) {
  std::optional<double> value;
  bool ok = false;
  for (int attempt = 0; attempt <= gate.retries && !ok; ++attempt) {
    if (attempt > 0)
      sleep_or_stop(kRetryInterval);
    std::tie(value, ok) = evaluate_sql(ctx, gate, probe, phase_started_at);
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

std::string unsupported_reason(const plan::Gate& gate) {
  const std::string kind = plan::gate_kind(gate.probe);
  if (!std::holds_alternative<plan::SqlProbe>(gate.probe))
    return kind + " gates are not evaluated by this version of zdm (only sql gates are)";
  if (!gate.during.empty())
    return "`during` watchers are not run by this version of zdm (only before/after)";
  if (gate.expect && gate.expect->relative_to_baseline)
    return "expectations relative to a baseline are not evaluated by this version of zdm";
  if (gate.on_fail == plan::GateFailAction::rollback)
    return "on_fail: rollback is not carried out by this version of zdm";
  return "";
}

}  // namespace

std::vector<UnsupportedGate> unsupported_gates(const plan::Plan& plan) {
  std::vector<UnsupportedGate> out;
  for (const auto& gate : plan.gates) {
    if (const std::string reason = unsupported_reason(gate); !reason.empty())
      out.push_back({gate.at, "gate " + gate.name + ": " + reason});
  }
  return out;
}

void refuse_unsupported_gates(const plan::Plan& plan) {
  const auto unsupported = unsupported_gates(plan);
  if (unsupported.empty())
    return;
  std::string text = "this plan asks for gates zdm cannot evaluate yet:";
  for (const auto& gate : unsupported) {
    text += "\n  " + plan.source_file + ":" + std::to_string(gate.at.line) + ":" +
            std::to_string(gate.at.column) + ": " + gate.message;
  }
  throw invalid_input(text,
                      "nothing was changed: zdm does not run a migration without the protection "
                      "its plan asks for; remove those gates or replace them with sql gates");
}

void run_gates(RunContext& ctx, plan::PhaseKind phase, GateTiming timing,
               const std::string& phase_started_at) {
  const std::string phase_name = plan::to_string(phase);
  const std::string when = timing == GateTiming::before ? "before" : "after";
  for (const auto& gate : ctx.plan.gates) {
    if (!applies(gate, phase, timing))
      continue;
    const auto* sql = std::get_if<plan::SqlProbe>(&gate.probe);
    if (sql == nullptr || !gate.expect || !unsupported_reason(gate).empty())
      throw invalid_input("gate " + gate.name + ": " + unsupported_reason(gate));
    try {
      run_sql_gate(ctx, gate, *sql, phase_name, when, phase_started_at);
    } catch (const db::DbError& error) {
      throw EngineError(cli::ExitCode::gate_failed,
                        "gate " + gate.name + " could not run: " + error.what(),
                        "fix the gate's query; state is kept");
    }
  }
}

}  // namespace zdm::engine
