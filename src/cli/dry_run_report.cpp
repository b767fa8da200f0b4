#include "dry_run_report.hpp"

#include <iostream>

#include "zdm/cli/exit_code.hpp"
#include "zdm/engine/commands.hpp"

namespace zdm::cli {

void add_dry_run_options(CLI::App& apply, DryRunFlags& flags) {
  add_fail_on_option(apply, flags.lint);
  apply
      .add_option("--large-table-rows", flags.large_table_rows,
                  "With --dry-run: tables with at least this many estimated rows turn "
                  "size-dependent lint warnings into errors")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
}

bool lint_report_format(const std::string& format) {
  return format == "github" || format == "gitlab" || format == "sarif";
}

int run_dry_run(const plan::Plan& plan, const db::Dsn& dsn, const std::string& format,
                const DryRunFlags& flags) {
  engine::DryRunOptions options;
  options.large_table_rows = flags.large_table_rows;
  options.format = format == "json"             ? engine::DryRunOptions::Format::json
                   : lint_report_format(format) ? engine::DryRunOptions::Format::lint_only
                                                : engine::DryRunOptions::Format::text;
  const engine::DryRunResult result = engine::dry_run(plan, dsn, options);
  const auto threshold = fail_on(flags.lint);
  if (lint_report_format(format)) {
    const auto report = lint::format_from_string(format).value_or(lint::Format::text);
    std::cout << lint::render(report, {result.lint}, {threshold});
  }
  if (result.problems > 0)
    return to_int(ExitCode::invalid_input);
  return lint_exit_code({result.lint}, threshold);
}

}  // namespace zdm::cli
