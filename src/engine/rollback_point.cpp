#include "zdm/engine/rollback_point.hpp"

namespace zdm::engine {

namespace {

nlohmann::json statement_json(const db::SqlStatement& s) {
  nlohmann::json out = {
      {"sql", s.sql}, {"lock", s.lock}, {"transactional", s.transactional}, {"ddl", s.ddl}};
  if (!s.fallback_sql.empty())
    out["fallback"] = {{"sql", s.fallback_sql}, {"lock", s.fallback_lock}};
  return out;
}

db::SqlStatement statement_from(const nlohmann::json& j) {
  db::SqlStatement s = db::ddl_statement(j.at("sql"), j.at("lock"), j.at("transactional"));
  s.ddl = j.at("ddl");
  if (j.contains("fallback")) {
    s.fallback_sql = j["fallback"].at("sql");
    s.fallback_lock = j["fallback"].at("lock");
  }
  return s;
}

nlohmann::json undo_json(const UndoStep& step) {
  nlohmann::json statements = nlohmann::json::array();
  for (const auto& s : step.statements)
    statements.push_back(statement_json(s));
  return {{"name", step.name},
          {"table", step.table},
          {"statements", statements},
          {"hook_index", step.hook_index ? nlohmann::json(*step.hook_index) : nullptr},
          {"irreversible", step.irreversible}};
}

UndoStep undo_from(const nlohmann::json& j) {
  UndoStep step;
  step.name = j.at("name");
  step.table = j.at("table");
  for (const auto& s : j.at("statements"))
    step.statements.push_back(statement_from(s));
  if (!j.at("hook_index").is_null())
    step.hook_index = j.at("hook_index").get<int>();
  step.irreversible = j.at("irreversible");
  return step;
}

}  // namespace

nlohmann::json to_json(const RollbackPoint& point) {
  nlohmann::json snapshots = nlohmann::json::array();
  for (const auto& table : point.snapshots)
    snapshots.push_back(db::to_json(table));
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : point.steps)
    steps.push_back(undo_json(step));
  return {{"version", 1},
          {"phase", point.phase},
          {"created_at_ms", point.created_at_ms},
          {"snapshots", snapshots},
          {"steps", steps}};
}

RollbackPoint rollback_point_from_json(const nlohmann::json& json) {
  RollbackPoint point;
  point.phase = json.at("phase");
  point.created_at_ms = json.at("created_at_ms").get<long long>();
  for (const auto& table : json.at("snapshots"))
    point.snapshots.push_back(db::table_schema_from_json(table));
  for (const auto& step : json.at("steps"))
    point.steps.push_back(undo_from(step));
  return point;
}

}  // namespace zdm::engine
