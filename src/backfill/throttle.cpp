#include "zdm/backfill/throttle.hpp"

#include <cstdio>

#include "zdm/plan/duration.hpp"

namespace zdm::backfill {

namespace {

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1fs", seconds);
  return text;
}

std::optional<ThrottleDecision> stop_reason(const plan::ThrottleSettings& throttle,
                                            const LoadReadings& readings) {
  if (throttle.critical_load > 0 && readings.active_sessions &&
      *readings.active_sessions >= throttle.critical_load) {
    return ThrottleDecision{
        ThrottleAction::stop,
        "load " + std::to_string(*readings.active_sessions) + " active sessions >= critical_load " +
            std::to_string(throttle.critical_load),
        "the checkpoint is kept: run zdm apply again when the load has gone down"};
  }
  if (throttle.max_xid_age > 0 && readings.transaction_id_age &&
      *readings.transaction_id_age >= throttle.max_xid_age) {
    return ThrottleDecision{
        ThrottleAction::stop,
        "transaction-id age " + std::to_string(*readings.transaction_id_age) + " >= max_xid_age " +
            std::to_string(throttle.max_xid_age) + " (wraparound ahead)",
        "let VACUUM (FREEZE) finish on the table and the database, then run zdm apply again"};
  }
  return std::nullopt;
}

std::optional<ThrottleDecision> pause_reason(const plan::ThrottleSettings& throttle,
                                             const LoadReadings& readings) {
  if (readings.pause_file_present)
    return ThrottleDecision{ThrottleAction::pause, "pause file " + throttle.pause_file, ""};
  if (throttle.max_load > 0 && readings.active_sessions &&
      *readings.active_sessions > throttle.max_load) {
    return ThrottleDecision{ThrottleAction::pause,
                            "load " + std::to_string(*readings.active_sessions) +
                                " active sessions > max_load " + std::to_string(throttle.max_load),
                            ""};
  }
  if (throttle.max_replica_lag && readings.replica_lag_read) {
    if (!readings.replica_lag_seconds)
      return ThrottleDecision{ThrottleAction::pause,
                              "replica lag unknown: " + readings.replica_problem, ""};
    if (*readings.replica_lag_seconds * 1000.0 >
        static_cast<double>(throttle.max_replica_lag->count())) {
      return ThrottleDecision{ThrottleAction::pause,
                              "replica lag " + seconds_text(*readings.replica_lag_seconds) +
                                  " > max_replica_lag " +
                                  plan::format_duration(*throttle.max_replica_lag),
                              ""};
    }
  }
  return std::nullopt;
}

}  // namespace

ThrottleDecision decide(const plan::ThrottleSettings& throttle, const LoadReadings& readings) {
  if (auto stop = stop_reason(throttle, readings))
    return *stop;
  if (auto pause = pause_reason(throttle, readings))
    return *pause;
  return {};
}

}  // namespace zdm::backfill
