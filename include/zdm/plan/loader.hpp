#pragma once
// Plan file -> typed Plan, or the list of what is wrong with it (file:line:col each).
// Never touches a database.

#include <optional>
#include <string>
#include <vector>

#include "zdm/plan/diagnostic.hpp"
#include "zdm/plan/environment.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::plan {

struct LoadResult {
  std::optional<Plan> plan;             // set only when there is no error
  std::vector<Diagnostic> diagnostics;  // errors and warnings, in file order

  bool ok() const { return plan.has_value(); }
};

LoadResult load_plan_file(const std::string& path,
                          const EnvironmentLookup& environment = process_environment());
// `file` names the text in messages.
LoadResult load_plan_text(const std::string& text, const std::string& file,
                          const EnvironmentLookup& environment = process_environment());

}  // namespace zdm::plan
