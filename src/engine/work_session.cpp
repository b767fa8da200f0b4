#include "zdm/engine/work_session.hpp"

namespace zdm::engine {

std::unique_ptr<db::Connection> work_session(const plan::Settings& settings,
                                             const db::Dialect& dialect,
                                             std::unique_ptr<db::Connection> session) {
  for (const auto& statement : dialect.session_settings(settings))
    session->execute(statement);
  return session;
}

}  // namespace zdm::engine
