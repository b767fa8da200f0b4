#include "zdm/engine/migration_lock.hpp"

#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/state_store.hpp"

namespace zdm::engine {

namespace {

std::string holder_description(const db::Dialect& dialect, db::Connection& observer,
                               const std::string& key, const std::string& migration,
                               StateStore* state) {
  std::string text;
  if (auto session = dialect.advisory_lock_holder(observer, key))
    text = "database session " + *session;
  if (state != nullptr && state->tables_exist()) {
    if (auto record = state->migration(migration); record && !record->run_by.empty())
      text += (text.empty() ? "" : ", ") + std::string("started by ") + record->run_by;
  }
  return text.empty() ? "another session" : text;
}

}  // namespace

MigrationLock::MigrationLock(std::unique_ptr<db::Connection> session, const db::Dialect& dialect,
                             const std::string& migration, db::Connection& observer,
                             StateStore* state)
    : session_(std::move(session)),
      dialect_(dialect),
      key_("zdm:" + migration),
      migration_(migration),
      state_(state) {
  reacquire(std::move(session_), observer);
}

void MigrationLock::reacquire(std::unique_ptr<db::Connection> session, db::Connection& observer) {
  session_ = std::move(session);
  if (dialect_.try_advisory_lock(*session_, key_))
    return;
  throw EngineError(
      cli::ExitCode::locked,
      "migration " + migration_ + " is locked by another zdm run (" +
          holder_description(dialect_, observer, key_, migration_, state_) + ")",
      "wait for it to finish, or stop it; zdm status " + migration_ + " shows what it is doing");
}

MigrationLock::~MigrationLock() {
  try {
    dialect_.release_advisory_lock(*session_, key_);
  } catch (const std::exception&) {
    // Closing the session below releases it anyway.
  }
}

}  // namespace zdm::engine
