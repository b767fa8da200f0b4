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

  // After the server dropped the lock's session: takes the lock again on a new one.
  // Throws EngineError(locked) when another run took it in the meantime.
  void reacquire(std::unique_ptr<db::Connection> session, db::Connection& observer);
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  std::unique_ptr<db::Connection> session_;
  const db::Dialect& dialect_;
  std::string key_;
  std::string migration_;
  StateStore* state_;
};

}  // namespace zdm::engine
