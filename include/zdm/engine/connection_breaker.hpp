#pragma once
// Getting zdm's own connections back after the server dropped them, without hammering
// it: settings.reconnect.attempts reconnections with doubling waits; then the circuit
// breaker opens, waits open_for, and probes once. The caller then resumes the phase from
// its recorded state (what a re-run of zdm apply would do).

#include <functional>
#include <string>

#include "zdm/engine/run_context.hpp"

namespace zdm::engine {

// `reconnect` replaces every connection of the run (it throws db::DbError when the server
// is still unreachable, EngineError to give up at once). Throws runtime_failure (exit 1,
// state kept) when the probe after the open breaker fails too.
void reconnect_through_breaker(const plan::Reconnect& policy, RunLog& log, const std::string& phase,
                               const std::string& cause, const std::function<void()>& reconnect);

}  // namespace zdm::engine
