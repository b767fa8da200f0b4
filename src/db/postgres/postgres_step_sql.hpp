#pragma once
// The SQL of each expand/contract step kind and of its inverse. No database access.
// Private to src/db/postgres.

#include <optional>
#include <string_view>
#include <vector>

#include "zdm/db/dialect.hpp"
#include "zdm/db/table_schema.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::db::pg {

// "ACCESS EXCLUSIVE on public.users (brief)": what --dry-run shows as a statement's lock.
std::string lock_on(std::string_view mode, std::string_view schema, std::string_view table,
                    std::string_view note = {});

// The statements that perform `action` on tables of `schema`.
std::vector<SqlStatement> forward_statements(std::string_view schema,
                                             const plan::DdlAction& action);

// The statements that undo `action`, given the table before it ran; nullopt when it cannot
// be undone this way (raw sql without down; drop_column; drop_index of an unknown index).
std::optional<std::vector<SqlStatement>> inverse_statements(std::string_view schema,
                                                            const plan::DdlAction& action,
                                                            const TableSchema& before);

// DROP INDEX CONCURRENTLY IF EXISTS "schema"."index" (outside a transaction block).
SqlStatement drop_index_if_exists(std::string_view schema, std::string_view table,
                                  std::string_view index);

// ALTER TABLE "schema"."table" DROP CONSTRAINT IF EXISTS "name".
SqlStatement drop_constraint_if_exists(std::string_view schema, std::string_view table,
                                       std::string_view name, std::string_view lock);

}  // namespace zdm::db::pg
