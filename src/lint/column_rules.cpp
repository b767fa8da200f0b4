// Columns the plan relies on: filled by backfill and sync, required by NOT NULL, undone by
// down.
#include "rules.hpp"

namespace zdm::lint {

namespace {

bool in_expand(const PlannedStatement& statement) {
  return statement.runs_forward() && statement.phase == plan::PhaseKind::expand;
}

// Whether expand adds the column or creates its table with it.
bool expand_provides(const LintContext& ctx, const std::string& table, const std::string& column) {
  for (const auto& statement : ctx.statements()) {
    if (!in_expand(statement))
      continue;
    for (const auto& added : statement.facts.columns_added) {
      if (ctx.same_name(added.table, table) && ctx.same_name(added.column, column))
        return true;
    }
  }
  return false;
}

bool expand_creates(const LintContext& ctx, const std::string& table) {
  for (const auto& statement : ctx.statements()) {
    if (!in_expand(statement))
      continue;
    for (const auto& created : statement.facts.created_tables) {
      if (ctx.same_name(created, table))
        return true;
    }
  }
  return false;
}

bool catalog_has_column(const LintContext& ctx, const std::string& table,
                        const std::string& column) {
  for (const auto& known : ctx.catalog()->table(table).schema.columns) {
    if (ctx.same_name(known.name, column))
      return true;
  }
  return false;
}

// Offline only a table that expand creates can be judged; online the catalog tells. A
// table that does not exist at all is apply --dry-run's own error.
void check_assignments(LintContext& ctx, const std::string& table,
                       const std::vector<plan::ColumnAssignment>& set, plan::SourceLocation at,
                       const std::string& phase, const std::string& what) {
  const bool created = expand_creates(ctx, table);
  const bool exists = !created && ctx.table_exists(table).value_or(false);
  if (!created && !exists)
    return;
  for (const auto& assignment : set) {
    if (expand_provides(ctx, table, assignment.column))
      continue;
    if (exists && catalog_has_column(ctx, table, assignment.column))
      continue;
    ctx.report_at(
        "ZDM104", assignment.at, {at.line}, phase, "", table,
        what + " sets " + table + "." + assignment.column + ", which no expand step adds and " +
            (created ? "the table expand creates does not have" : "the table does not have"));
  }
}

void check_steps_down(LintContext& ctx, plan::PhaseKind phase,
                      const std::vector<plan::DdlStep>& steps) {
  for (const auto& step : steps) {
    const auto* raw = std::get_if<plan::RawSql>(&step.action);
    if (!raw || raw->down)
      continue;
    ctx.report_at(
        "ZDM106", raw->up_at, {step.at.line}, plan::to_string(phase), step.name, "",
        "step " + step.name + " has no down: zdm rollback cannot undo it, nor anything before it");
  }
}

}  // namespace

void check_backfill_column_provided(LintContext& ctx) {
  const auto& plan = ctx.plan();
  if (plan.backfill) {
    for (const auto& table : plan.backfill->tables)
      check_assignments(ctx, table.table, table.set, table.at, "backfill", "backfill");
  }
  if (plan.dual_write) {
    for (const auto& sync : plan.dual_write->sync)
      check_assignments(ctx, sync.table, sync.set, sync.at, "dual_write", "the sync trigger");
  }
}

void check_required_column_default(LintContext& ctx) {
  const auto& statements = ctx.statements();
  for (size_t i = 0; i < statements.size(); ++i) {
    const auto& statement = statements[i];
    if (!statement.runs_forward())
      continue;
    for (const auto& added : statement.facts.columns_added) {
      if (!added.not_null || added.has_default || ctx.created_by_plan(added.table, i + 1))
        continue;
      ctx.report("ZDM105", statement, added.table,
                 statement.where() + " adds " + added.table + "." + added.column +
                     " NOT NULL without a default: existing rows have no value for it, and "
                     "the running application's inserts that leave it out fail");
    }
  }
}

void check_sql_step_down(LintContext& ctx) {
  if (ctx.plan().expand)
    check_steps_down(ctx, plan::PhaseKind::expand, ctx.plan().expand->steps);
  if (ctx.plan().contract)
    check_steps_down(ctx, plan::PhaseKind::contract, ctx.plan().contract->steps);
}

}  // namespace zdm::lint
