// Lint in apply --dry-run: the same rules, with the live catalog and the server's version.
#include "zdm/lint/lint.hpp"

namespace zdm::lint {

PlanLint lint_online(const plan::Plan& plan, db::Connection& connection, const db::Dialect& dialect,
                     long long large_table_rows) {
  DialectCatalog catalog(dialect, connection);
  LintOptions options;
  options.server = ServerVersion::parse(plan.target.driver, connection.server_version(),
                                        ServerVersion::Source::server);
  options.catalog = &catalog;
  options.large_table_rows = large_table_rows;
  return lint_plan(plan, options);
}

}  // namespace zdm::lint
