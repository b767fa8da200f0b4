// expand and contract: lists of DDL steps (contract also has a soak time).
#include "section_loaders.hpp"

namespace zdm::plan::detail {

namespace {

std::optional<std::vector<DdlStep>> load_ddl_steps(LoadContext& ctx, MapReader& map,
                                                   const std::string& phase) {
  return load_list<DdlStep>(ctx, map.required("steps"), "steps", [&](const YAML::Node& item) {
    return load_ddl_step(ctx, item, phase);
  });
}

}  // namespace

std::optional<DdlPhase> load_expand(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "expand", {"steps"});
  if (!map.is_mapping())
    return std::nullopt;
  auto steps = load_ddl_steps(ctx, map, "expand");
  if (!steps)
    return std::nullopt;
  return DdlPhase{std::move(*steps), map.at()};
}

std::optional<ContractPhase> load_contract(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "contract", {"soak", "steps"});
  if (!map.is_mapping())
    return std::nullopt;
  ContractPhase contract;
  contract.at = map.at();
  read_optional_into(map, "soak", contract.soak,
                     [&](auto n) { return read_duration(ctx, n, "soak", true); });
  auto steps = load_ddl_steps(ctx, map, "contract");
  if (!steps)
    return std::nullopt;
  contract.steps = std::move(*steps);
  return contract;
}

}  // namespace zdm::plan::detail
