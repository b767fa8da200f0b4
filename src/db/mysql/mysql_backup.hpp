#pragma once
// drop_column with backup on MySQL/MariaDB: copy (primary key, column) into one of zdm's
// tables before the drop, and put the column back from it on rollback.
// Private to src/db/mysql.

#include <string>
#include <vector>

#include "zdm/db/dialect.hpp"

namespace zdm::db::mysql {

// `backup_table` is a table reference as Dialect::state_table writes it (`zdm_backup_…`),
// used as is. The backup table must not exist yet (the caller drops a leftover first).
std::vector<SqlStatement> backup_column(const std::string& table, const std::string& column,
                                        const std::vector<std::string>& primary_key,
                                        const std::string& backup_table);

std::vector<SqlStatement> restore_column(const TableSchema& before, const std::string& column,
                                         const std::string& backup_table);

}  // namespace zdm::db::mysql
