// expand and contract steps: one mapping per step with exactly one kind key.
#include <functional>
#include <map>

#include "section_loaders.hpp"
#include "zdm/plan/suggest.hpp"

namespace zdm::plan::detail {

namespace {

using ActionLoader = std::function<std::optional<DdlAction>(LoadContext&, const YAML::Node&)>;

std::optional<ColumnDefinition> load_column(LoadContext& ctx, MapReader& map,
                                            const std::string& name_key) {
  ColumnDefinition column;
  column.at = map.at();
  auto name = read_identifier(ctx, map.required(name_key), name_key);
  auto type = read_string(ctx, map.required("type"), "type");
  read_optional_into(map, "nullable", column.nullable,
                     [&](auto n) { return read_bool(ctx, n, "nullable"); });
  read_optional_into(map, "primary_key", column.primary_key,
                     [&](auto n) { return read_bool(ctx, n, "primary_key"); });
  if (map.has("default"))
    column.default_sql = read_string(ctx, map.optional("default"), "default");
  if (!name || !type)
    return std::nullopt;
  column.name = *name;
  column.type = *type;
  if (column.primary_key)
    column.nullable = false;
  return column;
}

std::optional<DdlAction> load_add_column(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "add_column", {"table", "column", "type", "nullable", "default"});
  if (!map.is_mapping())
    return std::nullopt;
  auto table = read_identifier(ctx, map.required("table"), "table");
  auto column = load_column(ctx, map, "column");
  if (!table || !column)
    return std::nullopt;
  return AddColumn{*table, *column};
}

std::optional<DdlAction> load_create_table(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "create_table", {"table", "columns"});
  if (!map.is_mapping())
    return std::nullopt;
  auto table = read_identifier(ctx, map.required("table"), "table");
  const YAML::Node columns_node = map.required("columns");
  if (columns_node.IsDefined() && (!columns_node.IsSequence() || columns_node.size() == 0)) {
    ctx.diagnostics.error(location_of(columns_node),
                          "\"columns\" in create_table must be a non-empty list of "
                          "columns, got " +
                              describe(columns_node),
                          "write columns: [{name: id, type: bigint, primary_key: true}, ...]");
    return std::nullopt;
  }
  CreateTable action;
  bool ok = table.has_value() && columns_node.IsDefined();
  for (const auto& item : columns_node) {
    MapReader column_map(ctx, item, "a create_table column",
                         {"name", "type", "nullable", "primary_key", "default"});
    auto column = column_map.is_mapping() ? load_column(ctx, column_map, "name") : std::nullopt;
    if (column)
      action.columns.push_back(*column);
    ok = ok && column.has_value();
  }
  if (!ok)
    return std::nullopt;
  action.table = *table;
  return action;
}

std::optional<DdlAction> load_create_index(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "create_index", {"table", "name", "columns", "unique", "where"});
  if (!map.is_mapping())
    return std::nullopt;
  CreateIndex index;
  auto table = read_identifier(ctx, map.required("table"), "table");
  auto name = read_identifier(ctx, map.required("name"), "name");
  auto columns = read_identifier_list(ctx, map.required("columns"), "columns");
  read_optional_into(map, "unique", index.unique,
                     [&](auto n) { return read_bool(ctx, n, "unique"); });
  if (map.has("where"))
    index.where_sql = read_string(ctx, map.optional("where"), "where");
  if (!table || !name || !columns)
    return std::nullopt;
  index.table = *table;
  index.name = *name;
  index.columns = *columns;
  return index;
}

std::optional<DdlAction> load_add_check(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "add_check", {"table", "name", "expression"});
  if (!map.is_mapping())
    return std::nullopt;
  auto table = read_identifier(ctx, map.required("table"), "table");
  auto name = read_identifier(ctx, map.required("name"), "name");
  auto expression = read_string(ctx, map.required("expression"), "expression");
  if (!table || !name || !expression)
    return std::nullopt;
  return AddCheck{*table, *name, *expression};
}

std::optional<DdlAction> load_add_foreign_key(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "add_foreign_key",
                {"table", "name", "columns", "references", "on_delete"});
  if (!map.is_mapping())
    return std::nullopt;
  AddForeignKey fk;
  auto table = read_identifier(ctx, map.required("table"), "table");
  auto name = read_identifier(ctx, map.required("name"), "name");
  auto columns = read_identifier_list(ctx, map.required("columns"), "columns");
  const YAML::Node references_node = map.required("references");
  std::optional<std::string> ref_table;
  std::optional<std::vector<std::string>> ref_columns;
  if (references_node.IsDefined()) {
    MapReader references(ctx, references_node, "references", {"table", "columns"});
    ref_table = read_identifier(ctx, references.required("table"), "table");
    ref_columns = read_identifier_list(ctx, references.required("columns"), "columns");
  }
  if (map.has("on_delete")) {
    fk.on_delete = read_choice(ctx, map.optional("on_delete"), "on_delete",
                               {"no action", "restrict", "cascade", "set null", "set default"});
  }
  if (!table || !name || !columns || !ref_table || !ref_columns)
    return std::nullopt;
  if (columns->size() != ref_columns->size()) {
    ctx.diagnostics.error(location_of(references_node),
                          "add_foreign_key has " + std::to_string(columns->size()) +
                              " column(s) but references " + std::to_string(ref_columns->size()),
                          "list as many referenced columns as columns, in the same order");
    return std::nullopt;
  }
  fk.table = *table;
  fk.name = *name;
  fk.columns = *columns;
  fk.references = {*ref_table, *ref_columns};
  return fk;
}

std::optional<DdlAction> load_raw_sql(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "sql step", {"up", "down"});
  if (!map.is_mapping())
    return std::nullopt;
  RawSql sql;
  const YAML::Node up_node = map.required("up");
  auto up = read_string(ctx, up_node, "up");
  if (map.has("down")) {
    sql.down = read_string(ctx, map.optional("down"), "down");
    sql.down_at = location_of(map.optional("down"));
  }
  if (!up)
    return std::nullopt;
  sql.up = *up;
  sql.up_at = location_of(up_node);
  return sql;
}

std::optional<DdlAction> load_drop_column(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "drop_column", {"table", "column", "backup"});
  if (!map.is_mapping())
    return std::nullopt;
  DropColumn drop;
  auto table = read_identifier(ctx, map.required("table"), "table");
  auto column = read_identifier(ctx, map.required("column"), "column");
  read_optional_into(map, "backup", drop.backup,
                     [&](auto n) { return read_bool(ctx, n, "backup"); });
  if (!table || !column)
    return std::nullopt;
  drop.table = *table;
  drop.column = *column;
  return drop;
}

std::optional<DdlAction> load_rename_column(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "rename_column", {"table", "from", "to"});
  if (!map.is_mapping())
    return std::nullopt;
  auto table = read_identifier(ctx, map.required("table"), "table");
  auto from = read_identifier(ctx, map.required("from"), "from");
  auto to = read_identifier(ctx, map.required("to"), "to");
  if (!table || !from || !to)
    return std::nullopt;
  if (*from == *to) {
    ctx.diagnostics.error(map.key_at("to"), "rename_column renames \"" + *from + "\" to itself",
                          "\"from\" is the column's current name, \"to\" its new one");
    return std::nullopt;
  }
  return RenameColumn{*table, *from, *to};
}

std::optional<DdlAction> load_drop_index(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "drop_index", {"table", "name"});
  if (!map.is_mapping())
    return std::nullopt;
  auto table = read_identifier(ctx, map.required("table"), "table");
  auto name = read_identifier(ctx, map.required("name"), "name");
  if (!table || !name)
    return std::nullopt;
  return DropIndex{*table, *name};
}

const std::map<std::string, ActionLoader>& action_loaders() {
  static const std::map<std::string, ActionLoader> loaders = {
      {"add_column", load_add_column},           {"create_table", load_create_table},
      {"create_index", load_create_index},       {"add_check", load_add_check},
      {"add_foreign_key", load_add_foreign_key}, {"sql", load_raw_sql},
      {"drop_column", load_drop_column},         {"rename_column", load_rename_column},
      {"drop_index", load_drop_index},
  };
  return loaders;
}

// The kinds in the order the plan reference lists them, for hints.
const std::vector<std::string> kStepKinds = {"add_column",  "create_table",    "create_index",
                                             "add_check",   "add_foreign_key", "sql",
                                             "drop_column", "rename_column",   "drop_index"};

std::string derived_name(const DdlAction& action) {
  return std::visit(
      [](const auto& a) -> std::string {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, AddColumn>)
          return "add_column " + a.table + "." + a.column.name;
        if constexpr (std::is_same_v<A, CreateTable>)
          return "create_table " + a.table;
        if constexpr (std::is_same_v<A, CreateIndex>)
          return "create_index " + a.name;
        if constexpr (std::is_same_v<A, AddCheck>)
          return "add_check " + a.name;
        if constexpr (std::is_same_v<A, AddForeignKey>)
          return "add_foreign_key " + a.name;
        if constexpr (std::is_same_v<A, RawSql>)
          return "sql";
        if constexpr (std::is_same_v<A, DropColumn>)
          return "drop_column " + a.table + "." + a.column;
        if constexpr (std::is_same_v<A, RenameColumn>)
          return "rename_column " + a.table + "." + a.from;
        if constexpr (std::is_same_v<A, DropIndex>)
          return "drop_index " + a.name;
      },
      action);
}

}  // namespace

std::optional<DdlStep> load_ddl_step(LoadContext& ctx, const YAML::Node& node,
                                     const std::string& phase) {
  std::vector<std::string> keys = {"name"};
  keys.insert(keys.end(), kStepKinds.begin(), kStepKinds.end());
  MapReader map(ctx, node, phase + " step", keys, "step kind");
  if (!map.is_mapping())
    return std::nullopt;
  std::vector<std::string> kinds;
  for (const auto& key : map.present_keys()) {
    if (key != "name")
      kinds.push_back(key);
  }
  if (kinds.empty() && map.had_unknown_keys())
    return std::nullopt;  // a misspelled kind, reported with the kinds there are
  if (kinds.size() != 1) {
    ctx.diagnostics.error(
        map.at(),
        "a step has exactly one kind, this one has " +
            (kinds.empty() ? std::string("none") : join(kinds, " and ")),
        kinds.empty() ? "step kinds: " + join(kStepKinds) : "split it into one step per kind");
    return std::nullopt;
  }
  DdlStep step;
  step.at = map.at();
  if (map.has("name")) {
    auto name = read_string(ctx, map.optional("name"), "name");
    if (!name)
      return std::nullopt;
    step.name = *name;
    step.named_explicitly = true;
  }
  const YAML::Node body = map.required(kinds.front());
  if (!body.IsDefined())
    return std::nullopt;
  auto action = action_loaders().at(kinds.front())(ctx, body);
  if (!action)
    return std::nullopt;
  step.action = std::move(*action);
  if (!step.named_explicitly)
    step.name = derived_name(step.action);
  return step;
}

}  // namespace zdm::plan::detail
