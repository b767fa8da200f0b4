#pragma once
// Gates that run before and after a phase. This version evaluates sql gates (a scalar
// query against an absolute expectation). A plan with any other gate (another kind, a
// baseline, a `during` watcher, on_fail: rollback) is refused before anything runs:
// zdm never runs a migration without the protection its plan asks for.

#include <string>
#include <vector>

#include "zdm/engine/run_context.hpp"

namespace zdm::engine {

enum class GateTiming { before, after };

struct UnsupportedGate {
  plan::SourceLocation at;
  std::string message;
};

// The plan's gates this version of zdm cannot evaluate, each with the reason.
std::vector<UnsupportedGate> unsupported_gates(const plan::Plan& plan);

// Throws EngineError(invalid_input, exit 2) naming every gate of unsupported_gates.
void refuse_unsupported_gates(const plan::Plan& plan);

// Throws EngineError(gate_failed, exit 3) when a gate fails after its retries.
// phase_started_at: what {{phase_started_at}} binds to (UTC text, see user_sql.hpp).
void run_gates(RunContext& ctx, plan::PhaseKind phase, GateTiming timing,
               const std::string& phase_started_at);

}  // namespace zdm::engine
