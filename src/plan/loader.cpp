#include "zdm/plan/loader.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "section_loaders.hpp"
#include "yaml_parse.hpp"
#include "zdm/plan/identifier.hpp"
#include "zdm/plan/suggest.hpp"
#include "zdm/version.hpp"

namespace zdm::plan {

namespace {

using detail::LoadContext;
using detail::MapReader;

const std::vector<std::string> kTopLevelKeys = {"zdm",      "name",   "description", "target",
                                                "settings", "phases", "gates"};
const std::vector<std::string> kPhaseKeys = {"expand", "dual_write", "backfill", "read_switch",
                                             "contract"};

constexpr const char* kPlanShapeHint =
    "a plan is a YAML mapping that starts with \"zdm: 1\", \"name: ...\", \"target: {driver: "
    "...}\" "
    "and \"phases: ...\"; see docs/plan-reference.md";

void load_header(LoadContext& ctx, MapReader& map, Plan& plan) {
  const YAML::Node version =
      map.required("zdm", "start the plan with \"zdm: 1\", the version of the plan format");
  if (version.IsDefined()) {
    auto number = detail::read_integer(ctx, version, "zdm", 0, 1'000'000);
    if (number && *number != 1) {
      ctx.diagnostics.error(
          detail::location_of(version),
          "unsupported plan format version " + std::to_string(*number),
          std::string("this zdm (") + kVersion + ") reads format version 1: write \"zdm: 1\"");
    }
  }
  const YAML::Node name_node =
      map.required("name", "add \"name: ...\": 1 to 63 characters of a-z, 0-9, _ and -");
  if (auto name = detail::read_string(ctx, name_node, "name")) {
    if (!is_valid_plan_name(*name)) {
      ctx.diagnostics.error(
          detail::location_of(name_node), "invalid plan name \"" + *name + "\"",
          "a name is 1 to 63 characters of a-z, 0-9, _ and -, starting with a letter or digit");
    }
    plan.name = *name;
  }
  if (map.has("description")) {
    plan.description =
        detail::read_text(ctx, map.optional("description"), "description").value_or("");
  }
}

// The phases the plan names (also those that failed to load), or nullopt without `phases`.
std::optional<std::vector<PhaseKind>> load_phases(LoadContext& ctx, const YAML::Node& node,
                                                  Plan& plan) {
  MapReader map(ctx, node, "phases", kPhaseKeys, "phase");
  if (!map.is_mapping())
    return std::nullopt;
  if (node.size() == 0) {
    ctx.diagnostics.error(map.at(), "the plan has no phases", "phases: " + join(kPhaseKeys));
  }
  std::vector<PhaseKind> named;
  for (const auto& key : map.present_keys()) {
    named.push_back(*phase_from_string(key));
    const YAML::Node phase = map.required(key);
    if (!phase.IsDefined())
      continue;
    if (key == "expand")
      plan.expand = detail::load_expand(ctx, phase);
    if (key == "dual_write")
      plan.dual_write = detail::load_dual_write(ctx, phase);
    if (key == "backfill")
      plan.backfill = detail::load_backfill(ctx, phase);
    if (key == "read_switch")
      plan.read_switch = detail::load_read_switch(ctx, phase);
    if (key == "contract")
      plan.contract = detail::load_contract(ctx, phase);
  }
  return named;
}

void load_document(LoadContext& ctx, const YAML::Node& root, Plan& plan) {
  if (root.IsNull() || !root.IsDefined()) {
    ctx.diagnostics.error({1, 1}, "the plan is empty", kPlanShapeHint);
    return;
  }
  if (!root.IsMap()) {
    ctx.diagnostics.error(detail::location_of(root),
                          "a plan must be a YAML mapping of keys, got " + detail::describe(root),
                          kPlanShapeHint);
    return;
  }
  MapReader map(ctx, root, "the plan", kTopLevelKeys);
  load_header(ctx, map, plan);
  plan.target = detail::load_target(
      ctx, map.required("target", "add \"target: {driver: postgres}\" (or mysql)"));
  if (map.has("settings"))
    plan.settings = detail::load_settings(ctx, map.optional("settings"));
  const auto phases = load_phases(
      ctx, map.required("phases", "add \"phases:\" with one or more of: " + join(kPhaseKeys)),
      plan);
  if (map.has("gates"))
    plan.gates = detail::load_gates(ctx, map.optional("gates"), phases);
  if (!ctx.diagnostics.has_errors())
    detail::check_plan(ctx, plan);
}

LoadResult unreadable(const std::string& path, const std::string& reason, const std::string& hint) {
  LoadResult result;
  result.diagnostics.push_back(
      {path, {}, Severity::error, "cannot read the plan file: " + reason, hint});
  return result;
}

}  // namespace

LoadResult load_plan_text(const std::string& text, const std::string& file,
                          const EnvironmentLookup& environment) {
  Diagnostics diagnostics(file);
  LoadContext ctx{diagnostics, environment};
  Plan plan;
  plan.source_file = file;
  plan.source_text = text;
  if (auto root = detail::parse_yaml(text, diagnostics))
    load_document(ctx, *root, plan);
  LoadResult result;
  result.diagnostics = diagnostics.sorted();
  if (!diagnostics.has_errors())
    result.plan = std::move(plan);
  return result;
}

LoadResult load_plan_file(const std::string& path, const EnvironmentLookup& environment) {
  constexpr const char* kPathHint = "check the path; zdm validate takes one or more plan files";
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    return unreadable(path, "it is a directory",
                      "give the plan files in it, such as " + path + "/*.yaml");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return unreadable(path, std::strerror(errno), kPathHint);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    return unreadable(path, std::strerror(errno), kPathHint);
  return load_plan_text(text.str(), path, environment);
}

}  // namespace zdm::plan
