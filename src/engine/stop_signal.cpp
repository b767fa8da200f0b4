#include "zdm/engine/stop_signal.hpp"

#include <csignal>
#include <mutex>
#include <thread>

#include "zdm/engine/engine_error.hpp"

namespace zdm::engine {

namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_alarm_raised{false};
std::mutex g_alarm_mutex;
std::optional<GateFailed> g_alarm;

extern "C" void on_stop_signal(int) {
  g_stop.store(true);
}

}  // namespace

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool stop_requested() {
  return g_stop.load();
}

const std::atomic<bool>* stop_flag() {
  return &g_stop;
}

void raise_gate_alarm(const GateFailed& failure) {
  std::lock_guard lock(g_alarm_mutex);
  if (!g_alarm)
    g_alarm = failure;
  g_alarm_raised.store(true);
}

void clear_gate_alarm() {
  std::lock_guard lock(g_alarm_mutex);
  g_alarm.reset();
  g_alarm_raised.store(false);
}

std::optional<GateFailed> gate_alarm() {
  if (!g_alarm_raised.load())
    return std::nullopt;
  std::lock_guard lock(g_alarm_mutex);
  return g_alarm;
}

void throw_if_stopped() {
  if (auto alarm = gate_alarm())
    throw *alarm;
  if (stop_requested()) {
    throw EngineError(cli::ExitCode::interrupted, "interrupted: stopped at a safe point",
                      "state is saved: run zdm apply again to continue, or zdm rollback");
  }
}

void sleep_or_stop(std::chrono::milliseconds duration) {
  const auto until = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < until) {
    throw_if_stopped();
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds(50)));
  }
  throw_if_stopped();
}

}  // namespace zdm::engine
