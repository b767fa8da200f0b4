// zdm gates: every gate evaluated once, now, so that an operator can check the wiring
// (URLs, tokens, queries, replicas) before a real run depends on it.
#include <unistd.h>

#include <iostream>

#include "zdm/engine/commands.hpp"
#include "zdm/engine/gate_evaluator.hpp"
#include "zdm/engine/stop_signal.hpp"
#include "zdm/engine/target.hpp"
#include "zdm/engine/user_sql.hpp"

namespace zdm::engine {

namespace {

bool selected(const plan::Gate& gate, const std::optional<plan::PhaseKind>& phase) {
  if (!phase)
    return true;
  for (const auto* list : {&gate.before, &gate.after, &gate.during}) {
    if (std::find(list->begin(), list->end(), *phase) != list->end())
      return true;
  }
  return false;
}

bool needs_database(const plan::Gate& gate, const GateCheckOptions& options) {
  return std::holds_alternative<plan::SqlProbe>(gate.probe) ||
         (std::holds_alternative<plan::ReplicaLagProbe>(gate.probe) &&
          options.replica_dsns.empty());
}

// Events go nowhere: this command prints its own table.
class SilentReporter final : public Reporter {
 public:
  void report(const Event&) override {}
  void progress(const BackfillProgress&) override {}
};

std::string when_text(const plan::Gate& gate) {
  std::string text;
  const auto add = [&](const char* label, const std::vector<plan::PhaseKind>& phases) {
    for (const auto phase : phases)
      text += (text.empty() ? "" : ", ") + std::string(label) + " " + plan::to_string(phase);
  };
  add("before", gate.before);
  add("during", gate.during);
  add("after", gate.after);
  return text;
}

}  // namespace

int check_gates(const plan::Plan& plan, const std::optional<db::Dsn>& dsn,
                const GateCheckOptions& options) {
  std::unique_ptr<db::Connection> connection;
  std::unique_ptr<db::Dialect> dialect;
  if (dsn) {
    dialect = db::make_dialect(dsn->driver(), plan.target.schema, plan.settings.state_schema);
    connection = connect_or_fail(*dsn);
  }
  SilentReporter silent;
  RunLog log(silent, nullptr, plan.name);
  gates::ProbeEnvironment env;
  env.database = connection.get();
  env.dialect = dialect.get();
  env.replica_dsns = options.replica_dsns;
  const std::string now =
      connection ? server_utc_now(*connection, *dialect) : sql_timestamp(now_ms());
  env.sql_placeholders = {{"phase_started_at", now}, {"migration_started_at", now}};
  env.stop = stop_flag();

  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  int failed = 0;
  for (const auto& gate : plan.gates) {
    if (!selected(gate, options.phase))
      continue;
    nlohmann::ordered_json row = {
        {"gate", gate.name}, {"kind", plan::gate_kind(gate.probe)}, {"when", when_text(gate)}};
    if (needs_database(gate, options) && !connection) {
      row["ok"] = false;
      row["value"] = nullptr;
      row["summary"] = "not evaluated: no database (give --dsn or ZDM_DSN)";
      ++failed;
      rows.push_back(row);
      continue;
    }
    // A baseline is taken when the phase starts; now the reading is its own baseline.
    GateResult result = evaluate_gate(gate, env, std::nullopt, log, "", "now");
    if (gate.expect && gate.expect->relative_to_baseline) {
      result = evaluate_gate(gate, env, result.value, log, "", "now");
      result.summary += " (the baseline is taken when the phase starts; shown against itself)";
    }
    row["ok"] = result.ok;
    row["value"] = result.value ? nlohmann::json(*result.value) : nullptr;
    row["summary"] = result.summary;
    failed += result.ok ? 0 : 1;
    rows.push_back(row);
  }
  if (options.json) {
    std::cout << nlohmann::ordered_json{{"kind", "zdm.gates"},
                                        {"version", 1},
                                        {"plan", plan.name},
                                        {"gates", rows}}
                     .dump(2)
              << "\n";
  } else {
    for (const auto& row : rows) {
      std::cout << (row["ok"].get<bool>() ? "ok      " : "FAILED  ")
                << row["gate"].get<std::string>() << " (" << row["kind"].get<std::string>() << "; "
                << row["when"].get<std::string>() << "): " << row["summary"].get<std::string>()
                << "\n";
    }
    if (rows.empty())
      std::cout << "no gate runs " << (options.phase ? "for that phase" : "in this plan") << "\n";
  }
  return failed;
}

}  // namespace zdm::engine
