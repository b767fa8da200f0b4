#pragma once
// What the catalog says about one table: the snapshot a rollback point keeps, and what
// `zdm rollback` compares the table with afterwards.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace zdm::db {

struct ColumnSchema {
  std::string name;
  std::string type;  // as the server prints it: "character varying(255)", "varchar(255)"
  bool nullable = true;
  std::optional<std::string> default_sql;  // as the server prints it
  bool auto_increment = false;             // MySQL AUTO_INCREMENT (not read on PostgreSQL)
  bool operator==(const ColumnSchema&) const = default;
};

struct IndexSchema {
  std::string name;
  std::vector<std::string> columns;
  bool unique = false;
  bool primary = false;
  bool valid = true;       // PostgreSQL: false for an index left INVALID by a failed build
  std::string definition;  // enough to recreate it: pg_get_indexdef / a CREATE INDEX
  bool operator==(const IndexSchema&) const = default;
};

struct ConstraintSchema {
  std::string name;
  std::string kind;        // "check", "foreign_key", "unique", "primary_key"
  std::string definition;  // pg_get_constraintdef / the CHECK clause or FK text
  bool validated = true;   // PostgreSQL: false while NOT VALID
  bool operator==(const ConstraintSchema&) const = default;
};

struct TriggerSchema {
  std::string name;
  std::string definition;  // timing, event and body as the server reports them
  bool operator==(const TriggerSchema&) const = default;
};

// Lists are sorted by name so that two snapshots compare equal when the schema is equal.
struct TableSchema {
  std::string table;
  bool exists = false;
  std::vector<ColumnSchema> columns;  // in ordinal order
  std::vector<IndexSchema> indexes;
  std::vector<ConstraintSchema> constraints;
  std::vector<TriggerSchema> triggers;
  bool operator==(const TableSchema&) const = default;

  const ColumnSchema* column(const std::string& name) const;
  const IndexSchema* index(const std::string& name) const;
  std::vector<std::string> primary_key() const;   // columns of the primary index, in order
  std::vector<std::string> column_names() const;  // in ordinal order
};

nlohmann::json to_json(const TableSchema& table);
TableSchema table_schema_from_json(const nlohmann::json& json);  // throws nlohmann::json::exception

// Human-readable differences ("users: column email_address is present now, absent before"),
// empty when the two are equal.
std::vector<std::string> schema_differences(const TableSchema& before, const TableSchema& now);

}  // namespace zdm::db
