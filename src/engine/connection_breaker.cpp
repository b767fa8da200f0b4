#include "zdm/engine/connection_breaker.hpp"

#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/stop_signal.hpp"

namespace zdm::engine {

namespace {

// One try; the error text when it failed.
std::optional<std::string> try_reconnect(const std::function<void()>& reconnect) {
  try {
    reconnect();
    return std::nullopt;
  } catch (const db::DbError& error) {
    return std::string(error.what());
  }
}

}  // namespace

void reconnect_through_breaker(const plan::Reconnect& policy, RunLog& log, const std::string& phase,
                               const std::string& cause, const std::function<void()>& reconnect) {
  log.event(phase, "connection_lost", "lost the database connection (" + cause + ")");
  auto wait = policy.backoff;
  std::string last_error = cause;
  for (int attempt = 1; attempt <= policy.attempts; ++attempt) {
    sleep_or_stop(wait);
    const auto failed = try_reconnect(reconnect);
    if (!failed) {
      log.event(phase, "reconnected", "reconnected (attempt " + std::to_string(attempt) + ")");
      return;
    }
    last_error = *failed;
    log.event(phase, "reconnect_failed",
              "reconnection " + std::to_string(attempt) + "/" + std::to_string(policy.attempts) +
                  " failed: " + last_error,
              {{"attempt", attempt}});
    wait *= 2;
  }
  log.event(phase, "breaker_open",
            "circuit breaker open: no more attempts for " +
                std::to_string(policy.open_for.count() / 1000) + " s, then one probe",
            {{"open_for_ms", policy.open_for.count()}});
  sleep_or_stop(policy.open_for);
  if (const auto failed = try_reconnect(reconnect)) {
    throw runtime_failure("the database is still unreachable after the breaker's wait: " + *failed,
                          "state is kept: run zdm apply again once the server is back");
  }
  log.event(phase, "breaker_closed", "the probe reached the server: the breaker closes");
}

}  // namespace zdm::engine
