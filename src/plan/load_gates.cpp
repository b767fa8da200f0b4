// gates: named health checks that run before, after or during phases.
#include <algorithm>

#include "section_loaders.hpp"
#include "zdm/plan/suggest.hpp"

namespace zdm::plan::detail {

namespace {

const std::vector<std::string> kGateKinds = {"sql", "http", "prometheus", "command", "replica_lag"};
const std::vector<std::string> kGateFields = {"name",  "expect",  "before",  "after",  "during",
                                              "every", "timeout", "retries", "on_fail"};
const std::vector<std::string> kPhaseNames = {"expand", "dual_write", "backfill", "read_switch",
                                              "contract"};

std::optional<GateProbe> load_probe(LoadContext& ctx, const std::string& kind,
                                    const YAML::Node& node) {
  if (kind == "sql") {
    auto sql = read_string(ctx, node, "sql");
    if (sql)
      return SqlProbe{*sql, location_of(node)};
  } else if (kind == "http") {
    auto http = load_http_request(ctx, node, "http gate", HttpUse::gate);
    if (http)
      return std::move(*http);
  } else if (kind == "prometheus") {
    MapReader map(ctx, node, "prometheus", {"url", "query"});
    const YAML::Node url_node = map.required("url");
    auto url = read_templated(ctx, url_node, "url");
    auto query = read_string(ctx, map.required("query"), "query");
    if (url && query)
      return PrometheusProbe{*url, *query, map.at()};
  } else if (kind == "command") {
    auto command = load_command(ctx, node, "command gate");
    if (command)
      return std::move(*command);
  } else if (kind == "replica_lag") {
    MapReader map(ctx, node, "replica_lag", {"max"});
    auto max = read_duration(ctx, map.required("max"), "max", false);
    if (max)
      return ReplicaLagProbe{*max, map.at()};
  }
  return std::nullopt;
}

// The phases the plan names; a gate may only run around those.
using PlanPhases = std::optional<std::vector<PhaseKind>>;

bool check_phase_in_plan(LoadContext& ctx, PhaseKind phase, const YAML::Node& item,
                         const std::string& when, const std::string& gate_name,
                         const PlanPhases& plan_phases) {
  if (!plan_phases ||
      std::find(plan_phases->begin(), plan_phases->end(), phase) != plan_phases->end()) {
    return true;
  }
  std::vector<std::string> names;
  for (PhaseKind present : kPhaseOrder) {
    if (std::find(plan_phases->begin(), plan_phases->end(), present) != plan_phases->end())
      names.push_back(to_string(present));
  }
  ctx.diagnostics.error(location_of(item),
                        "gate \"" + gate_name + "\" runs " + when + " " + to_string(phase) +
                            ", but the plan has no " + to_string(phase) + " phase",
                        "phases in this plan: " + join(names));
  return false;
}

std::optional<std::vector<PhaseKind>> load_phase_list(LoadContext& ctx, const YAML::Node& node,
                                                      const std::string& field,
                                                      const std::string& gate_name,
                                                      const PlanPhases& plan_phases) {
  auto names = read_string_list(ctx, node, field);
  if (!names)
    return std::nullopt;
  std::vector<PhaseKind> phases;
  bool ok = true;
  for (size_t i = 0; i < names->size(); ++i) {
    auto phase = phase_from_string((*names)[i]);
    if (!phase) {
      ctx.diagnostics.error(
          location_of(node[i]), "unknown phase \"" + (*names)[i] + "\" in \"" + field + "\"",
          suggestion_hint((*names)[i], kPhaseNames, "phases: " + join(kPhaseNames)));
      ok = false;
    } else if (check_phase_in_plan(ctx, *phase, node[i], field, gate_name, plan_phases)) {
      phases.push_back(*phase);
    } else {
      ok = false;
    }
  }
  if (!ok)
    return std::nullopt;
  return phases;
}

// Which of sql/http/... the gate uses; exactly one.
std::optional<std::string> gate_kind_of(LoadContext& ctx, const MapReader& map,
                                        const std::string& label) {
  std::vector<std::string> kinds;
  for (const auto& key : map.present_keys()) {
    if (std::find(kGateKinds.begin(), kGateKinds.end(), key) != kGateKinds.end())
      kinds.push_back(key);
  }
  if (kinds.size() == 1)
    return kinds.front();
  if (kinds.empty() && map.had_unknown_keys())
    return std::nullopt;  // a misspelled or unsupported kind, reported with the keys there are
  ctx.diagnostics.error(map.at(),
                        kinds.empty() ? label + " has no kind"
                                      : label + " has more than one kind: " + join(kinds, " and "),
                        "a gate takes exactly one of: " + join(kGateKinds));
  return std::nullopt;
}

// An http gate with json_pointer reads a number, like sql and prometheus gates.
bool reads_number(const MapReader& map, const std::string& kind) {
  if (kind == "sql" || kind == "prometheus")
    return true;
  const YAML::Node http = map.optional("http");
  return kind == "http" && http.IsMap() && http["json_pointer"].IsDefined() &&
         !http["json_pointer"].IsNull();
}

bool check_expectation_fits(LoadContext& ctx, const MapReader& map, const std::string& kind,
                            const std::string& label) {
  const bool needs_expect = reads_number(map, kind);
  if (needs_expect && !map.has("expect")) {
    const std::string source = kind == "http" ? "the number its json_pointer reads"
                                              : "the value its " + kind + " query returns";
    ctx.diagnostics.error(map.at(), label + " needs \"expect\" for " + source, kExpectationHint);
    return false;
  }
  if (!needs_expect && map.has("expect")) {
    if (kind == "http") {
      ctx.diagnostics.error(map.key_at("expect"),
                            "\"expect\" on an http gate needs \"json_pointer\": the number in "
                            "the response to compare",
                            "add json_pointer: \"/path/to/number\", or remove expect: without it "
                            "an http gate checks expect_status (and body_contains)");
      return false;
    }
    ctx.diagnostics.error(map.key_at("expect"),
                          "\"expect\" applies to sql and prometheus gates, not to " + kind,
                          kind == "command" ? "a command gate passes when the command exits 0"
                                            : "a replica_lag gate checks its max");
    return false;
  }
  return true;
}

void load_timing(LoadContext& ctx, MapReader& map, Gate& gate, const PlanPhases& plan_phases) {
  for (auto [when, phases] : {std::pair{"before", &gate.before}, std::pair{"after", &gate.after},
                              std::pair{"during", &gate.during}}) {
    read_optional_into(map, when, *phases, [&](auto n) {
      return load_phase_list(ctx, n, when, gate.name, plan_phases);
    });
  }
  read_optional_into(map, "every", gate.every,
                     [&](auto n) { return read_duration(ctx, n, "every", false); });
  read_optional_into(map, "timeout", gate.timeout,
                     [&](auto n) { return read_duration(ctx, n, "timeout", false); });
  read_optional_into(map, "retries", gate.retries,
                     [&](auto n) { return read_integer(ctx, n, "retries", 0, 100); });
  if (map.has("on_fail")) {
    auto action = read_choice(ctx, map.optional("on_fail"), "on_fail",
                              {"abort", "pause", "rollback", "confirm"});
    if (action == "pause")
      gate.on_fail = GateFailAction::pause;
    if (action == "rollback")
      gate.on_fail = GateFailAction::rollback;
    if (action == "confirm")
      gate.on_fail = GateFailAction::confirm;
  }
  if (!map.has("before") && !map.has("after") && !map.has("during")) {
    ctx.diagnostics.error(map.at(), "gate \"" + gate.name + "\" never runs",
                          "say when: before: [phase], after: [phase] or during: [phase]");
  }
  if (map.has("every") && !map.has("during")) {
    ctx.diagnostics.warning(map.key_at("every"),
                            "\"every\" only applies to gates that run \"during\" a phase");
  }
}

std::optional<Gate> load_gate(LoadContext& ctx, const YAML::Node& node,
                              const PlanPhases& plan_phases) {
  std::vector<std::string> keys = kGateFields;
  keys.insert(keys.end(), kGateKinds.begin(), kGateKinds.end());
  MapReader map(ctx, node, "gate", keys);
  if (!map.is_mapping())
    return std::nullopt;
  const size_t errors_before = ctx.diagnostics.error_count();
  Gate gate;
  gate.at = map.at();
  auto name = read_string(ctx, map.required("name"), "name");
  gate.name = name.value_or("");
  const std::string label = name ? "gate \"" + *name + "\"" : "a gate";
  auto kind = gate_kind_of(ctx, map, label);
  std::optional<GateProbe> probe;
  if (kind)
    probe = load_probe(ctx, *kind, map.required(*kind));
  if (kind && check_expectation_fits(ctx, map, *kind, label) && map.has("expect")) {
    gate.expect = read_expectation(ctx, map.optional("expect"), "expect");
  }
  load_timing(ctx, map, gate, plan_phases);
  if (!probe || ctx.diagnostics.error_count() != errors_before)
    return std::nullopt;
  gate.probe = std::move(*probe);
  return gate;
}

}  // namespace

std::vector<Gate> load_gates(LoadContext& ctx, const YAML::Node& node,
                             const std::optional<std::vector<PhaseKind>>& plan_phases) {
  auto gates = load_list<Gate>(ctx, node, "gates", [&](const YAML::Node& item) {
    return load_gate(ctx, item, plan_phases);
  });
  return gates.value_or(std::vector<Gate>{});
}

}  // namespace zdm::plan::detail
