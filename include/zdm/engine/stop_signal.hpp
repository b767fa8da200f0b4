#pragma once
// SIGINT/SIGTERM ask a run to stop at its next safe point (between statements, chunks,
// check rounds); the run then saves its state and exits 130. A `during` gate that fails
// asks the same way, and the run stops with that gate's failure (exit 3).

#include <atomic>
#include <chrono>
#include <optional>
#include <string>

#include "zdm/engine/engine_error.hpp"

namespace zdm::engine {

// Installs handlers for SIGINT and SIGTERM that set the stop flag.
void install_stop_handlers();
bool stop_requested();
const std::atomic<bool>* stop_flag();
// Raised by a gate watcher (another thread); the first alarm is kept until cleared.
void raise_gate_alarm(const GateFailed& failure);
void clear_gate_alarm();
std::optional<GateFailed> gate_alarm();

// Throws EngineError(interrupted) when a stop was asked for, GateFailed on a gate alarm.
void throw_if_stopped();
// Sleeps for `duration`, waking early (and throwing) when a stop is asked for.
void sleep_or_stop(std::chrono::milliseconds duration);

}  // namespace zdm::engine
