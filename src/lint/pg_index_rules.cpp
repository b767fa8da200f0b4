// PG103: index builds and drops that block writes.
#include "pg_rules_support.hpp"

namespace zdm::lint {

using pg::Json;

void check_pg_index_concurrently(LintContext& ctx) {
  pg::for_each_ddl(ctx, [&](const PlannedStatement& statement, size_t index) {
    if (const Json* create = pg::as(statement.pg, "IndexStmt")) {
      const std::string table = pg::relation_name(*create);
      if (pg::bool_field(*create, "concurrent") || !pg::existing_table(ctx, table, index))
        return;
      const std::string name = pg::string_field(*create, "idxname");
      ctx.report("PG103", statement, table,
                 statement.where() + " builds " +
                     (pg::bool_field(*create, "unique") ? "unique index " : "index ") +
                     (name.empty() ? "" : name + " ") + "on " + table +
                     " without CONCURRENTLY: writes to " + table + " wait for the whole build");
      return;
    }
    const Json* drop = pg::as(statement.pg, "DropStmt");
    if (!drop || pg::string_field(*drop, "removeType") != "OBJECT_INDEX" ||
        pg::bool_field(*drop, "concurrent"))
      return;
    ctx.report("PG103", statement, "",
               statement.where() +
                   " drops an index without CONCURRENTLY: it waits for every query on the "
                   "table and blocks reads and writes meanwhile");
  });
}

}  // namespace zdm::lint
