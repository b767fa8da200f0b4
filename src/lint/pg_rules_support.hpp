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

}  // namespace zdm::lint::pg
