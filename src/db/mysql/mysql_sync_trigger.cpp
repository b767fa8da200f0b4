#include "mysql_sync_trigger.hpp"

#include "mysql_expression.hpp"
#include "mysql_names.hpp"
#include "zdm/db/constant_default.hpp"

namespace zdm::db::mysql {

namespace {

// Compared as bytes: under a case-insensitive collation 'Ann' = 'ANN', and a change of
// case must reach the target too.
std::string as_bytes(const std::string& value) {
  return "CAST(" + value + " AS BINARY)";
}

// The target as the statement left it: NULL, or its constant default (a column an INSERT
// leaves out has its default by the time a BEFORE trigger runs).
std::string unfilled(const std::string& target, const ColumnSchema* column) {
  const auto constant = column ? constant_default(*column) : std::nullopt;
  if (!constant)
    return target + " IS NULL";
  return "(" + target + " IS NULL OR " + as_bytes(target) + " = " +
         as_bytes("(" + *constant + ")") + ")";
}

// IF <NEW.`target` unfilled> THEN SET NEW.`target` = (expr over NEW); END IF;
std::string fill_when_unfilled(const plan::ColumnAssignment& set, const TableSchema& table) {
  const std::string target = "NEW." + quote(set.column);
  return "IF " + unfilled(target, table.column(set.column)) + " THEN SET " + target + " = (" +
         qualify_columns(set.expression, table.column_names(), "NEW") + "); END IF; ";
}

// IF (<NEW.`target` unfilled> AND NEW.`target` <=> OLD.`target`) OR NOT ((expr over NEW)
// <=> (expr over OLD)) THEN SET NEW.`target` = (expr over NEW); END IF; — a row the
// statement leaves unfilled is filled, as on insert, and a change of the expression's value
// is carried over.
std::string recompute_when_changed(const plan::ColumnAssignment& set, const TableSchema& table) {
  const std::vector<std::string> columns = table.column_names();
  const std::string now = "(" + qualify_columns(set.expression, columns, "NEW") + ")";
  const std::string was = "(" + qualify_columns(set.expression, columns, "OLD") + ")";
  const std::string target = "NEW." + quote(set.column);
  return "IF (" + unfilled(target, table.column(set.column)) + " AND " + as_bytes(target) +
         " <=> " + as_bytes("OLD." + quote(set.column)) + ") OR NOT (" + as_bytes(now) + " <=> " +
         as_bytes(was) + ") THEN SET " + target + " = " + now + "; END IF; ";
}

template <typename Body>
SqlStatement create_trigger(const std::string& name, const std::string& event,
                            const std::string& table, const plan::SyncTrigger& sync, Body body) {
  std::string sql = "CREATE OR REPLACE TRIGGER " + quote(name) + " BEFORE " + event + " ON " +
                    quote(table) + " FOR EACH ROW BEGIN ";
  for (const auto& set : sync.set)
    sql += body(set);
  return ddl_statement(sql + "END", brief_metadata_lock(table));
}

}  // namespace

std::string sync_trigger_name(const std::string& migration, const std::string& table,
                              const std::string& event, SyncName name) {
  return fit_identifier("zdm_sync_" + migration + "_" + table,
                        "_" + event + (name == SyncName::on_copy ? "2" : ""));
}

std::vector<SqlStatement> create_sync(const plan::SyncTrigger& sync, const TableSchema& table,
                                      const std::string& migration, SyncName name,
                                      const std::string& on_table) {
  const std::string target = on_table.empty() ? sync.table : on_table;
  return {
      create_trigger(
          sync_trigger_name(migration, sync.table, "ins", name), "INSERT", target, sync,
          [&](const plan::ColumnAssignment& set) { return fill_when_unfilled(set, table); }),
      create_trigger(
          sync_trigger_name(migration, sync.table, "upd", name), "UPDATE", target, sync,
          [&](const plan::ColumnAssignment& set) { return recompute_when_changed(set, table); }),
  };
}

std::vector<SqlStatement> drop_sync_named(const plan::SyncTrigger& sync,
                                          const std::string& migration, SyncName name) {
  std::vector<SqlStatement> out;
  for (const char* event : {"ins", "upd"}) {
    out.push_back(ddl_statement(
        "DROP TRIGGER IF EXISTS " + quote(sync_trigger_name(migration, sync.table, event, name)),
        brief_metadata_lock(sync.table)));
  }
  return out;
}

std::vector<SqlStatement> drop_sync(const plan::SyncTrigger& sync, const std::string& migration) {
  auto out = drop_sync_named(sync, migration, SyncName::own);
  for (auto& statement : drop_sync_named(sync, migration, SyncName::on_copy))
    out.push_back(std::move(statement));
  return out;
}

}  // namespace zdm::db::mysql
