#include "zdm/engine/phase_gates.hpp"

#include <algorithm>

#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/gate_evaluator.hpp"
#include "zdm/engine/stop_signal.hpp"
#include "zdm/engine/user_sql.hpp"

namespace zdm::engine {

namespace {

bool names(const std::vector<plan::PhaseKind>& phases, plan::PhaseKind phase) {
  return std::find(phases.begin(), phases.end(), phase) != phases.end();
}

bool needs_baseline(const plan::Gate& gate, plan::PhaseKind phase) {
  return gate.expect && gate.expect->relative_to_baseline &&
         (names(gate.before, phase) || names(gate.after, phase) || names(gate.during, phase));
}

}  // namespace

bool gate_applies(const plan::Gate& gate, plan::PhaseKind phase, GateTiming timing) {
  return names(timing == GateTiming::before ? gate.before : gate.after, phase);
}

bool gate_watches(const plan::Gate& gate, plan::PhaseKind phase) {
  return names(gate.during, phase);
}

gates::ProbeEnvironment probe_environment(RunContext& ctx, db::Connection& database,
                                          const std::string& phase_started_at) {
  gates::ProbeEnvironment env;
  env.database = &database;
  env.dialect = &ctx.dialect;
  env.replica_dsns = ctx.options.replica_dsns;
  env.sql_placeholders = {{"phase_started_at", phase_started_at},
                          {"migration_started_at", sql_timestamp(ctx.migration_started_at_ms)}};
  env.stop = stop_flag();
  return env;
}

Baselines take_baselines(RunContext& ctx, plan::PhaseKind phase,
                         const std::string& phase_started_at) {
  Baselines baselines;
  const std::string name = plan::to_string(phase);
  auto env = probe_environment(ctx, ctx.db, phase_started_at);
  for (const auto& gate : ctx.plan.gates) {
    if (!needs_baseline(gate, phase))
      continue;
    plan::Gate reading = gate;
    reading.expect.reset();  // a baseline is a reading, not a judgement
    const GateResult result = evaluate_gate(reading, env, std::nullopt, ctx.log, name,
                                            "baseline at the start of " + name);
    if (!result.value) {
      throw GateFailed(gate.name, plan::GateFailAction::abort,
                       "gate " + gate.name + ": could not take its baseline at the start of " +
                           name + ": " + result.summary);
    }
    baselines[gate.name] = *result.value;
  }
  return baselines;
}

void run_gates(RunContext& ctx, plan::PhaseKind phase, GateTiming timing,
               const std::string& phase_started_at, const Baselines& baselines) {
  const std::string name = plan::to_string(phase);
  const std::string when = (timing == GateTiming::before ? "before " : "after ") + name;
  auto env = probe_environment(ctx, ctx.db, phase_started_at);
  for (const auto& gate : ctx.plan.gates) {
    if (!gate_applies(gate, phase, timing))
      continue;
    throw_if_stopped();
    const auto baseline = baselines.find(gate.name);
    const GateResult result = evaluate_gate(
        gate, env, baseline == baselines.end() ? std::nullopt : std::optional(baseline->second),
        ctx.log, name, when);
    if (!result.ok)
      throw gate_failure(gate, result, when);
  }
}

}  // namespace zdm::engine
