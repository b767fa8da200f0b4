#pragma once
// `during` gates: a thread that evaluates each gate watching the phase every `every`, on
// its own database connection, from the moment the phase starts until it ends. The first
// failure raises the gate alarm (stop_signal.hpp), which stops the phase at its next safe
// point (the next chunk, statement, or tick of a hold) with that gate's on_fail.

#include <atomic>
#include <thread>

#include "zdm/engine/phase_gates.hpp"

namespace zdm::engine {

class GateWatcher {
 public:
  GateWatcher(RunContext& ctx, plan::PhaseKind phase, std::string phase_started_at,
              Baselines baselines);
  ~GateWatcher();

  GateWatcher(const GateWatcher&) = delete;
  GateWatcher& operator=(const GateWatcher&) = delete;

 private:
  void watch();

  RunContext& ctx_;
  plan::PhaseKind phase_;
  std::string phase_started_at_;
  Baselines baselines_;
  std::vector<const plan::Gate*> gates_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace zdm::engine
