// `zdm lint PLAN...`: the lint rules over each plan, offline, in a form CI reads.
#include <iostream>

#include "commands.hpp"
#include "lint_options.hpp"
#include "zdm/cli/exit_code.hpp"
#include "zdm/plan/loader.hpp"

namespace zdm::cli {

namespace {

struct LintCommandFlags {
  std::vector<std::string> plans;
  std::string format = "text";
  bool list_rules = false;
  LintFlags lint;
};

int list_rules(const std::string& format) {
  if (format == "json") {
    nlohmann::ordered_json out = {
        {"kind", "zdm.lint_rules"}, {"version", 1}, {"rules", lint::rules_json()}};
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << rules_footer() << "\n";
  }
  return to_int(ExitCode::success);
}

int run_lint(const LintCommandFlags& flags) {
  if (flags.list_rules)
    return list_rules(flags.format);
  if (flags.plans.empty()) {
    std::cerr << "zdm: error: lint needs at least one PLAN\n"
              << "  hint: zdm lint plans/*.yaml, or zdm lint --list-rules\n";
    return to_int(ExitCode::invalid_input);
  }
  std::vector<lint::PlanLint> results;
  bool all_valid = true;
  for (const auto& file : flags.plans) {
    const plan::LoadResult loaded = plan::load_plan_file(file);
    if (!loaded.ok()) {
      all_valid = false;
      results.push_back(lint::invalid_plan(file, loaded.diagnostics));
      continue;
    }
    lint::LintOptions options;
    try {
      options.server = server_version_for(flags.lint, *loaded.plan);
    } catch (const std::invalid_argument& error) {
      std::cerr << "zdm: error: " << error.what() << "\n";
      return to_int(ExitCode::invalid_input);
    }
    results.push_back(lint::lint_plan(*loaded.plan, options));
  }
  const auto format = lint::format_from_string(flags.format).value_or(lint::Format::text);
  std::cout << lint::render(format, results, {fail_on(flags.lint)});
  if (!all_valid)
    return to_int(ExitCode::invalid_input);
  return lint_exit_code(results, fail_on(flags.lint));
}

}  // namespace

void add_lint_command(CLI::App& app, CommandResult& result) {
  auto flags = std::make_shared<LintCommandFlags>();
  auto* command = app.add_subcommand(
      "lint",
      "Find unsafe operations in plans offline (locks on busy tables, code-breaking steps); "
      "exit 4 when findings reach --fail-on, 2 for an invalid plan");
  command->add_option("PLAN", flags->plans, "Plan files (YAML)");
  add_lint_format_option(*command, flags->format,
                         "Output on stdout: text, json (zdm.lint), github (workflow "
                         "annotations), gitlab (Code Quality), sarif (SARIF 2.1.0)");
  add_fail_on_option(*command, flags->lint);
  add_server_version_option(*command, flags->lint);
  command->add_flag("--list-rules", flags->list_rules,
                    "Print the rules (text, or JSON with --format json) and exit");
  command->footer(rules_footer());
  command->callback([flags, &result] { result.exit_code = run_lint(*flags); });
}

}  // namespace zdm::cli
