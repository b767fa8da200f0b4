#pragma once
// Each command registers its subcommand and the callback that runs it.

#include <CLI/CLI.hpp>

namespace zdm::cli {

// The callback stores the command's exit code here.
struct CommandResult {
  int exit_code = 0;
};

void add_validate_command(CLI::App& app, CommandResult& result);
void add_lint_command(CLI::App& app, CommandResult& result);
void add_help_command(CLI::App& app, CommandResult& result);
void add_apply_command(CLI::App& app, CommandResult& result);
void add_status_command(CLI::App& app, CommandResult& result);
void add_rollback_command(CLI::App& app, CommandResult& result);
void add_gates_command(CLI::App& app, CommandResult& result);

}  // namespace zdm::cli
