#include "zdm/report/plan_summary.hpp"

#include "zdm/backfill/chunk_sizer.hpp"
#include "zdm/plan/duration.hpp"
#include "zdm/plan/environment.hpp"

namespace zdm::report {

using json = nlohmann::ordered_json;
using namespace zdm::plan;

namespace {

long long ms(Duration d) {
  return d.count();
}

json line_of(SourceLocation at) {
  return at.known() ? json(at.line) : json(nullptr);
}

json ddl_steps_json(const std::vector<DdlStep>& steps) {
  json out = json::array();
  for (const auto& step : steps) {
    out.push_back(
        {{"name", step.name}, {"kind", step_kind(step.action)}, {"line", line_of(step.at)}});
  }
  return out;
}

json phases_list(const std::vector<PhaseKind>& phases) {
  json out = json::array();
  for (PhaseKind phase : phases)
    out.push_back(to_string(phase));
  return out;
}

// Names of the variables a DSN is built from; never the DSN itself.
json dsn_json(const std::optional<TemplatedString>& dsn) {
  if (!dsn)
    return {{"in_plan", false}};
  return {{"in_plan", true}, {"variables", referenced_variables(dsn->text)}};
}

json phase_json(const Plan& plan, PhaseKind phase) {
  json out = {{"phase", to_string(phase)}};
  switch (phase) {
    case PhaseKind::expand:
      out["steps"] = ddl_steps_json(plan.expand->steps);
      break;
    case PhaseKind::dual_write: {
      json syncs = json::array(), checks = json::array();
      for (const auto& sync : plan.dual_write->sync)
        syncs.push_back(sync.table);
      for (const auto& check : plan.dual_write->checks)
        checks.push_back({{"name", check.name}, {"expect", check.expect.text}});
      out.update({{"sync_tables", syncs},
                  {"checks", checks},
                  {"observe_ms", ms(plan.dual_write->observe)},
                  {"every_ms", ms(plan.dual_write->every)}});
      break;
    }
    case PhaseKind::backfill: {
      json tables = json::array();
      for (const auto& t : plan.backfill->tables) {
        json columns = json::array();
        for (const auto& a : t.set)
          columns.push_back(a.column);
        tables.push_back(
            {{"table", t.table},
             {"columns", columns},
             {"key", t.key},
             {"target_chunk_time_ms", ms(t.chunk.target_time)},
             {"contended_chunk_time_ms", ms(std::chrono::duration_cast<plan::Duration>(
                                             backfill::ChunkSizer::contended_target(t.chunk)))}});
      }
      out["tables"] = tables;
      break;
    }
    case PhaseKind::read_switch: {
      json steps = json::array();
      for (const auto& s : plan.read_switch->steps) {
        steps.push_back({{"name", s.name},
                         {"kind", s.action.index() == 0 ? "http" : "command"},
                         {"has_rollback", s.rollback.has_value()},
                         {"line", line_of(s.at)}});
      }
      out["steps"] = steps;
      out["ramp_percents"] =
          plan.read_switch->ramp ? json(plan.read_switch->ramp->percents) : json(nullptr);
      break;
    }
    case PhaseKind::contract:
      out["steps"] = ddl_steps_json(plan.contract->steps);
      out["soak_ms"] = ms(plan.contract->soak);
      break;
  }
  return out;
}

json gates_json(const Plan& plan) {
  json out = json::array();
  for (const auto& gate : plan.gates) {
    out.push_back({{"name", gate.name},
                   {"kind", gate_kind(gate.probe)},
                   {"before", phases_list(gate.before)},
                   {"after", phases_list(gate.after)},
                   {"during", phases_list(gate.during)},
                   {"on_fail", to_string(gate.on_fail)},
                   {"line", line_of(gate.at)}});
  }
  return out;
}

std::string count(size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string phase_text(const Plan& plan, PhaseKind phase) {
  switch (phase) {
    case PhaseKind::expand:
      return count(plan.expand->steps.size(), "step");
    case PhaseKind::dual_write:
      return count(plan.dual_write->sync.size(), "sync trigger") + ", " +
             count(plan.dual_write->checks.size(), "check");
    case PhaseKind::backfill:
      return count(plan.backfill->tables.size(), "table");
    case PhaseKind::read_switch:
      return count(plan.read_switch->steps.size(), "step") +
             (plan.read_switch->ramp
                  ? ", ramp of " + count(plan.read_switch->ramp->percents.size(), "stage")
                  : "");
    case PhaseKind::contract:
      return count(plan.contract->steps.size(), "step") +
             (plan.contract->soak.count() > 0 ? ", soak " + format_duration(plan.contract->soak)
                                              : "");
  }
  return {};
}

}  // namespace

json plan_summary_json(const Plan& plan) {
  json phases = json::array();
  for (PhaseKind phase : plan.phases())
    phases.push_back(phase_json(plan, phase));
  json target = {{"driver", to_string(plan.target.driver)}, {"dsn", dsn_json(plan.target.dsn)}};
  if (plan.target.driver == Driver::postgres)
    target["schema"] = plan.target.schema;
  return {{"name", plan.name},
          {"description", plan.description},
          {"format_version", plan.format_version},
          {"target", target},
          {"settings",
           {{"lock_timeout_ms", ms(plan.settings.lock_timeout)},
            {"ddl_retries", plan.settings.ddl_retries},
            {"retry_backoff_initial_ms", ms(plan.settings.retry_backoff.initial)},
            {"retry_backoff_max_ms", ms(plan.settings.retry_backoff.max)},
            {"statement_timeout_ms", ms(plan.settings.statement_timeout)},
            {"state_schema", plan.settings.state_schema}}},
          {"phases", phases},
          {"gates", gates_json(plan)}};
}

std::string plan_summary_text(const Plan& plan) {
  std::string out = plan.name + " (" + to_string(plan.target.driver) + "): ";
  bool first = true;
  for (PhaseKind phase : plan.phases()) {
    out += (first ? "" : "; ") + std::string(to_string(phase)) + " " + phase_text(plan, phase);
    first = false;
  }
  return out + "; " + count(plan.gates.size(), "gate");
}

}  // namespace zdm::report
