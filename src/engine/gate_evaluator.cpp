#include "zdm/engine/gate_evaluator.hpp"

#include <cstdio>

#include "zdm/engine/stop_signal.hpp"

namespace zdm::engine {

namespace {

// Pause between the attempts of one evaluation: long enough for a blip to pass, short
// enough to stay well inside any sensible `every`.
constexpr auto kRetryInterval = std::chrono::seconds(1);

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

GateResult judge(const plan::Gate& gate, const gates::ProbeReading& reading,
                 std::optional<double> baseline) {
  GateResult result{false, reading.value, reading.summary};
  if (!reading.reachable)
    return result;
  if (!gate.expect) {
    result.ok = reading.passed_own_check;
    return result;
  }
  if (!reading.value) {
    result.summary += " (no number)";
    return result;
  }
  if (gate.expect->relative_to_baseline && !baseline) {
    result.summary += " (no baseline was taken)";
    return result;
  }
  result.ok = reading.passed_own_check && gate.expect->holds(*reading.value, baseline);
  result.summary = number_text(*reading.value) + ", expects " + gate.expect->text +
                   (baseline ? " (baseline " + number_text(*baseline) + ")" : "");
  return result;
}

}  // namespace

GateResult evaluate_gate(const plan::Gate& gate, gates::ProbeEnvironment& env,
                         std::optional<double> baseline, RunLog& log, const std::string& phase,
                         const std::string& when) {
  GateResult result;
  for (int attempt = 0; attempt <= gate.retries; ++attempt) {
    if (attempt > 0)
      sleep_or_stop(kRetryInterval);
    result = judge(gate, gates::read_probe(gate.probe, gate.timeout, env), baseline);
    if (result.ok)
      break;
  }
  log.event(phase, "gate",
            "gate " + gate.name + " (" + when + "): " + result.summary + ": " +
                (result.ok ? "ok" : "FAILED"),
            {{"gate", gate.name},
             {"kind", plan::gate_kind(gate.probe)},
             {"when", when},
             {"value", result.value ? nlohmann::json(*result.value) : nullptr},
             {"baseline", baseline ? nlohmann::json(*baseline) : nullptr},
             {"ok", result.ok}});
  return result;
}

GateFailed gate_failure(const plan::Gate& gate, const GateResult& result, const std::string& when) {
  return GateFailed(gate.name, gate.on_fail,
                    "gate " + gate.name + " failed " + when + ": " + result.summary);
}

}  // namespace zdm::engine
