#pragma once
// The `fields` of a `progress` event in JSON output (docs/json-output.md).

#include <nlohmann/json.hpp>

#include "zdm/engine/reporter.hpp"

namespace zdm::report {

nlohmann::ordered_json progress_json_fields(const engine::BackfillProgress& progress);

}  // namespace zdm::report
