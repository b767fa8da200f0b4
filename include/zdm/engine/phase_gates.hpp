#pragma once
// Gates that run before and after a phase. This version evaluates sql gates (a scalar
// query against an absolute expectation); other kinds and `during` watchers are logged as
// not evaluated (the gates work builds them).

#include "zdm/engine/run_context.hpp"

namespace zdm::engine {

enum class GateTiming { before, after };

// Throws EngineError(gate_failed, exit 3) when a gate fails after its retries.
void run_gates(RunContext& ctx, plan::PhaseKind phase, GateTiming timing);

}  // namespace zdm::engine
