#include "zdm/plan/plan.hpp"

namespace zdm::plan {

const char* to_string(Driver driver) {
  return driver == Driver::postgres ? "postgres" : "mysql";
}

const char* to_string(PhaseKind phase) {
  switch (phase) {
    case PhaseKind::expand:
      return "expand";
    case PhaseKind::dual_write:
      return "dual_write";
    case PhaseKind::backfill:
      return "backfill";
    case PhaseKind::read_switch:
      return "read_switch";
    case PhaseKind::contract:
      return "contract";
  }
  return "?";
}

const char* to_string(GateFailAction action) {
  switch (action) {
    case GateFailAction::abort:
      return "abort";
    case GateFailAction::pause:
      return "pause";
    case GateFailAction::rollback:
      return "rollback";
    case GateFailAction::confirm:
      return "confirm";
  }
  return "?";
}

std::optional<PhaseKind> phase_from_string(const std::string& name) {
  for (PhaseKind phase : kPhaseOrder) {
    if (name == to_string(phase))
      return phase;
  }
  return std::nullopt;
}

const char* step_kind(const DdlAction& action) {
  static const char* const kinds[] = {"add_column",  "create_table",    "create_index",
                                      "add_check",   "add_foreign_key", "sql",
                                      "drop_column", "rename_column",   "drop_index"};
  return kinds[action.index()];
}

const char* gate_kind(const GateProbe& probe) {
  static const char* const kinds[] = {"sql", "http", "prometheus", "command", "replica_lag"};
  return kinds[probe.index()];
}

bool Plan::has_phase(PhaseKind phase) const {
  switch (phase) {
    case PhaseKind::expand:
      return expand.has_value();
    case PhaseKind::dual_write:
      return dual_write.has_value();
    case PhaseKind::backfill:
      return backfill.has_value();
    case PhaseKind::read_switch:
      return read_switch.has_value();
    case PhaseKind::contract:
      return contract.has_value();
  }
  return false;
}

const SyncTrigger* Plan::sync_on(const std::string& table) const {
  if (!dual_write)
    return nullptr;
  for (const auto& sync : dual_write->sync) {
    if (sync.table == table)
      return &sync;
  }
  return nullptr;
}

std::vector<PhaseKind> Plan::phases() const {
  std::vector<PhaseKind> present;
  for (PhaseKind phase : kPhaseOrder) {
    if (has_phase(phase))
      present.push_back(phase);
  }
  return present;
}

}  // namespace zdm::plan
