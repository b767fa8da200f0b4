#pragma once
// What the PostgreSQL rules share: walking the DDL statements with their parse trees.
// Private to lint.

#include "pg_tree.hpp"
#include "rules.hpp"

namespace zdm::lint::pg {

// Calls visit(statement, index) for each statement of expand and contract steps (their
// down too) that PostgreSQL's parser read.
template <typename Visit>
void for_each_ddl(LintContext& ctx, Visit visit) {
  const auto& statements = ctx.statements();
  for (size_t i = 0; i < statements.size(); ++i) {
    if (statements[i].is_ddl_step() && !statements[i].pg.is_null())
      visit(statements[i], i);
  }
}

// The table of an ALTER TABLE, when the statement is one; nullptr otherwise.
inline const Json* alter_table(const PlannedStatement& statement) {
  const Json* alter = as(statement.pg, "AlterTableStmt");
  if (!alter || string_field(*alter, "objtype") != "OBJECT_TABLE")
    return nullptr;
  return alter;
}

// "existing" tables: not created by the plan before this statement (nor by it).
inline bool existing_table(const LintContext& ctx, const std::string& table, size_t index) {
  return !table.empty() && !ctx.created_by_plan(table, index + 1);
}

// Calls visit(statement, table, command, index) for each ALTER TABLE command on a table that
// existed before the plan.
template <typename Visit>
void for_each_alter_command(LintContext& ctx, Visit visit) {
  for_each_ddl(ctx, [&](const PlannedStatement& statement, size_t index) {
    const Json* alter = alter_table(statement);
    if (!alter)
      return;
    const std::string table = relation_name(*alter);
    if (!existing_table(ctx, table, index))
      return;
    for (const Json* command : alter_commands(*alter))
      visit(statement, table, *command, index);
  });
}

// The ColumnDef an ALTER TABLE command adds or retypes; nullptr for other commands.
inline const Json* column_definition(const Json& command) {
  const Json* definition = field(command, "def");
  return definition ? as(*definition, "ColumnDef") : nullptr;
}

}  // namespace zdm::lint::pg
