#pragma once
// What information_schema says about a table of the connection's current database.
// Private to src/db/mysql.

#include <optional>
#include <string>

#include "zdm/db/connection.hpp"
#include "zdm/db/table_schema.hpp"

namespace zdm::db::mysql {

TableSchema describe_table(Connection& connection, const std::string& table);

// information_schema.tables.TABLE_ROWS: InnoDB's estimate; nullopt when the table is missing.
std::optional<long long> estimate_rows(Connection& connection, const std::string& table);

}  // namespace zdm::db::mysql
