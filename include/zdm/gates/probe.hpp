#pragma once
// One evaluation of one gate's probe: run the query, request or command once and say what
// it read. Retries, intervals, baselines, `expect` and on_fail are the caller's.
//
// A gate passes when passed_own_check is true and, if the gate has `expect`, *value meets
// it (passed_own_check implies a value for every kind that takes `expect`).

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "zdm/db/connection.hpp"
#include "zdm/db/dialect.hpp"
#include "zdm/db/dsn.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::gates {

struct ProbeEnvironment {
  db::Connection* database =
      nullptr;  // the target (sql gates; replica_lag on a PostgreSQL primary)
  const db::Dialect* dialect = nullptr;
  std::vector<db::Dsn> replica_dsns;  // from --replica-dsn (may be empty)
  // {{phase_started_at}} etc., UTC text; bound with engine::bind_placeholders.
  std::map<std::string, std::string> sql_placeholders;
  const std::atomic<bool>* stop = nullptr;  // set on SIGINT/SIGTERM: give up early
};

struct ProbeReading {
  // The number read: the sql or prometheus value, the replica lag in seconds, for http the
  // number at json_pointer (without one: the status code), for command the exit status.
  std::optional<double> value;
  // The probe got an answer: false for a timeout, a refused connection, an empty
  // Prometheus result, NULL or a non-number where a number was needed.
  bool reachable = false;
  // Kinds without `expect`: http status in expect_status (and body_contains found),
  // command exit 0, replica lag <= max. Kinds with `expect` (sql, prometheus, http with
  // json_pointer): true when a number was read; the caller then applies `expect`.
  bool passed_own_check = false;
  // One line for the event log: "HTTP 200 in 35 ms", "0.0131 in 12 ms",
  // "exit 1: <first line of output>", "max lag 0.4 s over 1 replica". Never a header
  // value, never a DSN password, never a URL (a token may sit in its query string).
  std::string summary;
};

// Evaluates `probe` once within `timeout` (the gate's; for http and command the request's
// or command's own timeout applies too, the shorter wins). Never throws for a probe that
// fails or cannot be reached: that is a reading. Throws std::invalid_argument when `env`
// lacks what the kind needs (sql without a database or dialect).
ProbeReading read_probe(const plan::GateProbe& probe, std::chrono::milliseconds timeout,
                        ProbeEnvironment& env);

}  // namespace zdm::gates
