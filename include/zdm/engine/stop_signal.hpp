#pragma once
// SIGINT/SIGTERM ask a run to stop at its next safe point (between statements, chunks,
// check rounds); the run then saves its state and exits 130.

#include <atomic>
#include <chrono>

namespace zdm::engine {

// Installs handlers for SIGINT and SIGTERM that set the stop flag.
void install_stop_handlers();
bool stop_requested();
const std::atomic<bool>* stop_flag();
// Throws EngineError(interrupted) when a stop was asked for.
void throw_if_stopped();
// Sleeps for `duration`, waking early (and throwing) when a stop is asked for.
void sleep_or_stop(std::chrono::milliseconds duration);

}  // namespace zdm::engine
