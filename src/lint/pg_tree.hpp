#pragma once
// Reading libpg_query's JSON parse trees: every node is {"Kind": {fields}}. Private to lint.

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace zdm::lint::pg {

using Json = nlohmann::json;

// The node's kind ("AlterTableStmt"), "" for anything that is not a one-key object.
std::string kind(const Json& node);
// The fields of a node of `wanted` kind, nullptr when the node is of another kind.
const Json* as(const Json& node, std::string_view wanted);
// A field, nullptr when absent.
const Json* field(const Json& fields, std::string_view name);
std::string string_field(const Json& fields, std::string_view name);
bool bool_field(const Json& fields, std::string_view name);
// The sval of each String node in a list field ("names", "fk_attrs").
std::vector<std::string> strings(const Json& fields, std::string_view name);
// The table a RangeVar names (no schema), "" when the field is absent.
std::string relation_name(const Json& fields, std::string_view name = "relation");
// Calls `visit` with every node below `node` (depth first), `node` included.
void walk(const Json& node, const std::function<void(const Json&)>& visit);
// ALTER TABLE's commands, each AlterTableCmd's fields.
std::vector<const Json*> alter_commands(const Json& alter_table);
// Whether a list of DefElem options (VACUUM, REINDEX) holds `name` and it is not false.
bool has_option(const Json& fields, std::string_view list, std::string_view name);

}  // namespace zdm::lint::pg
