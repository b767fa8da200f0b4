#include "plan_file.hpp"

#include <iostream>

#include "zdm/plan/loader.hpp"

namespace zdm::cli {

std::optional<plan::Plan> load_plan_or_print_errors(const std::string& file) {
  auto result = plan::load_plan_file(file);
  for (const auto& diagnostic : result.diagnostics)
    std::cerr << plan::format_diagnostic(diagnostic) << "\n";
  return result.plan;
}

bool parse_replica_dsns(const std::vector<std::string>& texts, std::vector<db::Dsn>& out) {
  try {
    for (const auto& text : texts)
      out.push_back(db::Dsn::parse(text));
    return true;
  } catch (const db::DsnError& error) {
    std::cerr << "zdm: error: --replica-dsn: " << error.what() << "\n";
    return false;
  }
}

}  // namespace zdm::cli
