#pragma once
// Helpers for loader tests: load text with a fixed environment, read the first error.

#include <map>
#include <string>

#include "zdm/plan/loader.hpp"

namespace zdm::test {

inline plan::EnvironmentLookup fixed_environment(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end())
      return std::nullopt;
    return it->second;
  };
}

inline plan::LoadResult load(const std::string& text, std::map<std::string, std::string> env = {}) {
  return plan::load_plan_text(text, "plan.yaml", fixed_environment(std::move(env)));
}

// "LINE:COL: error: message" of the first diagnostic, or "ok".
inline std::string first_error(const plan::LoadResult& result) {
  for (const auto& d : result.diagnostics) {
    if (d.severity == plan::Severity::error) {
      return std::to_string(d.at.line) + ":" + std::to_string(d.at.column) + ": " + d.message;
    }
  }
  return "ok";
}

inline std::string first_hint(const plan::LoadResult& result) {
  for (const auto& d : result.diagnostics) {
    if (d.severity == plan::Severity::error)
      return d.hint;
  }
  return {};
}

inline constexpr const char* kMinimalPlan = R"Y(zdm: 1
name: minimal
target:
  driver: postgres
phases:
  expand:
    steps:
      - add_column: {table: users, column: email_address, type: "varchar(255)"}
)Y";

}  // namespace zdm::test
