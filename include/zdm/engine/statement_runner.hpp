#pragma once
// Runs the statements of a step: each under the plan's lock timeout (set on the session),
// retried with backoff while it cannot get its lock, with a log line per retry that names
// the sessions holding the table.

#include <functional>
#include <string>
#include <vector>

#include "zdm/db/dialect.hpp"
#include "zdm/engine/run_context.hpp"

namespace zdm::engine {

void run_statement(RunContext& ctx, const std::string& phase, const db::SqlStatement& statement,
                   const std::string& table);

void run_statements(RunContext& ctx, const std::string& phase,
                    const std::vector<db::SqlStatement>& statements, const std::string& table);

// Runs the statements, then `record` (which writes to the state tables through ctx.db).
// Where the server has transactional DDL (PostgreSQL) and every statement may run in a
// transaction, both commit together, retried as a unit: a kill can never leave a step done
// but unrecorded, which matters for raw SQL that cannot tell whether it already ran.
void run_statements_and_record(RunContext& ctx, const std::string& phase,
                               const std::vector<db::SqlStatement>& statements,
                               const std::string& table, const std::function<void()>& record);

}  // namespace zdm::engine
