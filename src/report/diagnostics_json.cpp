#include "zdm/report/diagnostics_json.hpp"

namespace zdm::report {

nlohmann::ordered_json diagnostic_json(const plan::Diagnostic& d) {
  nlohmann::ordered_json out = {
      {"file", d.file},
      {"line", nullptr},
      {"column", nullptr},
      {"severity", plan::to_string(d.severity)},
      {"message", d.message},
      {"hint", d.hint.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(d.hint)}};
  if (d.at.known()) {
    out["line"] = d.at.line;
    out["column"] = d.at.column;
  }
  return out;
}

nlohmann::ordered_json diagnostics_json(const std::vector<plan::Diagnostic>& diagnostics) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& d : diagnostics)
    out.push_back(diagnostic_json(d));
  return out;
}

}  // namespace zdm::report
