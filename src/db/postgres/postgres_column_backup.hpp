#pragma once
// drop_column with backup: (primary key, column) copied into a state table, and put back
// from it on rollback. Private to src/db/postgres.

#include <string>
#include <string_view>
#include <vector>

#include "zdm/db/dialect.hpp"
#include "zdm/db/table_schema.hpp"

namespace zdm::db::pg {

// CREATE TABLE <backup_table> AS SELECT <key>, <column> FROM <table>, keyed like the table.
// `backup_table` is already quoted and qualified. Throws std::invalid_argument without a key.
std::vector<SqlStatement> backup_column_statements(std::string_view schema, std::string_view table,
                                                   std::string_view column,
                                                   const std::vector<std::string>& primary_key,
                                                   std::string_view backup_table);

// Adds the column back as `before` had it (nullable first), copies the values back by key,
// then restores NOT NULL. Throws std::invalid_argument when `before` lacks the column or a key.
std::vector<SqlStatement> restore_column_statements(std::string_view schema,
                                                    const TableSchema& before,
                                                    std::string_view column,
                                                    std::string_view backup_table);

}  // namespace zdm::db::pg
