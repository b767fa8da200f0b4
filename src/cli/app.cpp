#include "zdm/cli/app.hpp"

#include <iostream>

#include "commands.hpp"
#include "zdm/cli/exit_code.hpp"
#include "zdm/version.hpp"

namespace zdm::cli {

namespace {

constexpr const char* kFooter =
    "Exit codes: 0 success, 1 runtime failure (state kept, re-run resumes), 2 usage error or "
    "invalid "
    "plan, 3 gate failed, 4 lint findings, 5 migration locked by another run, 130 interrupted.\n"
    "Run 'zdm help COMMAND' for a command's options.";

int report_parse_error(CLI::App& app, const CLI::ParseError& e) {
  if (e.get_exit_code() == 0)
    return app.exit(e);  // --help, --version
  std::cerr << "zdm: error: " << e.what() << "\n";
  std::cerr << "  hint: run 'zdm --help' or 'zdm help COMMAND'\n";
  return to_int(ExitCode::invalid_input);
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{
      "zdm: zero-downtime database migrations (expand, dual-write check, backfill, read switch, "
      "contract)",
      "zdm"};
  app.set_version_flag("--version", std::string("zdm ") + kVersion);
  app.footer(kFooter);
  app.require_subcommand(1);
  CommandResult result;
  add_validate_command(app, result);
  add_lint_command(app, result);
  add_apply_command(app, result);
  add_status_command(app, result);
  add_rollback_command(app, result);
  add_gates_command(app, result);
  add_help_command(app, result);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return report_parse_error(app, e);
  }
  return result.exit_code;
}

}  // namespace zdm::cli
