#pragma once
// The SQL of every expand/contract step kind on MySQL/MariaDB, its inverse, and the lock
// each statement takes. Pure text generation: no connection. Private to src/db/mysql.

#include <optional>
#include <string>
#include <vector>

#include "zdm/db/dialect.hpp"

namespace zdm::db::mysql {

// `name` type [NOT NULL] [DEFAULT expr]
std::string column_definition(const std::string& name, const std::string& type, bool nullable,
                              const std::optional<std::string>& default_sql);

// What --dry-run says about the lock each kind of ALTER takes on `table`.
std::string instant_lock(const std::string& table);
std::string online_lock(const std::string& table);
std::string copy_lock(const std::string& table);

std::vector<SqlStatement> forward_sql(const plan::DdlAction& action);

// nullopt: the step cannot be undone from `before` (raw sql without down, drop_column).
std::optional<std::vector<SqlStatement>> inverse_sql(const plan::DdlAction& action,
                                                     const TableSchema& before);

// `alter_table` (an ALTER TABLE … ADD … INDEX) run online: FULLTEXT and SPATIAL indexes cannot
// be built with LOCK=NONE, they get LOCK=SHARED.
SqlStatement index_statement(const std::string& alter_table, const std::string& table);

// The index of a snapshot put back, unless an index of that name is there already (undoing
// drop_column may have put it back before the drop_index step before it is undone).
SqlStatement recreate_index(const IndexSchema& index, const std::string& table);

}  // namespace zdm::db::mysql
