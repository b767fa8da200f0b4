#pragma once
// Where a step stands in the catalog: done already, or left half-done by a failed attempt.
// Private to src/db/postgres.

#include <string_view>
#include <vector>

#include "zdm/db/connection.hpp"
#include "zdm/db/dialect.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::db::pg {

// Whether the catalog shows `action` done; false for raw sql, which cannot be known.
bool step_is_applied(Connection& connection, std::string_view schema,
                     const plan::DdlAction& action);

// What a failed earlier attempt left that would stop the step from running again: an
// INVALID index from a failed CREATE INDEX CONCURRENTLY, or a constraint added NOT VALID
// whose VALIDATE failed (dropped, so that the step adds and validates it afresh).
std::vector<SqlStatement> failed_attempt_cleanup(Connection& connection, std::string_view schema,
                                                 const plan::DdlAction& action);

}  // namespace zdm::db::pg
