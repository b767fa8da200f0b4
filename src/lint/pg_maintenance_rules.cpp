// PG107: maintenance commands that rewrite or lock a whole table.
#include "pg_rules_support.hpp"

namespace zdm::lint {

namespace {

using pg::Json;

std::string first_vacuum_table(const Json& vacuum) {
  const Json* relations = pg::field(vacuum, "rels");
  if (!relations || !relations->is_array() || relations->empty())
    return "";
  const Json* relation = pg::as(relations->front(), "VacuumRelation");
  return relation ? pg::relation_name(*relation) : "";
}

void check_alter(LintContext& ctx, const PlannedStatement& statement, const Json& alter) {
  static const std::vector<std::pair<std::string, std::string>> rewrites = {
      {"AT_SetTableSpace", "SET TABLESPACE"},
      {"AT_SetLogged", "SET LOGGED"},
      {"AT_SetUnLogged", "SET UNLOGGED"},
      {"AT_SetAccessMethod", "SET ACCESS METHOD"}};
  const std::string table = pg::relation_name(alter);
  for (const Json* command : pg::alter_commands(alter)) {
    const std::string subtype = pg::string_field(*command, "subtype");
    for (const auto& [kind, words] : rewrites) {
      if (subtype == kind) {
        ctx.report("PG107", statement, table,
                   statement.where() + " runs ALTER TABLE " + table + " " + words +
                       ", which rewrites the whole table under ACCESS EXCLUSIVE");
      }
    }
  }
}

}  // namespace

void check_pg_blocking_maintenance(LintContext& ctx) {
  pg::for_each_ddl(ctx, [&](const PlannedStatement& statement, size_t index) {
    if (const Json* vacuum = pg::as(statement.pg, "VacuumStmt")) {
      const std::string table = first_vacuum_table(*vacuum);
      if (pg::has_option(*vacuum, "options", "full") && pg::existing_table(ctx, table, index))
        ctx.report("PG107", statement, table,
                   statement.where() + " runs VACUUM FULL" + (table.empty() ? "" : " " + table) +
                       ": the table is rewritten under ACCESS EXCLUSIVE, blocking reads and "
                       "writes; use pg_repack for bloat");
    } else if (const Json* cluster = pg::as(statement.pg, "ClusterStmt")) {
      const std::string table = pg::relation_name(*cluster);
      ctx.report("PG107", statement, table,
                 statement.where() + " runs CLUSTER" + (table.empty() ? "" : " " + table) +
                     ": the table is rewritten in index order under ACCESS EXCLUSIVE, blocking "
                     "reads and writes");
    } else if (const Json* reindex = pg::as(statement.pg, "ReindexStmt")) {
      if (pg::has_option(*reindex, "params", "concurrently"))
        return;
      const std::string kind = pg::string_field(*reindex, "kind");
      const std::string table =
          kind == "REINDEX_OBJECT_TABLE" ? pg::relation_name(*reindex) : std::string();
      ctx.report("PG107", statement, table,
                 statement.where() +
                     " runs REINDEX without CONCURRENTLY: writes wait for the "
                     "rebuild" +
                     (ctx.server().at_least(12)
                          ? "; write REINDEX ... CONCURRENTLY"
                          : "; this server has no REINDEX CONCURRENTLY (PostgreSQL 12+): "
                            "build a new index CONCURRENTLY and drop the old one"));
    } else if (const Json* alter = pg::alter_table(statement)) {
      check_alter(ctx, statement, *alter);
    }
  });
}

}  // namespace zdm::lint
