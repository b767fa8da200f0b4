#pragma once
// What every phase of a run works with: the plan, the connections, the dialect, the state
// store and the log.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "zdm/db/connection.hpp"
#include "zdm/db/dialect.hpp"
#include "zdm/db/dsn.hpp"
#include "zdm/engine/reporter.hpp"
#include "zdm/engine/state_store.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::engine {

struct ApplyOptions {
  std::optional<plan::PhaseKind> until;  // stop after this phase
  bool skip_soak = false;
  std::vector<db::Dsn> replica_dsns;  // --replica-dsn: where replica_lag gates look
};

// Events go to the operator (Reporter) and into the state's event log.
class RunLog {
 public:
  RunLog(Reporter& reporter, StateStore* state, std::string migration)
      : reporter_(reporter), state_(state), migration_(std::move(migration)) {}

  void event(const std::string& phase, const std::string& kind, const std::string& message,
             const nlohmann::json& fields = nlohmann::json::object());
  // Into the state's event log only: for what the operator already sees another way
  // (backfill progress goes to Reporter::progress).
  void record(const std::string& phase, const std::string& kind, const std::string& message,
              const nlohmann::json& fields = nlohmann::json::object());
  // Stop writing to the state tables (dry runs, or before they exist).
  void detach_state() { state_ = nullptr; }
  void attach_state(StateStore& state) { state_ = &state; }
  Reporter& reporter() const { return reporter_; }
  const std::string& migration() const { return migration_; }

 private:
  Reporter& reporter_;
  StateStore* state_;
  std::string migration_;
};

struct RunContext {
  const plan::Plan& plan;
  db::Connection& db;        // DDL, backfill and state writes
  db::Connection& observer;  // reads the catalog while `db` waits (lock holders)
  const db::Dialect& dialect;
  StateStore& state;
  RunLog& log;
  ApplyOptions options;
  long long migration_started_at_ms = 0;
  const db::Dsn* dsn = nullptr;  // for connections of their own (gate watchers)
};

}  // namespace zdm::engine
