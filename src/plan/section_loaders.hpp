#pragma once
// The loader's sections, one file each; private to src/plan.

#include <optional>

#include "yaml_reader.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::plan::detail {

std::optional<DdlStep> load_ddl_step(LoadContext& ctx, const YAML::Node& node,
                                     const std::string& phase);
// Where an HTTP request is used: gates may also check the body (body_contains, json_pointer).
enum class HttpUse { hook, gate };
std::optional<HttpRequest> load_http_request(LoadContext& ctx, const YAML::Node& node,
                                             const std::string& what, HttpUse use);
std::optional<Command> load_command(LoadContext& ctx, const YAML::Node& node,
                                    const std::string& what);
std::optional<std::vector<ColumnAssignment>> load_assignments(LoadContext& ctx,
                                                              const YAML::Node& node,
                                                              const std::string& field);

std::optional<DdlPhase> load_expand(LoadContext& ctx, const YAML::Node& node);
std::optional<DualWritePhase> load_dual_write(LoadContext& ctx, const YAML::Node& node);
std::optional<BackfillPhase> load_backfill(LoadContext& ctx, const YAML::Node& node);
std::optional<ReadSwitchPhase> load_read_switch(LoadContext& ctx, const YAML::Node& node);
std::optional<ContractPhase> load_contract(LoadContext& ctx, const YAML::Node& node);

// `plan_phases`: the phases the plan names, which gates may run around; nullopt when
// `phases` itself is missing or malformed (reported already).
std::vector<Gate> load_gates(LoadContext& ctx, const YAML::Node& node,
                             const std::optional<std::vector<PhaseKind>>& plan_phases);
Target load_target(LoadContext& ctx, const YAML::Node& node);
Settings load_settings(LoadContext& ctx, const YAML::Node& node);

// Checks across sections: names that must be unique, placeholders, dialect restrictions.
void check_plan(LoadContext& ctx, const Plan& plan);

}  // namespace zdm::plan::detail

namespace zdm::plan::detail {

// A non-empty YAML list whose items each load with `load_item`; nullopt when anything failed.
template <typename Item, typename LoadItem>
std::optional<std::vector<Item>> load_list(LoadContext& ctx, const YAML::Node& node,
                                           const std::string& field, LoadItem load_item) {
  if (!node.IsDefined())
    return std::nullopt;
  if (!node.IsSequence() || node.size() == 0) {
    ctx.diagnostics.error(location_of(node),
                          "\"" + field + "\" must be a non-empty list, got " + describe(node),
                          "write one item per line, each starting with \"- \"");
    return std::nullopt;
  }
  std::vector<Item> items;
  bool ok = true;
  for (const auto& element : node) {
    auto item = load_item(element);
    if (item)
      items.push_back(std::move(*item));
    ok = ok && item.has_value();
  }
  if (!ok)
    return std::nullopt;
  return items;
}

}  // namespace zdm::plan::detail
