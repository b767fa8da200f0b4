// dual_write: an optional sync trigger and SQL checks over an observation window.
#include "section_loaders.hpp"

namespace zdm::plan::detail {

namespace {

std::optional<SyncTrigger> load_sync(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "sync", {"table", "set"});
  if (!map.is_mapping())
    return std::nullopt;
  auto table = read_identifier(ctx, map.required("table"), "table");
  auto set = load_assignments(ctx, map.required("set"), "set");
  if (!table || !set)
    return std::nullopt;
  return SyncTrigger{*table, std::move(*set), map.at()};
}

// `sync:` is one table in the common case, or a list of them.
std::optional<std::vector<SyncTrigger>> load_syncs(LoadContext& ctx, const YAML::Node& node) {
  if (node.IsSequence()) {
    return load_list<SyncTrigger>(ctx, node, "sync",
                                  [&](const YAML::Node& item) { return load_sync(ctx, item); });
  }
  auto one = load_sync(ctx, node);
  if (!one)
    return std::nullopt;
  return std::vector<SyncTrigger>{std::move(*one)};
}

std::optional<SqlCheck> load_check(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "dual_write check", {"name", "sql", "expect"});
  if (!map.is_mapping())
    return std::nullopt;
  auto name = read_string(ctx, map.required("name"), "name");
  const YAML::Node sql_node = map.required("sql");
  auto sql = read_string(ctx, sql_node, "sql");
  auto expect = read_expectation(ctx, map.required("expect"), "expect");
  if (!name || !sql || !expect)
    return std::nullopt;
  if (expect->relative_to_baseline) {
    ctx.diagnostics.error(expect->at,
                          "a dual_write check compares with a fixed number, not a baseline",
                          "write an absolute expectation such as \"= 0\"");
    return std::nullopt;
  }
  return SqlCheck{*name, *sql, *expect, map.at(), location_of(sql_node)};
}

}  // namespace

std::optional<DualWritePhase> load_dual_write(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "dual_write", {"sync", "checks", "observe", "every"});
  if (!map.is_mapping())
    return std::nullopt;
  DualWritePhase phase;
  phase.at = map.at();
  bool ok = true;
  if (map.has("sync")) {
    auto syncs = load_syncs(ctx, map.optional("sync"));
    ok = syncs.has_value();
    if (syncs)
      phase.sync = std::move(*syncs);
  }
  if (map.has("checks")) {
    auto checks =
        load_list<SqlCheck>(ctx, map.optional("checks"), "checks",
                            [&](const YAML::Node& item) { return load_check(ctx, item); });
    ok = ok && checks.has_value();
    if (checks)
      phase.checks = std::move(*checks);
  }
  read_optional_into(map, "observe", phase.observe,
                     [&](auto n) { return read_duration(ctx, n, "observe", true); });
  read_optional_into(map, "every", phase.every,
                     [&](auto n) { return read_duration(ctx, n, "every", false); });
  if (!ok)
    return std::nullopt;
  if (!map.has("sync") && !map.has("checks")) {
    ctx.diagnostics.error(
        map.at(), "dual_write needs \"sync\", \"checks\", or both",
        "sync installs a trigger that keeps the new shape in step; checks prove the "
        "application writes both");
    return std::nullopt;
  }
  if (phase.observe.count() > 0 && phase.checks.empty()) {
    ctx.diagnostics.error(map.key_at("observe"),
                          "\"observe\" needs \"checks\" to run during the window",
                          "add checks that prove the application writes both shapes, or remove "
                          "observe");
    return std::nullopt;
  }
  return phase;
}

}  // namespace zdm::plan::detail
