#pragma once
// Undoing the phase a run is in, when a gate says so (on_fail: rollback or a confirmed
// confirm): its completed steps in reverse, back to the rollback point written before it.

#include <string>
#include <vector>

#include "zdm/engine/run_context.hpp"

namespace zdm::engine {

// Returns the differences between the touched tables and the phase's snapshot (empty
// when the schema is back as it was). Implemented with zdm rollback (rollback.cpp).
std::vector<std::string> roll_back_phase(RunContext& ctx, plan::PhaseKind phase);

}  // namespace zdm::engine
