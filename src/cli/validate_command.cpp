// `zdm validate PLAN...`: load and check plans offline, lint rules included; never connects
// to a database.
#include <iostream>

#include "commands.hpp"
#include "lint_options.hpp"
#include "zdm/cli/exit_code.hpp"
#include "zdm/plan/loader.hpp"
#include "zdm/report/diagnostics_json.hpp"
#include "zdm/report/plan_summary.hpp"

namespace zdm::cli {

namespace {

struct ValidateOptions {
  std::vector<std::string> plans;
  std::string format = "text";
  LintFlags lint;
};

struct Validated {
  std::string file;
  plan::LoadResult loaded;
  std::optional<lint::PlanLint> lint;  // for a plan that loaded
};

void print_text(const Validated& v) {
  for (const auto& diagnostic : v.loaded.diagnostics)
    std::cerr << plan::format_diagnostic(diagnostic) << "\n";
  if (!v.loaded.ok())
    return;
  std::cerr << lint::findings_text(*v.lint);
  std::cout << v.file << ": ok: " << report::plan_summary_text(*v.loaded.plan) << "\n";
}

nlohmann::ordered_json lint_json(const Validated& v) {
  return v.lint ? lint::plan_lint_json(*v.lint) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json plan_json(const Validated& v) {
  return {{"file", v.file},
          {"valid", v.loaded.ok()},
          {"plan", v.loaded.ok() ? report::plan_summary_json(*v.loaded.plan)
                                 : nlohmann::ordered_json(nullptr)},
          {"diagnostics", report::diagnostics_json(v.loaded.diagnostics)},
          {"lint", lint_json(v)}};
}

// The lint results of every plan, load errors of invalid ones as ZDM000 findings.
std::vector<lint::PlanLint> lint_results(const std::vector<Validated>& all) {
  std::vector<lint::PlanLint> out;
  for (const auto& v : all)
    out.push_back(v.lint ? *v.lint : lint::invalid_plan(v.file, v.loaded.diagnostics));
  return out;
}

void print_json(const std::vector<Validated>& all, bool all_valid, bool lint_failed,
                const LintFlags& flags) {
  nlohmann::ordered_json plans = nlohmann::ordered_json::array();
  for (const auto& v : all)
    plans.push_back(plan_json(v));
  nlohmann::ordered_json out = {{"kind", "zdm.validate"},     {"version", 1},
                                {"valid", all_valid},         {"fail_on", flags.fail_on},
                                {"lint_failed", lint_failed}, {"plans", plans}};
  std::cout << out.dump(2) << "\n";
}

int run_validate(const ValidateOptions& options) {
  std::vector<Validated> all;
  bool all_valid = true;
  for (const auto& file : options.plans) {
    Validated v{file, plan::load_plan_file(file), std::nullopt};
    if (v.loaded.ok()) {
      lint::LintOptions lint_options;
      try {
        lint_options.server = server_version_for(options.lint, *v.loaded.plan);
      } catch (const std::invalid_argument& error) {
        std::cerr << "zdm: error: " << error.what() << "\n";
        return to_int(ExitCode::invalid_input);
      }
      v.lint = lint::lint_plan(*v.loaded.plan, lint_options);
    }
    all_valid = all_valid && v.loaded.ok();
    all.push_back(std::move(v));
  }
  const auto results = lint_results(all);
  const auto threshold = fail_on(options.lint);
  const auto format = lint::format_from_string(options.format).value_or(lint::Format::text);
  if (format == lint::Format::json) {
    print_json(all, all_valid, lint::reaches(results, threshold), options.lint);
  } else if (format == lint::Format::text) {
    for (const auto& v : all)
      print_text(v);
  } else {
    std::cout << lint::render(format, results, {threshold});
  }
  if (!all_valid)
    return to_int(ExitCode::invalid_input);
  return lint_exit_code(results, threshold);
}

}  // namespace

void add_validate_command(CLI::App& app, CommandResult& result) {
  auto options = std::make_shared<ValidateOptions>();
  auto* validate = app.add_subcommand(
      "validate",
      "Check plan files offline (no database), lint rules included; exit 2 if any is "
      "invalid, 4 if lint findings reach --fail-on");
  validate->add_option("PLAN", options->plans, "Plan files (YAML)")->required();
  add_lint_format_option(*validate, options->format,
                         "Output: text (errors on stderr), json (stdout), or the lint report "
                         "as github, gitlab or sarif (stdout)");
  add_fail_on_option(*validate, options->lint);
  add_server_version_option(*validate, options->lint);
  validate->footer(rules_footer());
  validate->callback([options, &result] { result.exit_code = run_validate(*options); });
}

}  // namespace zdm::cli
