#include "zdm/engine/gate_watcher.hpp"

#include <chrono>

#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/gate_evaluator.hpp"
#include "zdm/engine/stop_signal.hpp"

namespace zdm::engine {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kTick = std::chrono::milliseconds(50);

}  // namespace

GateWatcher::GateWatcher(RunContext& ctx, plan::PhaseKind phase, std::string phase_started_at,
                         Baselines baselines)
    : ctx_(ctx),
      phase_(phase),
      phase_started_at_(std::move(phase_started_at)),
      baselines_(std::move(baselines)) {
  for (const auto& gate : ctx.plan.gates) {
    if (gate_watches(gate, phase))
      gates_.push_back(&gate);
  }
  if (!gates_.empty())
    thread_ = std::thread([this] { watch(); });
}

GateWatcher::~GateWatcher() {
  done_.store(true);
  if (thread_.joinable())
    thread_.join();
}

// Runs on the watcher's thread: its own connection, state store and log, so that nothing
// is shared with the phase's connection.
void GateWatcher::watch() {
  const std::string name = plan::to_string(phase_);
  const std::string when = "during " + name;
  try {
    auto connection = db::connect(*ctx_.dsn);
    StateStore state(*connection, ctx_.dialect);
    RunLog log(ctx_.log.reporter(), &state, ctx_.log.migration());
    auto env = probe_environment(ctx_, *connection, phase_started_at_);
    std::vector<Clock::time_point> due(gates_.size(), Clock::now());
    while (!done_.load() && !stop_requested()) {
      for (size_t i = 0; i < gates_.size() && !done_.load(); ++i) {
        if (Clock::now() < due[i])
          continue;
        const auto& gate = *gates_[i];
        const auto baseline = baselines_.find(gate.name);
        const GateResult result = evaluate_gate(
            gate, env,
            baseline == baselines_.end() ? std::nullopt : std::optional(baseline->second), log,
            name, when);
        if (!result.ok) {
          raise_gate_alarm(gate_failure(gate, result, when));
          return;
        }
        due[i] = Clock::now() + gate.every;
      }
      std::this_thread::sleep_for(kTick);
    }
  } catch (const GateFailed& failure) {
    raise_gate_alarm(failure);
  } catch (const EngineError& error) {
    if (error.code() != cli::ExitCode::interrupted)  // Ctrl-C: the phase stops by itself
      raise_gate_alarm(GateFailed(gates_.front()->name, plan::GateFailAction::abort,
                                  "the gate watcher " + when + " stopped: " + error.what()));
  } catch (const std::exception& error) {
    // A watcher that cannot watch must not let the phase run unwatched.
    raise_gate_alarm(GateFailed(gates_.front()->name, plan::GateFailAction::abort,
                                "the gate watcher " + when + " stopped: " + error.what()));
  }
}

}  // namespace zdm::engine
