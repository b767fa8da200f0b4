#pragma once
// The dual_write sync triggers on MySQL/MariaDB: BEFORE INSERT fills target columns left
// NULL, BEFORE UPDATE recomputes a target when its expression's value changed.
// Private to src/db/mysql.

#include <string>
#include <vector>

#include "zdm/db/dialect.hpp"

namespace zdm::db::mysql {

// A sync trigger's own name, or the one it has on a backfill copy's shadow table while the
// original table's trigger still holds its own (trigger names are unique in a database).
enum class SyncName { own, on_copy };

// "zdm_sync_<migration>_<table>_ins" / "…_upd" (on_copy: "…_ins2" / "…_upd2"), cut short
// with a hash to fit 64 characters.
std::string sync_trigger_name(const std::string& migration, const std::string& table,
                              const std::string& event, SyncName name = SyncName::own);

// The sync's triggers, on `on_table` when given (a copy's shadow table), else on its table.
std::vector<SqlStatement> create_sync(const plan::SyncTrigger& sync, const TableSchema& table,
                                      const std::string& migration, SyncName name = SyncName::own,
                                      const std::string& on_table = "");
// Drops the triggers under one of the names.
std::vector<SqlStatement> drop_sync_named(const plan::SyncTrigger& sync,
                                          const std::string& migration, SyncName name);
// Drops the triggers under both names (a copy may have stopped between the two).
std::vector<SqlStatement> drop_sync(const plan::SyncTrigger& sync, const std::string& migration);

}  // namespace zdm::db::mysql
