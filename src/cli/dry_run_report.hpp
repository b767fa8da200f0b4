#pragma once
// zdm apply --dry-run's output and exit code: the plan, the problems, and the lint report
// in the --format CI asked for.

#include <CLI/CLI.hpp>
#include <string>

#include "lint_options.hpp"
#include "zdm/db/dsn.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::cli {

struct DryRunFlags {
  LintFlags lint;
  long long large_table_rows = lint::kDefaultLargeTableRows;
};

// --fail-on and --large-table-rows on zdm apply (they act with --dry-run).
void add_dry_run_options(CLI::App& apply, DryRunFlags& flags);

// Whether --format names a lint report format, which only --dry-run prints.
bool lint_report_format(const std::string& format);

// Runs the dry run; 2 when a table is missing, 4 when lint findings reach --fail-on, 0.
int run_dry_run(const plan::Plan& plan, const db::Dsn& dsn, const std::string& format,
                const DryRunFlags& flags);

}  // namespace zdm::cli
