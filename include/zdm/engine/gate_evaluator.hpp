#pragma once
// One evaluation of a gate: up to 1 + `retries` attempts, each bounded by the gate's
// timeout, the value checked against `expect` (and the phase's baseline when the
// expectation is relative to one), recorded in the event log with the value seen.

#include <optional>
#include <string>

#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/run_context.hpp"
#include "zdm/gates/probe.hpp"

namespace zdm::engine {

struct GateResult {
  bool ok = false;
  std::optional<double> value;
  std::string summary;  // what was seen, for the log and the error message
};

// `when`: "before expand", "during backfill", ... for the log line.
GateResult evaluate_gate(const plan::Gate& gate, gates::ProbeEnvironment& env,
                         std::optional<double> baseline, RunLog& log, const std::string& phase,
                         const std::string& when);

// The exception a failed gate raises, naming what it saw and what it expected.
GateFailed gate_failure(const plan::Gate& gate, const GateResult& result, const std::string& when);

}  // namespace zdm::engine
