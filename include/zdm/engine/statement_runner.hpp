#pragma once
// Runs the statements of a step: each under the plan's lock timeout (set on the session),
// retried with backoff while it cannot get its lock, with a log line per retry that names
// the sessions holding the table.

#include <string>
#include <vector>

#include "zdm/db/dialect.hpp"
#include "zdm/engine/run_context.hpp"

namespace zdm::engine {

void run_statement(RunContext& ctx, const std::string& phase, const db::SqlStatement& statement,
                   const std::string& table);

void run_statements(RunContext& ctx, const std::string& phase,
                    const std::vector<db::SqlStatement>& statements, const std::string& table);

}  // namespace zdm::engine
