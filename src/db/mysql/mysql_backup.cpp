#include "mysql_backup.hpp"

#include <algorithm>
#include <stdexcept>

#include "mysql_names.hpp"
#include "mysql_step_sql.hpp"

namespace zdm::db::mysql {

namespace {

constexpr const char* kLive = "zdm_live";
constexpr const char* kSaved = "zdm_saved";

// "FIRST" or "AFTER `previous`": where the column stood in `before`.
std::string position(const TableSchema& before, const std::string& column) {
  std::string previous;
  for (const auto& c : before.columns) {
    if (c.name == column)
      break;
    previous = c.name;
  }
  return previous.empty() ? "FIRST" : "AFTER " + quote(previous);
}

std::string join_condition(const std::vector<std::string>& primary_key) {
  std::string out;
  for (const auto& key : primary_key) {
    out += (out.empty() ? "" : " AND ") + std::string(kLive) + "." + quote(key) + " = " + kSaved +
           "." + quote(key);
  }
  return out;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Dropping a column drops the indexes on it alone and takes it out of the others: each index
// of `before` that had it is rebuilt as it was.
std::vector<SqlStatement> rebuild_indexes(const TableSchema& before, const std::string& column) {
  std::vector<SqlStatement> out;
  const std::string prefix = "ALTER TABLE " + quote(before.table) + " ";
  for (const auto& index : before.indexes) {
    if (index.primary || !contains(index.columns, column) || index.definition.rfind(prefix, 0) != 0)
      continue;
    // Drop and add in one ALTER: an index the drop shrank is replaced at once, and MariaDB's
    // IF EXISTS covers the index that went with the column.
    out.push_back(index_statement(prefix + "DROP INDEX IF EXISTS " + quote(index.name) + ", " +
                                      index.definition.substr(prefix.size()),
                                  before.table));
  }
  return out;
}

}  // namespace

std::vector<SqlStatement> backup_column(const std::string& table, const std::string& column,
                                        const std::vector<std::string>& primary_key,
                                        const std::string& backup_table) {
  if (primary_key.empty())
    throw std::invalid_argument("cannot back up " + table + "." + column +
                                ": the table has no primary key to put the values back by");
  std::vector<std::string> copied = primary_key;
  copied.push_back(column);
  return {
      ddl_statement(
          "CREATE TABLE " + backup_table + " (PRIMARY KEY (" + quoted_list(primary_key) +
              ")) ENGINE=InnoDB AS SELECT " + quoted_list(copied) + " FROM " + quote(table),
          "shared row locks on " + quote(table) +
              " while it is copied: reads continue, writes to copied rows wait until the copy "
              "ends"),
  };
}

std::vector<SqlStatement> restore_column(const TableSchema& before, const std::string& column,
                                         const std::string& backup_table) {
  const ColumnSchema* saved = before.column(column);
  const std::vector<std::string> primary_key = before.primary_key();
  if (saved == nullptr || primary_key.empty())
    throw std::invalid_argument("cannot restore " + before.table + "." + column +
                                ": the snapshot has no such column or no primary key");
  const std::string table = quote(before.table);
  std::vector<SqlStatement> out{
      ddl_statement("ALTER TABLE " + table + " ADD COLUMN " +
                        column_definition(saved->name, saved->type, true, saved->default_sql) +
                        " " + position(before, column) + ", ALGORITHM=INSTANT",
                    instant_lock(before.table)),
      data_statement("UPDATE " + table + " AS " + kLive + " JOIN " + backup_table + " AS " +
                         kSaved + " ON " + join_condition(primary_key) + " SET " + kLive + "." +
                         quote(column) + " = " + kSaved + "." + quote(column),
                     "row locks on every row of " + table + " it updates, until it ends"),
  };
  if (!saved->nullable) {
    out.push_back(
        ddl_statement("ALTER TABLE " + table + " MODIFY COLUMN " +
                          column_definition(saved->name, saved->type, false, saved->default_sql) +
                          ", ALGORITHM=INPLACE, LOCK=NONE",
                      online_lock(before.table) + " (the table is rebuilt)"));
  }
  for (auto& statement : rebuild_indexes(before, column))
    out.push_back(std::move(statement));
  return out;
}

}  // namespace zdm::db::mysql
