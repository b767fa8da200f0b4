// MY105: a foreign key added to a table that already has rows.
#include "mysql_rules_support.hpp"

namespace zdm::lint {

void check_mysql_foreign_key(LintContext& ctx) {
  mysql::for_each_alter(
      ctx, [&](const PlannedStatement& statement, const mysql::AlterTable& alter, size_t) {
        for (const auto& clause : alter.clauses) {
          if (clause.kind != mysql::ClauseKind::add_foreign_key)
            continue;
          ctx.report("MY105", statement, alter.table,
                     statement.where() + " adds a foreign key to " + alter.table +
                         ": every existing row is checked against the referenced table while "
                         "writes to " +
                         alter.table + " are blocked (MariaDB copies the table to do it)");
        }
      });
}

}  // namespace zdm::lint
