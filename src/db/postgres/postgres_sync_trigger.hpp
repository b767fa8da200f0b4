#pragma once
// dual_write sync triggers: a PL/pgSQL function in zdm's state schema and a BEFORE INSERT
// OR UPDATE trigger of the same name on the table. Private to src/db/postgres.

#include <string>
#include <string_view>
#include <vector>

#include "zdm/db/dialect.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::db::pg {

struct SyncNames {
  std::string_view schema;        // the plan's tables
  std::string_view state_schema;  // zdm's own objects
};

std::vector<SqlStatement> create_sync_statements(const SyncNames& names,
                                                 const plan::SyncTrigger& sync,
                                                 const TableSchema& table,
                                                 const std::string& migration);
std::vector<SqlStatement> drop_sync_statements(const SyncNames& names,
                                               const plan::SyncTrigger& sync,
                                               const std::string& migration);

// The trigger function's body: fills targets left unfilled (NULL, or their constant default
// in `table`) on INSERT and UPDATE, recomputes a target on UPDATE when its expression's
// value changed.
std::string sync_function_body(const plan::SyncTrigger& sync, const TableSchema& table);

}  // namespace zdm::db::pg
