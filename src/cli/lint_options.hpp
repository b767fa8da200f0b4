#pragma once
// What zdm lint, zdm validate and zdm apply --dry-run share about lint: the --fail-on and
// --server-version flags, the rule list in --help, and the exit code findings give.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "zdm/lint/lint.hpp"
#include "zdm/lint/output.hpp"

namespace zdm::cli {

struct LintFlags {
  std::string fail_on = "error";
  std::string server_version;  // empty: the driver's default
};

// --fail-on error|warning|never and, for offline commands, --server-version.
void add_fail_on_option(CLI::App& command, LintFlags& flags);
void add_server_version_option(CLI::App& command, LintFlags& flags);
// --format accepting text|json|github|gitlab|sarif.
void add_lint_format_option(CLI::App& command, std::string& format, const std::string& help);

lint::FailOn fail_on(const LintFlags& flags);
// The version --server-version gives for this plan's driver; nullopt without the flag.
// Throws std::invalid_argument when it does not name a version of the plan's server.
std::optional<lint::ServerVersion> server_version_for(const LintFlags& flags,
                                                      const plan::Plan& plan);

// "Lint rules: ZDM101 destructive-step-outside-contract (error), ..." for --help.
std::string rules_footer();

// Exit code 4 when findings reach --fail-on, else 0.
int lint_exit_code(const std::vector<lint::PlanLint>& plans, lint::FailOn fail_on);

}  // namespace zdm::cli
