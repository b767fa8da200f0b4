// read_switch: hook steps with their inverse, optionally run once per ramp stage.
#include "section_loaders.hpp"
#include "zdm/plan/suggest.hpp"

namespace zdm::plan::detail {

namespace {

// `http:` or `command:` in a mapping that may hold other keys (name, rollback).
std::optional<HookAction> load_hook_action(LoadContext& ctx, MapReader& map,
                                           const std::string& what) {
  const bool has_http = map.has("http");
  const bool has_command = map.has("command");
  if (!has_http && !has_command && map.had_unknown_keys())
    return std::nullopt;  // reported with the keys it takes
  if (has_http == has_command) {
    ctx.diagnostics.error(map.at(), has_http
                                        ? what + " has both \"http\" and \"command\"; it takes one"
                                        : what + " needs \"http\" or \"command\"");
    return std::nullopt;
  }
  if (has_http) {
    auto http = load_http_request(ctx, map.optional("http"), "http", HttpUse::hook);
    if (!http)
      return std::nullopt;
    // Built in place: GCC 12 wrongly warns maybe-uninitialized on a temporary variant here.
    return std::optional<HookAction>(std::in_place, std::in_place_type<HttpRequest>,
                                     std::move(*http));
  }
  auto command = load_command(ctx, map.optional("command"), "command");
  if (command)
    return HookAction{std::move(*command)};
  return std::nullopt;
}

std::string derived_name(const HookAction& action) {
  if (const auto* http = std::get_if<HttpRequest>(&action))
    return http->method + " " + http->url.text;
  return std::get<Command>(action).argv.front();
}

std::optional<HookStep> load_hook_step(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "read_switch step", {"name", "http", "command", "rollback"},
                "step kind");
  if (!map.is_mapping())
    return std::nullopt;
  HookStep step;
  step.at = map.at();
  if (map.has("name")) {
    auto name = read_string(ctx, map.optional("name"), "name");
    if (!name)
      return std::nullopt;
    step.name = *name;
    step.named_explicitly = true;
  }
  auto action = load_hook_action(ctx, map, "a read_switch step");
  bool ok = action.has_value();
  if (map.has("rollback")) {
    MapReader rollback(ctx, map.optional("rollback"), "rollback", {"http", "command"}, "step kind");
    step.rollback =
        rollback.is_mapping() ? load_hook_action(ctx, rollback, "rollback") : std::nullopt;
    ok = ok && step.rollback.has_value();
  }
  if (!ok)
    return std::nullopt;
  step.action = std::move(*action);
  if (!step.named_explicitly)
    step.name = derived_name(step.action);
  return step;
}

std::optional<Ramp> load_ramp(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "ramp", {"percents", "hold"});
  if (!map.is_mapping())
    return std::nullopt;
  Ramp ramp;
  ramp.at = map.at();
  const YAML::Node percents_node = map.required("percents");
  auto percents = load_list<long long>(ctx, percents_node, "percents", [&](const YAML::Node& item) {
    return read_integer(ctx, item, "percents", 1, 100);
  });
  read_optional_into(map, "hold", ramp.hold,
                     [&](auto n) { return read_duration(ctx, n, "hold", true); });
  if (!percents)
    return std::nullopt;
  for (size_t i = 0; i < percents->size(); ++i) {
    if (i > 0 && (*percents)[i] <= (*percents)[i - 1]) {
      ctx.diagnostics.error(location_of(percents_node[i]),
                            "ramp percents must increase, but " + std::to_string((*percents)[i]) +
                                " follows " + std::to_string((*percents)[i - 1]),
                            "list the stages from the smallest share of reads to 100");
      return std::nullopt;
    }
    ramp.percents.push_back(static_cast<int>((*percents)[i]));
  }
  if (ramp.percents.back() != 100) {
    ctx.diagnostics.error(
        location_of(percents_node),
        "the last ramp stage must be 100, got " + std::to_string(ramp.percents.back()),
        "a read switch that stops short of 100% never finishes; add 100 at the end");
    return std::nullopt;
  }
  return ramp;
}

}  // namespace

std::optional<ReadSwitchPhase> load_read_switch(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "read_switch", {"steps", "ramp"});
  if (!map.is_mapping())
    return std::nullopt;
  ReadSwitchPhase phase;
  phase.at = map.at();
  auto steps =
      load_list<HookStep>(ctx, map.required("steps"), "steps",
                          [&](const YAML::Node& item) { return load_hook_step(ctx, item); });
  if (map.has("ramp"))
    phase.ramp = load_ramp(ctx, map.optional("ramp"));
  if (!steps || (map.has("ramp") && !phase.ramp))
    return std::nullopt;
  phase.steps = std::move(*steps);
  return phase;
}

}  // namespace zdm::plan::detail
