#pragma once
// One zdm run per migration: a session-level advisory lock held for the whole run on a
// connection of its own (released when the run ends, also when it is killed).

#include <memory>
#include <string>

#include "zdm/db/connection.hpp"
#include "zdm/db/dialect.hpp"

namespace zdm::engine {

class StateStore;

class MigrationLock {
 public:
  // Throws EngineError(locked, exit 5) naming the holder when another run has it.
  MigrationLock(std::unique_ptr<db::Connection> session, const db::Dialect& dialect,
                const std::string& migration, db::Connection& observer, StateStore* state);
  ~MigrationLock();
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  std::unique_ptr<db::Connection> session_;
  const db::Dialect& dialect_;
  std::string key_;
};

}  // namespace zdm::engine
