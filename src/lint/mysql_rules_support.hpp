#pragma once
// What the MySQL rules share: walking DDL statements read as ALTER TABLE. Private to lint.

#include "mysql_alter.hpp"
#include "rules.hpp"

namespace zdm::lint::mysql {

// Calls visit(statement, alter, index) for each ALTER TABLE of expand and contract steps
// (their down too) on a table the plan did not create.
template <typename Visit>
void for_each_alter(LintContext& ctx, Visit visit) {
  const auto& statements = ctx.statements();
  for (size_t i = 0; i < statements.size(); ++i) {
    const auto& statement = statements[i];
    if (!statement.is_ddl_step() || statement.my.tokens.empty())
      continue;
    const auto alter = alter_table(statement.my);
    if (alter && !ctx.created_by_plan(alter->table, i + 1))
      visit(statement, *alter, i);
  }
}

// ALGORITHM=INPLACE/INSTANT/NOCOPY: the server refuses a change it cannot make that way
// instead of copying the table.
inline bool refuses_copy(const AlterTable& alter) {
  return alter.algorithm && (*alter.algorithm == "INPLACE" || *alter.algorithm == "INSTANT" ||
                             *alter.algorithm == "NOCOPY");
}

}  // namespace zdm::lint::mysql
