#include "postgres_column_backup.hpp"

#include <algorithm>
#include <stdexcept>

#include "postgres_names.hpp"
#include "postgres_step_sql.hpp"

namespace zdm::db::pg {

namespace {

// t."k1" = b."k1" AND t."k2" = b."k2"
std::string key_match(const std::vector<std::string>& key) {
  std::string sql;
  for (const auto& column : key) {
    sql += (sql.empty() ? "" : " AND ") + std::string("t.") + quote_identifier(column) + " = b." +
           quote_identifier(column);
  }
  return sql;
}

}  // namespace

std::vector<SqlStatement> backup_column_statements(std::string_view schema, std::string_view table,
                                                   std::string_view column,
                                                   const std::vector<std::string>& primary_key,
                                                   std::string_view backup_table) {
  if (primary_key.empty()) {
    throw std::invalid_argument("cannot back up " + display_name(schema, table) + "." +
                                std::string(column) + ": the table has no primary key");
  }
  std::vector<std::string> copied = primary_key;
  if (std::find(copied.begin(), copied.end(), column) == copied.end())
    copied.emplace_back(column);
  const std::string backup(backup_table);
  return {
      ddl_statement("CREATE TABLE " + backup + " AS SELECT " + quoted_list(copied) + " FROM " +
                        qualified_name(schema, table),
                    lock_on("ACCESS SHARE", schema, table, "reads every row")),
      ddl_statement("ALTER TABLE " + backup + " ADD PRIMARY KEY (" + quoted_list(primary_key) + ")",
                    "ACCESS EXCLUSIVE on " + backup + " (zdm's backup table)"),
  };
}

std::vector<SqlStatement> restore_column_statements(std::string_view schema,
                                                    const TableSchema& before,
                                                    std::string_view column,
                                                    std::string_view backup_table) {
  const ColumnSchema* definition = before.column(std::string(column));
  const std::vector<std::string> key = before.primary_key();
  if (definition == nullptr || key.empty()) {
    throw std::invalid_argument("cannot restore " + display_name(schema, before.table) + "." +
                                std::string(column) + ": the snapshot " +
                                (definition ? "has no primary key" : "has no such column"));
  }
  const std::string table = qualified_name(schema, before.table);
  const std::string name = quote_identifier(column);
  std::string add =
      "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + name + " " + definition->type;
  if (definition->default_sql)
    add += " DEFAULT " + *definition->default_sql;
  std::vector<SqlStatement> statements = {
      ddl_statement(add, lock_on("ACCESS EXCLUSIVE", schema, before.table, "brief")),
      data_statement("UPDATE " + table + " AS t SET " + name + " = b." + name + " FROM " +
                         std::string(backup_table) + " AS b WHERE " + key_match(key) + " AND t." +
                         name + " IS DISTINCT FROM b." + name,
                     lock_on("ROW EXCLUSIVE", schema, before.table, "updates every row")),
  };
  if (!definition->nullable) {
    statements.push_back(ddl_statement(
        "ALTER TABLE " + table + " ALTER COLUMN " + name + " SET NOT NULL",
        lock_on("ACCESS EXCLUSIVE", schema, before.table, "while it checks every row")));
  }
  return statements;
}

}  // namespace zdm::db::pg
