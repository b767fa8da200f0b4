#pragma once
// A rollback point, written before a phase runs: a snapshot of every table the phase
// touches and, for each of its steps, how to undo it. `zdm rollback` works from these
// alone, without the plan file.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "zdm/db/dialect.hpp"
#include "zdm/db/table_schema.hpp"

namespace zdm::engine {

struct UndoStep {
  std::string name;
  std::string table;                         // the table it touches; "" for none
  std::vector<db::SqlStatement> statements;  // run in order
  std::optional<int> hook_index;             // read_switch: run that step's `rollback`
  std::string irreversible;                  // why it cannot be undone; "" when it can
};

struct RollbackPoint {
  std::string phase;
  long long created_at_ms = 0;
  std::vector<db::TableSchema> snapshots;
  std::vector<UndoStep> steps;  // in the order the phase runs them
};

nlohmann::json to_json(const RollbackPoint& point);
RollbackPoint rollback_point_from_json(const nlohmann::json& json);

}  // namespace zdm::engine
