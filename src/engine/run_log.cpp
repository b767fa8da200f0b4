#include "zdm/engine/run_context.hpp"

namespace zdm::engine {

void RunLog::event(const std::string& phase, const std::string& kind, const std::string& message,
                   const nlohmann::json& fields) {
  reporter_.report({phase, kind, message, fields});
  record(phase, kind, message, fields);
}

void RunLog::record(const std::string& phase, const std::string& kind, const std::string& message,
                    const nlohmann::json& fields) {
  if (state_ == nullptr)
    return;
  try {
    state_->append_event(migration_, {now_ms(), phase, kind, message}, fields.dump());
  } catch (const db::DbError& error) {
    // The event log is a record, not a step: losing one line must not stop a migration.
    reporter_.report({phase, "warning", std::string("could not record an event: ") + error.what(),
                      nlohmann::json::object()});
  }
}

}  // namespace zdm::engine
