// Phase discipline: what removes the old shape belongs in contract, after read_switch.
#include "rules.hpp"

namespace zdm::lint {

namespace {

std::string qualified(const std::string& table, const std::string& object) {
  return table.empty() ? object : table + "." + object;
}

std::string describe(const RemovalFact& removal) {
  switch (removal.kind) {
    case Removal::drop_table:
      return "drops table " + removal.table;
    case Removal::drop_column:
      return "drops column " + qualified(removal.table, removal.object);
    case Removal::drop_index:
      return removal.object.empty() ? "drops an index on " + removal.table
                                    : "drops index " + removal.object;
    case Removal::drop_constraint:
      return "drops constraint " + removal.object + " on " + removal.table;
    case Removal::drop_other:
      return "drops " + removal.object;
    case Removal::rename_table:
      return "renames table " + removal.table;
    case Removal::rename_column:
      return "renames column " + qualified(removal.table, removal.object);
    case Removal::truncate:
      return "empties table " + removal.table + " (TRUNCATE)";
  }
  return "removes something";
}

// Whether readers of the old shape break: a table or column gone or renamed.
bool breaks_readers(Removal kind) {
  return kind == Removal::drop_table || kind == Removal::drop_column ||
         kind == Removal::rename_table || kind == Removal::rename_column;
}

bool forward_ddl(const PlannedStatement& statement) {
  return statement.runs_forward() && statement.phase;
}

// A type the statement gives a column that is not the type the plan or catalog says it
// has: "" when it is no change or cannot be told.
std::string type_change(const LintContext& ctx, const TypeFact& set, size_t index) {
  if (set.explicit_type_change)
    return set.type;
  const auto before = ctx.column_type(set.table, set.column, index);
  if (!before)
    return "";
  return *before == ctx.canonical_type(set.type) ? "" : set.type;
}

}  // namespace

void check_destructive_outside_contract(LintContext& ctx) {
  const auto& statements = ctx.statements();
  for (size_t i = 0; i < statements.size(); ++i) {
    const auto& statement = statements[i];
    if (!forward_ddl(statement) || *statement.phase == plan::PhaseKind::contract)
      continue;
    const std::string phase = plan::to_string(*statement.phase);
    for (const auto& removal : statement.facts.removals) {
      ctx.report("ZDM101", statement, removal.table,
                 statement.where() + " " + describe(removal) + " in " + phase +
                     ", while the running application may still use it; removals belong in "
                     "contract");
    }
    for (const auto& set : statement.facts.types_set) {
      const std::string type = type_change(ctx, set, i);
      if (type.empty())
        continue;
      ctx.report("ZDM101", statement, set.table,
                 statement.where() + " changes the type of " + set.table + "." + set.column +
                     " to " + type + " in " + phase +
                     ", under the running application; change types through a new column");
    }
  }
}

void check_drop_column_without_backup(LintContext& ctx) {
  for (const auto& statement : ctx.statements()) {
    if (!forward_ddl(statement))
      continue;
    const auto* drop =
        statement.step ? std::get_if<plan::DropColumn>(&statement.step->action) : nullptr;
    for (const auto& removal : statement.facts.removals) {
      if (removal.kind != Removal::drop_column)
        continue;
      if (drop && drop->backup)
        continue;
      const std::string column = removal.table + "." + removal.object;
      ctx.report("ZDM102", statement, removal.table,
                 drop ? statement.where() + " drops " + column +
                            " without backup: true; contract cannot be rolled back past it"
                      : statement.where() + " drops " + column +
                            " in raw SQL, which zdm cannot back up; contract cannot be rolled "
                            "back past it");
    }
  }
}

void check_destructive_without_read_switch(LintContext& ctx) {
  if (ctx.plan().read_switch)
    return;
  for (const auto& statement : ctx.statements()) {
    if (!forward_ddl(statement) || *statement.phase != plan::PhaseKind::contract)
      continue;
    for (const auto& removal : statement.facts.removals) {
      if (!breaks_readers(removal.kind))
        continue;
      ctx.report("ZDM103", statement, removal.table,
                 statement.where() + " " + describe(removal) +
                     ", but the plan has no read_switch phase: nothing moved the application "
                     "off the old shape first");
    }
  }
}

}  // namespace zdm::lint
