#pragma once
// The dual_write sync triggers on MySQL/MariaDB: BEFORE INSERT fills target columns left
// NULL, BEFORE UPDATE recomputes a target when its expression's value changed.
// Private to src/db/mysql.

#include <string>
#include <vector>

#include "zdm/db/dialect.hpp"

namespace zdm::db::mysql {

// "zdm_sync_<migration>_<table>_ins" / "…_upd", cut short with a hash to fit 64 characters.
std::string sync_trigger_name(const std::string& migration, const std::string& table,
                              const std::string& event);

std::vector<SqlStatement> create_sync(const plan::SyncTrigger& sync, const TableSchema& table,
                                      const std::string& migration);
std::vector<SqlStatement> drop_sync(const plan::SyncTrigger& sync, const std::string& migration);

}  // namespace zdm::db::mysql
