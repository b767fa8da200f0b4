#include "postgres_catalog.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "postgres_names.hpp"

namespace zdm::db::pg {

namespace {

// Every query takes the quoted, qualified table name as $1 and finds it with to_regclass,
// which is NULL (and so matches nothing) when the table is missing.
constexpr const char* kTableOid = "SELECT to_regclass($1)::oid";

constexpr const char* kColumns = R"(
SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(d.adbin, d.adrelid)
FROM pg_attribute a
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum)";

// Key columns by name; an expression column as pg_get_indexdef prints it.
constexpr const char* kIndexes = R"(
SELECT c.relname, i.indisunique, i.indisprimary, i.indisvalid, pg_get_indexdef(i.indexrelid),
       (SELECT json_agg(CASE WHEN i.indkey[k - 1] = 0
                             THEN pg_get_indexdef(i.indexrelid, k, true)
                             ELSE a.attname::text END ORDER BY k)
        FROM generate_series(1, i.indnkeyatts) AS k
        LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1])
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = to_regclass($1))";

constexpr const char* kConstraints = R"(
SELECT conname, contype, pg_get_constraintdef(oid), convalidated
FROM pg_constraint
WHERE conrelid = to_regclass($1))";

constexpr const char* kTriggers = R"(
SELECT tgname, pg_get_triggerdef(oid)
FROM pg_trigger
WHERE tgrelid = to_regclass($1) AND NOT tgisinternal)";

constexpr const char* kReltuples =
    "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass($1)";

std::string text(const Value& value) {
  return value.value_or("");
}

std::string constraint_kind(const std::string& contype) {
  if (contype == "c")
    return "check";
  if (contype == "f")
    return "foreign_key";
  if (contype == "u")
    return "unique";
  if (contype == "p")
    return "primary_key";
  if (contype == "x")
    return "exclusion";
  if (contype == "t")
    return "trigger";
  return contype;
}

std::vector<std::string> json_strings(const Value& value) {
  std::vector<std::string> out;
  if (!value)
    return out;
  for (const auto& item : nlohmann::json::parse(*value))
    out.push_back(item.is_string() ? item.get<std::string>() : item.dump());
  return out;
}

template <typename Item>
void sort_by_name(std::vector<Item>& items) {
  std::sort(items.begin(), items.end(),
            [](const Item& a, const Item& b) { return a.name < b.name; });
}

std::vector<ColumnSchema> read_columns(Connection& connection, const Value& table) {
  std::vector<ColumnSchema> columns;
  for (const Row& row : connection.query(kColumns, {table}))
    columns.push_back({text(row[0]), text(row[1]), !is_true(row[2]), row[3]});
  return columns;
}

std::vector<IndexSchema> read_indexes(Connection& connection, const Value& table) {
  std::vector<IndexSchema> indexes;
  for (const Row& row : connection.query(kIndexes, {table})) {
    indexes.push_back({text(row[0]), json_strings(row[5]), is_true(row[1]), is_true(row[2]),
                       is_true(row[3]), text(row[4])});
  }
  sort_by_name(indexes);
  return indexes;
}

std::vector<ConstraintSchema> read_constraints(Connection& connection, const Value& table) {
  std::vector<ConstraintSchema> constraints;
  for (const Row& row : connection.query(kConstraints, {table}))
    constraints.push_back(
        {text(row[0]), constraint_kind(text(row[1])), text(row[2]), is_true(row[3])});
  sort_by_name(constraints);
  return constraints;
}

std::vector<TriggerSchema> read_triggers(Connection& connection, const Value& table) {
  std::vector<TriggerSchema> triggers;
  for (const Row& row : connection.query(kTriggers, {table}))
    triggers.push_back({text(row[0]), text(row[1])});
  sort_by_name(triggers);
  return triggers;
}

}  // namespace

bool is_true(const Value& value) {
  return value && (*value == "t" || *value == "true");
}

TableSchema describe_table(Connection& connection, std::string_view schema,
                           std::string_view table) {
  TableSchema out;
  out.table = std::string(table);
  const std::string name = qualified_name(schema, table);
  out.exists = connection.query_scalar(kTableOid, {name}).has_value();
  if (!out.exists)
    return out;
  out.columns = read_columns(connection, name);
  out.indexes = read_indexes(connection, name);
  out.constraints = read_constraints(connection, name);
  out.triggers = read_triggers(connection, name);
  return out;
}

std::optional<long long> estimate_rows(Connection& connection, std::string_view schema,
                                       std::string_view table) {
  const auto value = connection.query_scalar(kReltuples, {qualified_name(schema, table)});
  if (!value)
    return std::nullopt;
  const long long rows = std::stoll(*value);
  if (rows < 0)
    return std::nullopt;
  return rows;
}

}  // namespace zdm::db::pg
