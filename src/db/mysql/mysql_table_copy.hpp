#pragma once
// backfill method: copy on MySQL/MariaDB, as pt-online-schema-change does it: a shadow
// table LIKE the original, AFTER triggers that carry every write into it, chunked
// INSERT … SELECT of the rows with the backfill's values, then one atomic RENAME TABLE.
// Private to src/db/mysql.

#include <optional>
#include <string>
#include <vector>

#include "zdm/db/dialect.hpp"

namespace zdm::db::mysql {

// The shadow's and the retired original's names, and the copy triggers' names.
std::string shadow_table_name(const std::string& migration, const std::string& table);
std::string retired_table_name(const std::string& migration, const std::string& table);
std::string copy_trigger_name(const std::string& migration, const std::string& table,
                              const std::string& event);

// Foreign keys to or from the table and triggers that are not zdm's: a swap would lose them.
std::vector<std::string> copy_refusals(Connection& connection, const plan::BackfillTable& backfill,
                                       const std::string& migration);

TableCopy table_copy(const plan::BackfillTable& backfill, const TableSchema& table,
                     const std::vector<std::string>& key, const plan::SyncTrigger* sync,
                     const std::string& migration);

std::optional<SqlStatement> carry_auto_increment(Connection& connection, const TableCopy& copy,
                                                 const std::string& table);

std::vector<SqlStatement> drop_table_copy(const std::string& table, const std::string& migration);

}  // namespace zdm::db::mysql
