#include "mysql_table_copy.hpp"

#include <algorithm>
#include <cctype>

#include "mysql_expression.hpp"
#include "mysql_names.hpp"
#include "mysql_sync_trigger.hpp"

namespace zdm::db::mysql {

namespace {

const plan::ColumnAssignment* assignment_of(const plan::BackfillTable& backfill,
                                            const std::string& column) {
  for (const auto& set : backfill.set) {
    if (same_name(set.column, column))
      return &set;
  }
  return nullptr;
}

// A column's value in the copy, written over `row` ("" for the chunk's SELECT, else "NEW"):
// the backfill's expression where the row matches its `where`, else the column as it is.
std::string copied_value(const plan::BackfillTable& backfill, const std::string& column,
                         const std::vector<std::string>& columns, const std::string& row) {
  const auto over_row = [&](const std::string& sql) {
    return row.empty() ? sql : qualify_columns(sql, columns, row);
  };
  const std::string as_is = (row.empty() ? "" : row + ".") + quote(column);
  const plan::ColumnAssignment* set = assignment_of(backfill, column);
  if (set == nullptr)
    return as_is;
  const std::string value = "(" + over_row(set->expression) + ")";
  if (!backfill.where_sql)
    return value;
  return "CASE WHEN (" + over_row(*backfill.where_sql) + ") THEN " + value + " ELSE " + as_is +
         " END";
}

std::string copied_values(const plan::BackfillTable& backfill,
                          const std::vector<std::string>& columns, const std::string& row) {
  std::string out;
  for (const auto& column : columns)
    out += (out.empty() ? "" : ", ") + copied_value(backfill, column, columns, row);
  return out;
}

// `k1` = OLD.`k1` AND …
std::string key_matches(const std::vector<std::string>& key, const std::string& row) {
  std::string out;
  for (const auto& column : key)
    out += (out.empty() ? "" : " AND ") + quote(column) + " = " + row + "." + quote(column);
  return out;
}

// NEW.`k1` <=> OLD.`k1` AND …: the write kept the row's key.
std::string key_kept(const std::vector<std::string>& key) {
  std::string out;
  for (const auto& column : key)
    out += (out.empty() ? "" : " AND ") + ("NEW." + quote(column) + " <=> OLD." + quote(column));
  return out;
}

SqlStatement copy_trigger(const std::string& migration, const std::string& table,
                          const std::string& event, const std::string& body) {
  const std::string name = copy_trigger_name(migration, table, event);
  return ddl_statement("CREATE OR REPLACE TRIGGER " + quote(name) + " AFTER " + event + " ON " +
                           quote(table) + " FOR EACH ROW BEGIN " + body + " END",
                       brief_metadata_lock(table));
}

// `c` = VALUES(`c`) for every column but the key's: the upsert's update of a row already
// in the copy.
std::string upsert_updates(const std::vector<std::string>& columns,
                           const std::vector<std::string>& key) {
  std::string out;
  for (const auto& column : columns) {
    const bool in_key = std::any_of(key.begin(), key.end(),
                                    [&](const std::string& k) { return same_name(k, column); });
    if (!in_key)
      out += (out.empty() ? "" : ", ") + quote(column) + " = VALUES(" + quote(column) + ")";
  }
  return out.empty() ? quote(key.front()) + " = " + quote(key.front()) : out;
}

// After each write to the original, the same row in the shadow: an upsert of the row with
// the backfill's values (the sync triggers, BEFORE, have already run), a DELETE of a row
// deleted or moved to another key. Upsert, not REPLACE, and before the DELETE: it takes the
// copy's AUTO-INC lock (which a chunk's INSERT … SELECT may hold) before any row lock in the
// copy, so it never waits for that lock while holding one a chunk may wait for.
std::vector<SqlStatement> copy_triggers(const plan::BackfillTable& backfill,
                                        const TableSchema& table,
                                        const std::vector<std::string>& key,
                                        const std::string& shadow, const std::string& migration) {
  const auto columns = table.column_names();
  const std::string upsert = "INSERT INTO " + quote(shadow) + " (" + quoted_list(columns) +
                             ") VALUES (" + copied_values(backfill, columns, "NEW") +
                             ") ON DUPLICATE KEY UPDATE " + upsert_updates(columns, key) + ";";
  const std::string delete_old =
      "DELETE FROM " + quote(shadow) + " WHERE " + key_matches(key, "OLD") + ";";
  return {
      copy_trigger(migration, backfill.table, "INSERT", upsert),
      copy_trigger(migration, backfill.table, "UPDATE",
                   upsert + " IF NOT (" + key_kept(key) + ") THEN " + delete_old + " END IF;"),
      copy_trigger(migration, backfill.table, "DELETE", delete_old),
  };
}

std::vector<SqlStatement> drop_copy_triggers(const std::string& table,
                                             const std::string& migration) {
  std::vector<SqlStatement> out;
  for (const char* event : {"INSERT", "UPDATE", "DELETE"}) {
    out.push_back(
        ddl_statement("DROP TRIGGER IF EXISTS " + quote(copy_trigger_name(migration, table, event)),
                      brief_metadata_lock(table)));
  }
  return out;
}

SqlStatement drop_table(const std::string& table) {
  return ddl_statement("DROP TABLE IF EXISTS " + quote(table), brief_metadata_lock(table));
}

void append(std::vector<SqlStatement>& to, std::vector<SqlStatement> statements) {
  for (auto& statement : statements)
    to.push_back(std::move(statement));
}

std::vector<std::string> zdm_trigger_names(const std::string& migration, const std::string& table) {
  std::vector<std::string> names;
  for (const char* event : {"ins", "upd"}) {
    names.push_back(sync_trigger_name(migration, table, event, SyncName::own));
    names.push_back(sync_trigger_name(migration, table, event, SyncName::on_copy));
  }
  for (const char* event : {"INSERT", "UPDATE", "DELETE"})
    names.push_back(copy_trigger_name(migration, table, event));
  return names;
}

std::string text(const Value& value) {
  return value.value_or("");
}

bool auto_increments(const TableSchema& table) {
  return std::any_of(table.columns.begin(), table.columns.end(),
                     [](const ColumnSchema& column) { return column.auto_increment; });
}

}  // namespace

std::string shadow_table_name(const std::string& migration, const std::string& table) {
  return fit_identifier("_zdm_" + migration + "_" + table, "_new");
}

std::string retired_table_name(const std::string& migration, const std::string& table) {
  return fit_identifier("_zdm_" + migration + "_" + table, "_old");
}

std::string copy_trigger_name(const std::string& migration, const std::string& table,
                              const std::string& event) {
  std::string suffix = "_" + event.substr(0, 3);
  std::transform(suffix.begin(), suffix.end(), suffix.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return fit_identifier("zdm_copy_" + migration + "_" + table, suffix);
}

std::vector<std::string> copy_refusals(Connection& connection, const plan::BackfillTable& backfill,
                                       const std::string& migration) {
  const std::string& table = backfill.table;
  std::vector<std::string> out;
  for (const Row& row : connection.query(
           "SELECT CONSTRAINT_NAME, TABLE_NAME, REFERENCED_TABLE_NAME "
           "FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() "
           "AND (TABLE_NAME = ? OR REFERENCED_TABLE_NAME = ?) ORDER BY CONSTRAINT_NAME",
           {table, table})) {
    out.push_back("foreign key " + text(row[0]) + " (" + text(row[1]) + " references " +
                  text(row[2]) + ") would follow the original table, not the copy");
  }
  const auto ours = zdm_trigger_names(migration, table);
  for (const Row& row :
       connection.query("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS "
                        "WHERE EVENT_OBJECT_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = ? "
                        "ORDER BY TRIGGER_NAME",
                        {table})) {
    if (std::find(ours.begin(), ours.end(), text(row[0])) == ours.end())
      out.push_back("trigger " + text(row[0]) + " would stay on the original table");
  }
  // SKIP LOCKED after LOCK IN SHARE MODE is MariaDB's (10.6 and later); MySQL spells it
  // FOR SHARE SKIP LOCKED, and the copy has been measured and tested on MariaDB only.
  if (connection.query_scalar("SELECT IF(VERSION() LIKE '%MariaDB%', 1, 0)", {}) !=
      std::optional<std::string>("1")) {
    out.push_back("the copy runs on MariaDB 10.6 or later; this server is MySQL");
  }
  // A binary log in STATEMENT format cannot log the chunks' READ COMMITTED INSERT … SELECT.
  if (connection.query_scalar("SELECT IF(@@log_bin = 1 AND @@binlog_format = 'STATEMENT', 1, 0)",
                              {}) == std::optional<std::string>("1")) {
    out.push_back(
        "the binary log is in STATEMENT format, which cannot log the copy's READ "
        "COMMITTED INSERT … SELECT (set binlog_format to ROW or MIXED)");
  }
  for (const Row& row : connection.query(
           "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
           "AND TABLE_NAME = ? AND (EXTRA LIKE '%VIRTUAL GENERATED%' OR EXTRA LIKE '%STORED "
           "GENERATED%') ORDER BY ORDINAL_POSITION",
           {table})) {
    out.push_back("column " + text(row[0]) + " is generated and cannot be copied");
  }
  return out;
}

TableCopy table_copy(const plan::BackfillTable& backfill, const TableSchema& table,
                     const std::vector<std::string>& key, const plan::SyncTrigger* sync,
                     const std::string& migration) {
  const std::string& name = backfill.table;
  TableCopy copy;
  copy.shadow = shadow_table_name(migration, name);
  copy.retired = retired_table_name(migration, name);
  // Triggers before the shadow is dropped: a trigger writing into a missing table would fail
  // the application's writes.
  copy.start = drop_copy_triggers(name, migration);
  copy.start.push_back(drop_table(copy.shadow));
  copy.start.push_back(ddl_statement("CREATE TABLE " + quote(copy.shadow) + " LIKE " + quote(name),
                                     "none (a new table)"));
  copy.lock = ddl_statement("LOCK TABLES " + quote(name) + " WRITE",
                            "a write lock on " + quote(name) + " while its triggers are created");
  copy.keep_in_step = copy_triggers(backfill, table, key, copy.shadow, migration);
  copy.unlock = "UNLOCK TABLES";
  const auto columns = table.column_names();
  copy.chunk_insert = "INSERT INTO " + quote(copy.shadow) + " (" + quoted_list(columns) +
                      ") SELECT " + copied_values(backfill, columns, "") + " FROM " + quote(name);
  const std::string first_key = quote(copy.shadow) + "." + quote(key.front());
  // A row a trigger copied first is newer and is kept.
  const std::string keep_newer = " ON DUPLICATE KEY UPDATE " + first_key + " = " + first_key;
  // The chunk's reads share-lock its rows, so that a concurrent DELETE cannot slip between
  // the read and the insert.
  const std::string share_lock = " LOCK IN SHARE MODE";
  if (!auto_increments(table)) {
    copy.chunk_suffix = share_lock + keep_newer;
  } else {
    // The INSERT … SELECT holds the copy's AUTO-INC lock, so chunk_lock locks the rows first
    // and the INSERT skips a row locked by someone else now: one that appeared in the
    // chunk's keys since (an insert, a key moved there), which its own trigger copies, and
    // waiting on it while holding the AUTO-INC lock could deadlock.
    copy.chunk_lock = "SELECT count(*) FROM " + quote(name);
    copy.lock_suffix = share_lock;
    copy.chunk_suffix = share_lock + " SKIP LOCKED" + keep_newer;
  }
  // READ COMMITTED: the chunk's reads lock the rows they copy and no gap between them, so
  // the application's inserts between those rows do not wait for the chunk.
  copy.before_chunk = {"SET TRANSACTION ISOLATION LEVEL READ COMMITTED"};
  if (sync != nullptr)
    copy.swap = create_sync(*sync, table, migration, SyncName::on_copy, copy.shadow);
  copy.swap.push_back(
      ddl_statement("RENAME TABLE " + quote(name) + " TO " + quote(copy.retired) + ", " +
                        quote(copy.shadow) + " TO " + quote(name),
                    brief_metadata_lock(name) + " (every transaction on it finishes first)"));
  copy.finish.push_back(drop_table(copy.retired));
  if (sync != nullptr) {
    append(copy.finish, create_sync(*sync, table, migration, SyncName::own));
    append(copy.finish, drop_sync_named(*sync, migration, SyncName::on_copy));
  }
  return copy;
}

std::optional<SqlStatement> carry_auto_increment(Connection& connection, const TableCopy& copy,
                                                 const std::string& table) {
  const auto next = connection.query_scalar(
      "SELECT AUTO_INCREMENT FROM information_schema.TABLES "
      "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
      {table});
  if (!next || next->empty())
    return std::nullopt;
  return ddl_statement("ALTER TABLE " + quote(copy.shadow) +
                           " AUTO_INCREMENT = " + std::to_string(std::stoll(*next)),
                       brief_metadata_lock(copy.shadow));
}

std::vector<SqlStatement> drop_table_copy(const std::string& table, const std::string& migration) {
  auto out = drop_copy_triggers(table, migration);
  out.push_back(drop_table(shadow_table_name(migration, table)));
  out.push_back(drop_table(retired_table_name(migration, table)));
  return out;
}

}  // namespace zdm::db::mysql
