#pragma once
// Whether the backfill may run its next chunk, from what the server and the host say now.
// Stopping wins over pausing: critical_load and transaction-id wraparound stop the phase
// (exit 3, checkpoint kept); a pause file, max_load and replica lag pause it until they
// clear. A replica whose lag cannot be read pauses too: a backfill must not race ahead of
// a replica nobody can see.

#include <optional>
#include <string>

#include "zdm/plan/plan.hpp"

namespace zdm::backfill {

// What was read before a chunk; nullopt: not read (the throttle is not set) or unknown.
struct LoadReadings {
  bool pause_file_present = false;
  std::optional<long long> active_sessions;
  std::optional<long long> transaction_id_age;
  bool replica_lag_read = false;  // max_replica_lag is set and a reading was attempted
  std::optional<double> replica_lag_seconds;
  std::string replica_problem;  // why the lag is unknown
};

enum class ThrottleAction { proceed, pause, stop };

struct ThrottleDecision {
  ThrottleAction action = ThrottleAction::proceed;
  std::string reason;  // "load 12 active sessions > max_load 8"; empty for proceed
  std::string hint;    // for stop: what the operator can do
};

ThrottleDecision decide(const plan::ThrottleSettings& throttle, const LoadReadings& readings);

}  // namespace zdm::backfill
