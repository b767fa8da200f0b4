// MY101: statements that ask for a table copy or a lock that blocks writes.
#include <algorithm>

#include "mysql_rules_support.hpp"

namespace zdm::lint {

namespace {

bool blocking_lock(const std::optional<std::string>& lock) {
  return lock && (*lock == "SHARED" || *lock == "EXCLUSIVE");
}

std::string asked_for(const std::optional<std::string>& algorithm,
                      const std::optional<std::string>& lock) {
  std::string text;
  if (algorithm && *algorithm == "COPY")
    text = "ALGORITHM=COPY";
  if (blocking_lock(lock))
    text += (text.empty() ? "" : ", ") + std::string("LOCK=") + *lock;
  return text;
}

// A foreign key alone: MY105 speaks about it, with the table's size.
bool only_foreign_keys(const mysql::AlterTable& alter) {
  bool any = false;
  for (const auto& clause : alter.clauses) {
    if (clause.kind == mysql::ClauseKind::add_foreign_key)
      any = true;
    else if (clause.kind != mysql::ClauseKind::algorithm && clause.kind != mysql::ClauseKind::lock)
      return false;
  }
  return any;
}

void report(LintContext& ctx, const PlannedStatement& statement, const std::string& table,
            const std::string& options) {
  const bool zdm_own = statement.origin == SqlOrigin::zdm_step;
  ctx.report("MY101", statement, table,
             statement.where() +
                 (zdm_own ? " runs zdm's " + std::string(plan::step_kind(statement.step->action)) +
                                " SQL for MySQL, which asks for "
                          : " asks for ") +
                 options + ": writes to " + table + " wait while " +
                 (options.find("COPY") != std::string::npos ? "the table is copied"
                                                            : "the statement runs"));
}

}  // namespace

void check_mysql_copy_or_lock(LintContext& ctx) {
  mysql::for_each_alter(
      ctx, [&](const PlannedStatement& statement, const mysql::AlterTable& alter, size_t) {
        const std::string options = asked_for(alter.algorithm, alter.lock);
        if (!options.empty() && !only_foreign_keys(alter))
          report(ctx, statement, alter.table, options);
      });
  const auto& statements = ctx.statements();
  for (size_t i = 0; i < statements.size(); ++i) {
    const auto& statement = statements[i];
    if (!statement.is_ddl_step() || statement.my.tokens.empty())
      continue;
    const auto index = mysql::index_statement(statement.my);
    if (!index || ctx.created_by_plan(index->table, i + 1))
      continue;
    const std::string options = asked_for(index->algorithm, index->lock);
    if (!options.empty())
      report(ctx, statement, index->table, options);
  }
}

}  // namespace zdm::lint
