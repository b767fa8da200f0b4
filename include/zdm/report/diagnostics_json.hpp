#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "zdm/plan/diagnostic.hpp"

namespace zdm::report {

// {"file", "line", "column", "severity", "message", "hint"}; line and column are null
// when the problem has no place in the file (a missing file).
nlohmann::ordered_json diagnostic_json(const plan::Diagnostic& diagnostic);
nlohmann::ordered_json diagnostics_json(const std::vector<plan::Diagnostic>& diagnostics);

}  // namespace zdm::report
