#include "mysql_sync_trigger.hpp"

#include "mysql_expression.hpp"
#include "mysql_names.hpp"

namespace zdm::db::mysql {

namespace {

// IF NEW.`target` IS NULL THEN SET NEW.`target` = (expr over NEW); END IF;
std::string fill_when_null(const plan::ColumnAssignment& set,
                           const std::vector<std::string>& columns) {
  const std::string target = "NEW." + quote(set.column);
  return "IF " + target + " IS NULL THEN SET " + target + " = (" +
         qualify_columns(set.expression, columns, "NEW") + "); END IF; ";
}

// IF (NEW.`target` IS NULL AND OLD.`target` IS NULL) OR NOT (CAST((expr over NEW) AS BINARY)
// <=> CAST((expr over OLD) AS BINARY)) THEN SET NEW.`target` = (expr over NEW); END IF; —
// a row the statement leaves unfilled is filled, as on insert; the values are compared as
// bytes: under a case-insensitive collation 'Ann' = 'ANN', and a change of case must reach
// the target too.
std::string recompute_when_changed(const plan::ColumnAssignment& set,
                                   const std::vector<std::string>& columns) {
  const std::string now = "(" + qualify_columns(set.expression, columns, "NEW") + ")";
  const std::string was = "(" + qualify_columns(set.expression, columns, "OLD") + ")";
  const std::string target = quote(set.column);
  return "IF (NEW." + target + " IS NULL AND OLD." + target + " IS NULL) OR NOT (CAST(" + now +
         " AS BINARY) <=> CAST(" + was + " AS BINARY)) THEN SET NEW." + target + " = " + now +
         "; END IF; ";
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
  const std::vector<std::string> columns = table.column_names();
  const std::string target = on_table.empty() ? sync.table : on_table;
  return {
      create_trigger(
          sync_trigger_name(migration, sync.table, "ins", name), "INSERT", target, sync,
          [&](const plan::ColumnAssignment& set) { return fill_when_null(set, columns); }),
      create_trigger(
          sync_trigger_name(migration, sync.table, "upd", name), "UPDATE", target, sync,
          [&](const plan::ColumnAssignment& set) { return recompute_when_changed(set, columns); }),
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
