#include "zdm/db/table_schema.hpp"

#include <algorithm>

namespace zdm::db {

namespace {

template <typename Item>
const Item* find_named(const std::vector<Item>& items, const std::string& name) {
  auto it = std::find_if(items.begin(), items.end(), [&](const Item& i) { return i.name == name; });
  return it == items.end() ? nullptr : &*it;
}

nlohmann::json optional_json(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

std::optional<std::string> optional_string(const nlohmann::json& value) {
  if (value.is_null())
    return std::nullopt;
  return value.get<std::string>();
}

// "auto_increment" only when set: snapshots written before it was read compare equal.
nlohmann::json column_json(const ColumnSchema& c) {
  nlohmann::json out = {{"name", c.name},
                        {"type", c.type},
                        {"nullable", c.nullable},
                        {"default", optional_json(c.default_sql)}};
  if (c.auto_increment)
    out["auto_increment"] = true;
  return out;
}

nlohmann::json index_json(const IndexSchema& i) {
  return {{"name", i.name},       {"columns", i.columns}, {"unique", i.unique},
          {"primary", i.primary}, {"valid", i.valid},     {"definition", i.definition}};
}

nlohmann::json constraint_json(const ConstraintSchema& c) {
  return {
      {"name", c.name}, {"kind", c.kind}, {"definition", c.definition}, {"validated", c.validated}};
}

nlohmann::json trigger_json(const TriggerSchema& t) {
  return {{"name", t.name}, {"definition", t.definition}};
}

template <typename Item, typename ToJson>
nlohmann::json list_json(const std::vector<Item>& items, ToJson to_json_item) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& item : items)
    out.push_back(to_json_item(item));
  return out;
}

// Differences between two named lists: what is new, what is gone, what changed.
template <typename Item, typename ToJson>
void compare_named(const std::string& table, const std::string& what,
                   const std::vector<Item>& before, const std::vector<Item>& now,
                   ToJson to_json_item, std::vector<std::string>& out) {
  for (const auto& item : before) {
    const Item* current = find_named(now, item.name);
    if (current == nullptr) {
      out.push_back(table + ": " + what + " " + item.name + " was there before and is gone");
    } else if (!(*current == item)) {
      out.push_back(table + ": " + what + " " + item.name + " changed: was " +
                    to_json_item(item).dump() + ", now " + to_json_item(*current).dump());
    }
  }
  for (const auto& item : now) {
    if (find_named(before, item.name) == nullptr)
      out.push_back(table + ": " + what + " " + item.name + " is new (not there before)");
  }
}

}  // namespace

const ColumnSchema* TableSchema::column(const std::string& name) const {
  return find_named(columns, name);
}

const IndexSchema* TableSchema::index(const std::string& name) const {
  return find_named(indexes, name);
}

std::vector<std::string> TableSchema::primary_key() const {
  for (const auto& i : indexes) {
    if (i.primary)
      return i.columns;
  }
  return {};
}

std::vector<std::string> TableSchema::column_names() const {
  std::vector<std::string> names;
  for (const auto& c : columns)
    names.push_back(c.name);
  return names;
}

nlohmann::json to_json(const TableSchema& table) {
  return {{"table", table.table},
          {"exists", table.exists},
          {"columns", list_json(table.columns, column_json)},
          {"indexes", list_json(table.indexes, index_json)},
          {"constraints", list_json(table.constraints, constraint_json)},
          {"triggers", list_json(table.triggers, trigger_json)}};
}

TableSchema table_schema_from_json(const nlohmann::json& json) {
  TableSchema table;
  table.table = json.at("table").get<std::string>();
  table.exists = json.at("exists").get<bool>();
  for (const auto& c : json.at("columns")) {
    table.columns.push_back({c.at("name"), c.at("type"), c.at("nullable").get<bool>(),
                             optional_string(c.at("default")), c.value("auto_increment", false)});
  }
  for (const auto& i : json.at("indexes")) {
    table.indexes.push_back({i.at("name"), i.at("columns").get<std::vector<std::string>>(),
                             i.at("unique").get<bool>(), i.at("primary").get<bool>(),
                             i.at("valid").get<bool>(), i.at("definition")});
  }
  for (const auto& c : json.at("constraints")) {
    table.constraints.push_back(
        {c.at("name"), c.at("kind"), c.at("definition"), c.at("validated").get<bool>()});
  }
  for (const auto& t : json.at("triggers"))
    table.triggers.push_back({t.at("name"), t.at("definition")});
  return table;
}

std::vector<std::string> schema_differences(const TableSchema& before, const TableSchema& now) {
  std::vector<std::string> out;
  const std::string& name = before.table;
  if (before.exists != now.exists) {
    out.push_back(name + ": the table " +
                  (before.exists ? "was there before and is gone" : "is new (not there before)"));
    return out;
  }
  compare_named(name, "column", before.columns, now.columns, column_json, out);
  // Column order is not compared: a column put back by a rollback comes last, and only a
  // table rewrite could move it.
  compare_named(name, "index", before.indexes, now.indexes, index_json, out);
  compare_named(name, "constraint", before.constraints, now.constraints, constraint_json, out);
  compare_named(name, "trigger", before.triggers, now.triggers, trigger_json, out);
  return out;
}

}  // namespace zdm::db
