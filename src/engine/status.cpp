// zdm status: what the state tables say, for an on-call engineer without the plan file.
#include <iostream>

#include "zdm/engine/commands.hpp"
#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/target.hpp"

namespace zdm::engine {

namespace {

constexpr int kLastEvents = 10;

nlohmann::ordered_json phase_json(const PhaseRecord& p) {
  nlohmann::ordered_json j;
  j["phase"] = p.phase;
  j["status"] = p.status;
  j["steps_done"] = p.steps_done;
  j["started_at_ms"] = p.started_at_ms;
  j["finished_at_ms"] = p.finished_at_ms ? nlohmann::json(*p.finished_at_ms) : nullptr;
  return j;
}

nlohmann::json key_json(const std::optional<std::string>& key) {
  return key ? nlohmann::json::parse(*key) : nlohmann::json(nullptr);
}

nlohmann::json bound_json(const std::optional<long long>& bound) {
  return bound ? nlohmann::json(*bound) : nlohmann::json(nullptr);
}

// One table's backfill: totals over its ranges, and each range.
nlohmann::ordered_json backfill_json(const std::vector<CheckpointRecord>& ranges) {
  nlohmann::ordered_json j;
  long long rows_done = 0;
  long long rows_scanned = 0;
  bool done = true;
  nlohmann::ordered_json each = nlohmann::ordered_json::array();
  for (const auto& r : ranges) {
    rows_done += r.rows_done;
    rows_scanned += r.rows_scanned;
    done = done && r.done;
    each.push_back({{"range", r.range_index},
                    {"from", bound_json(r.range_from)},
                    {"to", bound_json(r.range_to)},
                    {"last_key", key_json(r.last_key)},
                    {"rows_done", r.rows_done},
                    {"done", r.done}});
  }
  j["table"] = ranges.front().table;
  j["paging"] = nlohmann::json::parse(ranges.front().paging);
  j["rows_done"] = rows_done;
  j["rows_scanned"] = rows_scanned;
  j["done"] = done;
  j["last_key"] = ranges.size() == 1 ? key_json(ranges.front().last_key) : nullptr;
  j["ranges"] = each;
  return j;
}

nlohmann::ordered_json migration_json(StateStore& state, const MigrationRecord& m) {
  nlohmann::ordered_json j;
  j["name"] = m.name;
  j["status"] = m.status;
  j["current_phase"] = m.current_phase;
  j["run_by"] = m.run_by;
  j["plan_hash"] = m.plan_hash;
  j["started_at_ms"] = m.started_at_ms;
  j["updated_at_ms"] = m.updated_at_ms;
  j["phases"] = nlohmann::ordered_json::array();
  for (const auto& p : state.phases(m.name))
    j["phases"].push_back(phase_json(p));
  j["backfill"] = nlohmann::ordered_json::array();
  for (const auto& table : state.checkpointed_tables(m.name))
    j["backfill"].push_back(backfill_json(state.checkpoints(m.name, table)));
  j["last_events"] = nlohmann::ordered_json::array();
  for (const auto& e : state.last_events(m.name, kLastEvents))
    j["last_events"].push_back(
        {{"at_ms", e.at_ms}, {"phase", e.phase}, {"event", e.kind}, {"message", e.message}});
  return j;
}

void print_text(const nlohmann::ordered_json& m) {
  std::cout << m["name"].get<std::string>() << ": " << m["status"].get<std::string>();
  if (!m["current_phase"].get<std::string>().empty())
    std::cout << " (phase " << m["current_phase"].get<std::string>() << ")";
  std::cout << ", last run by " << m["run_by"].get<std::string>() << "\n";
  for (const auto& p : m["phases"]) {
    std::cout << "  " << p["phase"].get<std::string>() << ": " << p["status"].get<std::string>()
              << ", " << p["steps_done"].get<int>() << " step(s) done\n";
  }
  for (const auto& b : m["backfill"]) {
    std::cout << "  backfill " << b["table"].get<std::string>() << ": "
              << b["rows_done"].get<long long>() << " rows updated"
              << (b["ranges"].size() > 1 ? " in " + std::to_string(b["ranges"].size()) + " ranges"
                                         : "")
              << (b["done"].get<bool>() ? ", done" : "") << "\n";
  }
  if (!m["last_events"].empty())
    std::cout << "  last events:\n";
  for (const auto& e : m["last_events"]) {
    std::cout << "    [" << e["phase"].get<std::string>() << "] " << e["message"].get<std::string>()
              << "\n";
  }
}

}  // namespace

void status(const std::optional<std::string>& migration, const db::Dsn& dsn,
            const std::string& state_schema, bool json) {
  auto dialect = db::make_dialect(dsn.driver(), "public", state_schema);
  auto connection = connect_or_fail(dsn);
  StateStore state(*connection, *dialect);
  nlohmann::ordered_json out;
  out["kind"] = "zdm.status";
  out["version"] = 1;
  out["migrations"] = nlohmann::ordered_json::array();
  if (state.tables_exist()) {
    for (const auto& m : state.migrations()) {
      if (!migration || m.name == *migration)
        out["migrations"].push_back(migration_json(state, m));
    }
  }
  if (migration && out["migrations"].empty()) {
    throw invalid_input("no migration named " + *migration + " in this database",
                        "zdm status without a name lists them all");
  }
  if (json) {
    std::cout << out.dump(2) << "\n";
    return;
  }
  if (out["migrations"].empty())
    std::cout << "no zdm migrations in this database\n";
  for (const auto& m : out["migrations"])
    print_text(m);
}

}  // namespace zdm::engine
