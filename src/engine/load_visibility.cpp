#include "zdm/engine/load_visibility.hpp"

namespace zdm::engine {

std::optional<std::string> load_visibility_problem(const db::Dialect& dialect,
                                                   db::Connection& connection,
                                                   const plan::BackfillTable& backfill) {
  if (backfill.throttle.max_load <= 0 && backfill.throttle.critical_load <= 0)
    return std::nullopt;
  const auto blind_spot = dialect.load_blind_spot(connection);
  if (!blind_spot)
    return std::nullopt;
  return "backfill of " + backfill.table + ": max_load / critical_load: " + *blind_spot;
}

}  // namespace zdm::engine
