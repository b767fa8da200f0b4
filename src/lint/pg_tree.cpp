#include "pg_tree.hpp"

namespace zdm::lint::pg {

std::string kind(const Json& node) {
  if (!node.is_object() || node.size() != 1)
    return "";
  return node.begin().key();
}

const Json* as(const Json& node, std::string_view wanted) {
  if (!node.is_object() || node.size() != 1 || node.begin().key() != wanted)
    return nullptr;
  return &node.begin().value();
}

const Json* field(const Json& fields, std::string_view name) {
  if (!fields.is_object())
    return nullptr;
  const auto it = fields.find(std::string(name));
  return it == fields.end() ? nullptr : &*it;
}

std::string string_field(const Json& fields, std::string_view name) {
  const Json* value = field(fields, name);
  return value && value->is_string() ? value->get<std::string>() : "";
}

bool bool_field(const Json& fields, std::string_view name) {
  const Json* value = field(fields, name);
  return value && value->is_boolean() && value->get<bool>();
}

std::vector<std::string> strings(const Json& fields, std::string_view name) {
  std::vector<std::string> out;
  const Json* list = field(fields, name);
  if (!list || !list->is_array())
    return out;
  for (const auto& item : *list) {
    if (const Json* string = as(item, "String"))
      out.push_back(string_field(*string, "sval"));
  }
  return out;
}

std::string relation_name(const Json& fields, std::string_view name) {
  const Json* relation = field(fields, name);
  if (!relation)
    return "";
  if (const Json* range_var = as(*relation, "RangeVar"))  // inside lists
    return string_field(*range_var, "relname");
  return string_field(*relation, "relname");
}

void walk(const Json& node, const std::function<void(const Json&)>& visit) {
  visit(node);
  if (node.is_object() || node.is_array()) {
    for (const auto& child : node)
      walk(child, visit);
  }
}

std::vector<const Json*> alter_commands(const Json& alter_table) {
  std::vector<const Json*> out;
  const Json* commands = field(alter_table, "cmds");
  if (!commands || !commands->is_array())
    return out;
  for (const auto& command : *commands) {
    if (const Json* fields = as(command, "AlterTableCmd"))
      out.push_back(fields);
  }
  return out;
}

bool has_option(const Json& fields, std::string_view list, std::string_view name) {
  const Json* options = field(fields, list);
  if (!options || !options->is_array())
    return false;
  for (const auto& option : *options) {
    const Json* element = as(option, "DefElem");
    if (!element || string_field(*element, "defname") != name)
      continue;
    const Json* arg = field(*element, "arg");
    if (!arg)
      return true;  // FULL without a value means true
    const Json* boolean = as(*arg, "Boolean");
    if (boolean)
      return bool_field(*boolean, "boolval");
    const Json* word = as(*arg, "String");
    return !(word &&
             (string_field(*word, "sval") == "false" || string_field(*word, "sval") == "off"));
  }
  return false;
}

}  // namespace zdm::lint::pg
