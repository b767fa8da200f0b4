// `zdm validate PLAN...`: load and check plans offline; never connects to a database.
#include <iostream>

#include "commands.hpp"
#include "zdm/cli/exit_code.hpp"
#include "zdm/plan/loader.hpp"
#include "zdm/report/diagnostics_json.hpp"
#include "zdm/report/plan_summary.hpp"

namespace zdm::cli {

namespace {

struct ValidateOptions {
  std::vector<std::string> plans;
  std::string format = "text";
};

void print_text(const std::string& file, const plan::LoadResult& result) {
  for (const auto& diagnostic : result.diagnostics)
    std::cerr << plan::format_diagnostic(diagnostic) << "\n";
  if (result.ok())
    std::cout << file << ": ok: " << report::plan_summary_text(*result.plan) << "\n";
}

nlohmann::ordered_json plan_json(const std::string& file, const plan::LoadResult& result) {
  return {{"file", file},
          {"valid", result.ok()},
          {"plan",
           result.ok() ? report::plan_summary_json(*result.plan) : nlohmann::ordered_json(nullptr)},
          {"diagnostics", report::diagnostics_json(result.diagnostics)}};
}

int run_validate(const ValidateOptions& options) {
  bool all_valid = true;
  nlohmann::ordered_json plans = nlohmann::ordered_json::array();
  for (const auto& file : options.plans) {
    const plan::LoadResult result = plan::load_plan_file(file);
    all_valid = all_valid && result.ok();
    if (options.format == "json") {
      plans.push_back(plan_json(file, result));
    } else {
      print_text(file, result);
    }
  }
  if (options.format == "json") {
    nlohmann::ordered_json out = {
        {"kind", "zdm.validate"}, {"version", 1}, {"valid", all_valid}, {"plans", plans}};
    std::cout << out.dump(2) << "\n";
  }
  return to_int(all_valid ? ExitCode::success : ExitCode::invalid_input);
}

}  // namespace

void add_validate_command(CLI::App& app, CommandResult& result) {
  auto options = std::make_shared<ValidateOptions>();
  auto* validate = app.add_subcommand(
      "validate", "Check plan files offline (no database); exit 2 if any is invalid");
  validate->add_option("PLAN", options->plans, "Plan files (YAML)")->required();
  validate
      ->add_option("--format", options->format, "Output: text (errors on stderr) or json (stdout)")
      ->check(CLI::IsMember({"text", "json"}));
  validate->callback([options, &result] { result.exit_code = run_validate(*options); });
}

}  // namespace zdm::cli
