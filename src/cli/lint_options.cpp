#include "lint_options.hpp"

#include <stdexcept>

#include "zdm/cli/exit_code.hpp"

namespace zdm::cli {

void add_fail_on_option(CLI::App& command, LintFlags& flags) {
  command
      .add_option("--fail-on", flags.fail_on,
                  "Exit 4 when a lint finding reaches this severity: error, warning or never")
      ->check(CLI::IsMember({"error", "warning", "never"}))
      ->capture_default_str();
}

void add_server_version_option(CLI::App& command, LintFlags& flags) {
  command.add_option("--server-version", flags.server_version,
                     "Server version the version-dependent lint rules assume (15, 14.9, "
                     "mariadb-10.6, mysql-8.0); default PostgreSQL 15 / MariaDB 10.11");
}

void add_lint_format_option(CLI::App& command, std::string& format, const std::string& help) {
  command.add_option("--format", format, help)
      ->check(CLI::IsMember(
          std::vector<std::string>(std::begin(lint::kFormatNames), std::end(lint::kFormatNames))))
      ->capture_default_str();
}

lint::FailOn fail_on(const LintFlags& flags) {
  if (flags.fail_on == "warning")
    return lint::FailOn::warning;
  return flags.fail_on == "never" ? lint::FailOn::never : lint::FailOn::error;
}

std::optional<lint::ServerVersion> server_version_for(const LintFlags& flags,
                                                      const plan::Plan& plan) {
  if (flags.server_version.empty())
    return std::nullopt;
  auto version = lint::ServerVersion::parse(plan.target.driver, flags.server_version,
                                            lint::ServerVersion::Source::flag);
  if (!version) {
    throw std::invalid_argument("--server-version " + flags.server_version +
                                " is not a version of the " + plan::to_string(plan.target.driver) +
                                " server " + plan.source_file + " targets");
  }
  return version;
}

std::string rules_footer() {
  std::string text = "Lint rules (docs/lint-rules.md):";
  for (const auto& rule : lint::all_rules()) {
    text += "\n  " + std::string(rule.code) + "  " + std::string(rule.name) + " (" +
            plan::to_string(rule.severity) + ")";
  }
  return text;
}

int lint_exit_code(const std::vector<lint::PlanLint>& plans, lint::FailOn fail_on) {
  return to_int(lint::reaches(plans, fail_on) ? ExitCode::lint_findings : ExitCode::success);
}

}  // namespace zdm::cli
