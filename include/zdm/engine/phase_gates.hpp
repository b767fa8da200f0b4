#pragma once
// The plan's gates around a phase: `before` gates, baselines for expectations relative to
// one, `after` gates. (`during` gates run in gate_watcher.hpp.)

#include <map>
#include <string>

#include "zdm/engine/run_context.hpp"
#include "zdm/gates/probe.hpp"

namespace zdm::engine {

enum class GateTiming { before, after };

using Baselines = std::map<std::string, double>;  // gate name -> value at phase start

// What a probe needs, read from the run (connection, replicas, placeholders).
gates::ProbeEnvironment probe_environment(RunContext& ctx, db::Connection& database,
                                          const std::string& phase_started_at);

// Reads, once, every gate of `phase` whose expectation is relative to a baseline. Throws
// GateFailed (abort) when one cannot be read: a gate without its baseline cannot judge.
Baselines take_baselines(RunContext& ctx, plan::PhaseKind phase,
                         const std::string& phase_started_at);

// Throws GateFailed (exit 3, with the gate's on_fail) when a gate fails after its retries.
// phase_started_at: what {{phase_started_at}} binds to (UTC text, see user_sql.hpp).
void run_gates(RunContext& ctx, plan::PhaseKind phase, GateTiming timing,
               const std::string& phase_started_at, const Baselines& baselines);

// Does `gate` run at `timing` (or during) `phase`?
bool gate_applies(const plan::Gate& gate, plan::PhaseKind phase, GateTiming timing);
bool gate_watches(const plan::Gate& gate, plan::PhaseKind phase);

}  // namespace zdm::engine
