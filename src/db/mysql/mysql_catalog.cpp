#include "mysql_catalog.hpp"

#include <algorithm>
#include <map>

#include "mysql_names.hpp"

namespace zdm::db::mysql {

namespace {

constexpr int kUnknownColumn = 1054;  // ER_BAD_FIELD_ERROR

std::string text(const Value& value) {
  return value.value_or("");
}

bool table_exists(Connection& connection, const std::string& table) {
  return connection.query_scalar(
             "SELECT COUNT(*) FROM information_schema.tables "
             "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
             {table}) != "0";
}

// MariaDB writes the text NULL for "no default" of a nullable column, SQL NULL for a
// NOT NULL column without one, and quotes string defaults ('NULL' is the string).
std::optional<std::string> column_default(const Value& value) {
  if (!value || *value == "NULL")
    return std::nullopt;
  return value;
}

std::vector<ColumnSchema> columns(Connection& connection, const std::string& table) {
  std::vector<ColumnSchema> out;
  for (const Row& row : connection.query(
           "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, "
           "IF(EXTRA LIKE '%auto_increment%', 1, 0) "
           "FROM information_schema.columns WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? "
           "ORDER BY ORDINAL_POSITION",
           {table})) {
    out.push_back(ColumnSchema{text(row[0]), text(row[1]), text(row[2]) == "YES",
                               column_default(row[3]), text(row[4]) == "1"});
  }
  return out;
}

// One column of an index as CREATE INDEX writes it: `name`, `name`(10), `name` DESC.
std::string index_part(const Row& row) {
  std::string part = quote(text(row[1]));
  if (row[3])
    part += "(" + *row[3] + ")";
  if (text(row[5]) == "D")
    part += " DESC";
  return part;
}

std::string index_definition(const std::string& table, const IndexSchema& index,
                             const std::string& index_type, const std::vector<std::string>& parts) {
  std::string list;
  for (const auto& part : parts)
    list += (list.empty() ? "" : ", ") + part;
  std::string add;
  if (index.primary)
    add = "ADD PRIMARY KEY";
  else if (index_type == "FULLTEXT" || index_type == "SPATIAL")
    add = "ADD " + index_type + " INDEX " + quote(index.name);
  else
    add = std::string(index.unique ? "ADD UNIQUE INDEX " : "ADD INDEX ") + quote(index.name);
  return "ALTER TABLE " + quote(table) + " " + add + " (" + list + ")";
}

std::vector<IndexSchema> indexes(Connection& connection, const std::string& table) {
  struct Building {
    IndexSchema index;
    std::string type;
    std::vector<std::string> parts;
  };
  std::map<std::string, Building> by_name;
  for (const Row& row : connection.query(
           "SELECT INDEX_NAME, COLUMN_NAME, NON_UNIQUE, SUB_PART, INDEX_TYPE, COLLATION "
           "FROM information_schema.statistics WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? "
           "ORDER BY INDEX_NAME, SEQ_IN_INDEX",
           {table})) {
    Building& building = by_name[text(row[0])];
    building.index.name = text(row[0]);
    building.index.unique = text(row[2]) == "0";
    building.index.primary = building.index.name == "PRIMARY";
    building.type = text(row[4]);
    building.index.columns.push_back(text(row[1]));
    building.parts.push_back(index_part(row));
  }
  std::vector<IndexSchema> out;
  for (auto& [name, building] : by_name) {
    building.index.definition =
        index_definition(table, building.index, building.type, building.parts);
    out.push_back(std::move(building.index));
  }
  return out;
}

// CHECK clauses by constraint name. MariaDB names checks per table (check_constraints has
// TABLE_NAME); MySQL 8 per database and has no such column.
std::map<std::string, std::string> check_clauses(Connection& connection, const std::string& table) {
  std::vector<Row> rows;
  try {
    rows = connection.query(
        "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.check_constraints "
        "WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ?",
        {table});
  } catch (const DbError& error) {
    if (error.vendor_code() != kUnknownColumn)
      throw;
    rows = connection.query(
        "SELECT cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE FROM information_schema.check_constraints cc "
        "JOIN information_schema.table_constraints tc ON tc.CONSTRAINT_SCHEMA = "
        "cc.CONSTRAINT_SCHEMA AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME "
        "WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.TABLE_NAME = ? AND tc.CONSTRAINT_TYPE = 'CHECK'",
        {table});
  }
  std::map<std::string, std::string> out;
  for (const Row& row : rows)
    out[text(row[0])] = text(row[1]);
  return out;
}

template <typename Map>
typename Map::mapped_type value_or_empty(const Map& map, const std::string& key) {
  const auto it = map.find(key);
  return it == map.end() ? typename Map::mapped_type{} : it->second;
}

struct KeyColumns {
  std::vector<std::string> columns;
  std::string referenced_table;
  std::vector<std::string> referenced_columns;
};

// Columns of the table's keys by constraint name; foreign keys kept apart, since a foreign
// key and a unique key may share a name.
struct Keys {
  std::map<std::string, KeyColumns> keys;
  std::map<std::string, KeyColumns> foreign_keys;
};

Keys key_columns(Connection& connection, const std::string& table) {
  Keys out;
  for (const Row& row : connection.query(
           "SELECT CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME "
           "FROM information_schema.key_column_usage WHERE TABLE_SCHEMA = DATABASE() AND "
           "TABLE_NAME = ? ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION",
           {table})) {
    KeyColumns& key = row[2] ? out.foreign_keys[text(row[0])] : out.keys[text(row[0])];
    key.columns.push_back(text(row[1]));
    if (row[2]) {
      key.referenced_table = text(row[2]);
      key.referenced_columns.push_back(text(row[3]));
    }
  }
  return out;
}

// " ON UPDATE … ON DELETE …" of each foreign key of the table.
std::map<std::string, std::string> foreign_key_rules(Connection& connection,
                                                     const std::string& table) {
  std::map<std::string, std::string> out;
  for (const Row& row : connection.query("SELECT CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE FROM "
                                         "information_schema.referential_constraints "
                                         "WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ?",
                                         {table})) {
    out[text(row[0])] = " ON UPDATE " + text(row[1]) + " ON DELETE " + text(row[2]);
  }
  return out;
}

std::string constraint_definition(const std::string& kind, const std::string& name,
                                  const std::map<std::string, std::string>& checks,
                                  const Keys& keys,
                                  const std::map<std::string, std::string>& rules) {
  const auto get = [&](const auto& map) { return value_or_empty(map, name); };
  if (kind == "check")
    return "CHECK (" + get(checks) + ")";
  if (kind == "foreign_key") {
    const KeyColumns key = get(keys.foreign_keys);
    return "FOREIGN KEY (" + quoted_list(key.columns) + ") REFERENCES " +
           quote(key.referenced_table) + " (" + quoted_list(key.referenced_columns) + ")" +
           get(rules);
  }
  const std::string prefix = kind == "primary_key" ? "PRIMARY KEY (" : "UNIQUE (";
  return prefix + quoted_list(get(keys.keys).columns) + ")";
}

std::string constraint_kind(const std::string& type) {
  if (type == "CHECK")
    return "check";
  if (type == "FOREIGN KEY")
    return "foreign_key";
  if (type == "PRIMARY KEY")
    return "primary_key";
  return "unique";
}

std::vector<ConstraintSchema> constraints(Connection& connection, const std::string& table) {
  const std::vector<Row> rows = connection.query(
      "SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.table_constraints "
      "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
      {table});
  if (rows.empty())
    return {};
  const auto checks = check_clauses(connection, table);
  const Keys keys = key_columns(connection, table);
  const auto rules = foreign_key_rules(connection, table);
  std::vector<ConstraintSchema> out;
  for (const Row& row : rows) {
    const std::string name = text(row[0]);
    const std::string kind = constraint_kind(text(row[1]));
    out.push_back(
        ConstraintSchema{name, kind, constraint_definition(kind, name, checks, keys, rules), true});
  }
  return out;
}

std::vector<TriggerSchema> triggers(Connection& connection, const std::string& table) {
  std::vector<TriggerSchema> out;
  for (const Row& row :
       connection.query("SELECT TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT "
                        "FROM information_schema.triggers "
                        "WHERE EVENT_OBJECT_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = ?",
                        {table})) {
    out.push_back(TriggerSchema{
        text(row[0]), text(row[1]) + " " + text(row[2]) + " FOR EACH ROW " + text(row[3])});
  }
  return out;
}

template <typename Item>
std::vector<Item> sorted_by_name(std::vector<Item> items) {
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return a.name != b.name ? a.name < b.name : a.definition < b.definition;
  });
  return items;
}

}  // namespace

TableSchema describe_table(Connection& connection, const std::string& table) {
  TableSchema schema;
  schema.table = table;
  schema.exists = table_exists(connection, table);
  if (!schema.exists)
    return schema;
  schema.columns = columns(connection, table);
  schema.indexes = sorted_by_name(indexes(connection, table));
  schema.constraints = sorted_by_name(constraints(connection, table));
  schema.triggers = sorted_by_name(triggers(connection, table));
  return schema;
}

std::optional<long long> estimate_rows(Connection& connection, const std::string& table) {
  const std::optional<std::string> rows = connection.query_scalar(
      "SELECT TABLE_ROWS FROM information_schema.tables "
      "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
      {table});
  if (!rows)
    return std::nullopt;
  try {
    return std::stoll(*rows);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace zdm::db::mysql
