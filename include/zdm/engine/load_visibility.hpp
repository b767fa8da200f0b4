#pragma once
// max_load / critical_load count the server's active sessions; a login that cannot see
// other logins' sessions (PostgreSQL without pg_read_all_stats) would count none and never
// throttle. apply refuses such a plan before expand; the dry run reports it.

#include <optional>
#include <string>

#include "zdm/db/dialect.hpp"

namespace zdm::engine {

inline constexpr const char* kLoadVisibilityHint =
    "GRANT pg_monitor (or pg_read_all_stats) TO the role zdm connects as, or remove max_load "
    "and critical_load from the plan";

// What is wrong, naming the table, when `backfill` has a load limit this login cannot see.
std::optional<std::string> load_visibility_problem(const db::Dialect& dialect,
                                                   db::Connection& connection,
                                                   const plan::BackfillTable& backfill);

}  // namespace zdm::engine
