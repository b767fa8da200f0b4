#pragma once
// What a loaded plan will do, for people (one line) and for CI (JSON).
// Never includes a DSN or a header value: they may be secrets.

#include <nlohmann/json.hpp>
#include <string>

#include "zdm/plan/plan.hpp"

namespace zdm::report {

nlohmann::ordered_json plan_summary_json(const plan::Plan& plan);
std::string plan_summary_text(const plan::Plan& plan);

}  // namespace zdm::report
