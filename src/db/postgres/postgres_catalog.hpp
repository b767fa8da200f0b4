#pragma once
// Reading a table's shape and size from pg_catalog. Private to src/db/postgres.

#include <optional>
#include <string_view>

#include "zdm/db/connection.hpp"
#include "zdm/db/table_schema.hpp"

namespace zdm::db::pg {

// Columns in ordinal order; indexes, constraints and triggers sorted by name.
// exists=false (and nothing else) when the table is not there.
TableSchema describe_table(Connection& connection, std::string_view schema, std::string_view table);

// pg_class.reltuples; nullopt when the table was never analyzed (or is missing).
std::optional<long long> estimate_rows(Connection& connection, std::string_view schema,
                                       std::string_view table);

// "t"/"f" as PostgreSQL prints a boolean.
bool is_true(const Value& value);

}  // namespace zdm::db::pg
