// What a PostgreSQL statement does, in the terms the phase rules use.
#include "pg_column.hpp"
#include "pg_tree.hpp"
#include "statements.hpp"

namespace zdm::lint {

namespace {

using pg::Json;

ColumnFact column_fact(const std::string& table, const Json& column_def_fields) {
  const pg::ColumnDef column = pg::column_def(column_def_fields);
  return {table, column.name, pg::describe(column.type), column.not_null, column.fills_rows()};
}

void alter_table_facts(const Json& alter, StatementFacts& facts) {
  const std::string table = pg::relation_name(alter);
  if (pg::string_field(alter, "objtype") != "OBJECT_TABLE")
    return;
  for (const Json* command : pg::alter_commands(alter)) {
    const std::string subtype = pg::string_field(*command, "subtype");
    const std::string name = pg::string_field(*command, "name");
    const Json* definition = pg::field(*command, "def");
    const Json* column = definition ? pg::as(*definition, "ColumnDef") : nullptr;
    if (subtype == "AT_AddColumn" && column)
      facts.columns_added.push_back(column_fact(table, *column));
    else if (subtype == "AT_DropColumn")
      facts.removals.push_back({Removal::drop_column, table, name});
    else if (subtype == "AT_DropConstraint")
      facts.removals.push_back({Removal::drop_constraint, table, name});
    else if (subtype == "AT_AlterColumnType" && column)
      facts.types_set.push_back({table, name, column_fact(table, *column).type, true});
  }
}

void create_facts(const Json& create, StatementFacts& facts) {
  const std::string table = pg::relation_name(create);
  facts.created_tables.push_back(table);
  const Json* elements = pg::field(create, "tableElts");
  if (!elements || !elements->is_array())
    return;
  for (const auto& element : *elements) {
    if (const Json* column = pg::as(element, "ColumnDef"))
      facts.columns_added.push_back(column_fact(table, *column));
  }
}

void create_as_facts(const Json& create_as, StatementFacts& facts) {
  if (const Json* into = pg::field(create_as, "into"))
    facts.created_tables.push_back(pg::relation_name(*into, "rel"));
}

Removal drop_kind(const std::string& object_type) {
  if (object_type == "OBJECT_TABLE")
    return Removal::drop_table;
  if (object_type == "OBJECT_INDEX")
    return Removal::drop_index;
  return Removal::drop_other;
}

void drop_facts(const Json& drop, StatementFacts& facts) {
  const Removal kind = drop_kind(pg::string_field(drop, "removeType"));
  const Json* objects = pg::field(drop, "objects");
  if (!objects || !objects->is_array())
    return;
  for (const auto& object : *objects) {
    const Json* list = pg::as(object, "List");
    const auto names = list ? pg::strings(*list, "items") : std::vector<std::string>{};
    const std::string name = names.empty() ? "" : names.back();
    if (kind == Removal::drop_table)
      facts.removals.push_back({kind, name, ""});
    else
      facts.removals.push_back({kind, "", name});
  }
}

void rename_facts(const Json& rename, StatementFacts& facts) {
  const std::string type = pg::string_field(rename, "renameType");
  const std::string table = pg::relation_name(rename);
  if (type == "OBJECT_COLUMN")
    facts.removals.push_back({Removal::rename_column, table, pg::string_field(rename, "subname")});
  else if (type == "OBJECT_TABLE")
    facts.removals.push_back({Removal::rename_table, table, ""});
}

void truncate_facts(const Json& truncate, StatementFacts& facts) {
  const Json* relations = pg::field(truncate, "relations");
  if (!relations || !relations->is_array())
    return;
  for (const auto& relation : *relations) {
    if (const Json* range_var = pg::as(relation, "RangeVar"))
      facts.removals.push_back({Removal::truncate, pg::string_field(*range_var, "relname"), ""});
  }
}

}  // namespace

StatementFacts pg_facts(const nlohmann::json& statement) {
  StatementFacts facts;
  if (const Json* alter = pg::as(statement, "AlterTableStmt"))
    alter_table_facts(*alter, facts);
  else if (const Json* create = pg::as(statement, "CreateStmt"))
    create_facts(*create, facts);
  else if (const Json* create_as = pg::as(statement, "CreateTableAsStmt"))
    create_as_facts(*create_as, facts);
  else if (const Json* drop = pg::as(statement, "DropStmt"))
    drop_facts(*drop, facts);
  else if (const Json* rename = pg::as(statement, "RenameStmt"))
    rename_facts(*rename, facts);
  else if (const Json* truncate = pg::as(statement, "TruncateStmt"))
    truncate_facts(*truncate, facts);
  return facts;
}

}  // namespace zdm::lint
