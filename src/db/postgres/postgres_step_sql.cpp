#include "postgres_step_sql.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>

#include "postgres_names.hpp"

namespace zdm::db::pg {

namespace {

constexpr std::string_view kRawSqlLock = "unknown (raw SQL)";

// The upper-cased words of `sql`, in order (quoted text and comments are not skipped: a
// false match only costs the shared transaction, never correctness).
std::vector<std::string> words(std::string_view sql) {
  std::vector<std::string> out;
  std::string word;
  for (char c : sql) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty())
    out.push_back(std::move(word));
  return out;
}

// Raw SQL that PostgreSQL refuses inside a transaction block (CONCURRENTLY, VACUUM, ...) or
// that manages transactions itself runs on its own, not with zdm's step record.
bool may_run_in_transaction(std::string_view sql) {
  static const std::vector<std::string> alone = {"CONCURRENTLY", "VACUUM",   "COMMIT",
                                                 "BEGIN",        "ROLLBACK", "DATABASE",
                                                 "TABLESPACE",   "SYSTEM",   "REINDEX"};
  for (const auto& word : words(sql)) {
    if (std::find(alone.begin(), alone.end(), word) != alone.end())
      return false;
  }
  return true;
}

std::string alter_table(std::string_view schema, std::string_view table) {
  return "ALTER TABLE " + qualified_name(schema, table) + " ";
}

std::string brief_exclusive(std::string_view schema, std::string_view table) {
  return lock_on("ACCESS EXCLUSIVE", schema, table, "brief");
}

// "email_address" varchar(255) NOT NULL DEFAULT ''
std::string column_definition(const plan::ColumnDefinition& column) {
  std::string sql = quote_identifier(column.name) + " " + column.type;
  if (!column.nullable || column.primary_key)
    sql += " NOT NULL";
  if (column.default_sql)
    sql += " DEFAULT " + *column.default_sql;
  return sql;
}

std::string on_delete_clause(const std::optional<std::string>& on_delete) {
  if (!on_delete)
    return "";
  static const std::map<std::string, std::string> kActions = {{"no action", "NO ACTION"},
                                                              {"restrict", "RESTRICT"},
                                                              {"cascade", "CASCADE"},
                                                              {"set null", "SET NULL"},
                                                              {"set default", "SET DEFAULT"}};
  const auto it = kActions.find(*on_delete);
  if (it == kActions.end())
    throw std::invalid_argument("add_foreign_key: unknown on_delete action \"" + *on_delete + "\"");
  return " ON DELETE " + it->second;
}

// The two tables of a foreign key, for lock descriptions.
std::string both_tables(std::string_view schema, const plan::AddForeignKey& fk) {
  return display_name(schema, fk.table) + " and " + display_name(schema, fk.references.table);
}

struct Forward {
  std::string_view schema;

  std::vector<SqlStatement> operator()(const plan::AddColumn& a) const {
    return {
        ddl_statement(alter_table(schema, a.table) + "ADD COLUMN " + column_definition(a.column),
                      brief_exclusive(schema, a.table))};
  }

  std::vector<SqlStatement> operator()(const plan::CreateTable& a) const {
    std::string sql = "CREATE TABLE " + qualified_name(schema, a.table) + " (";
    std::vector<std::string> key;
    for (size_t i = 0; i < a.columns.size(); ++i) {
      sql += (i ? ", " : "") + column_definition(a.columns[i]);
      if (a.columns[i].primary_key)
        key.push_back(a.columns[i].name);
    }
    if (!key.empty())
      sql += ", PRIMARY KEY (" + quoted_list(key) + ")";
    return {ddl_statement(sql + ")", lock_on("ACCESS EXCLUSIVE", schema, a.table, "new table"))};
  }

  std::vector<SqlStatement> operator()(const plan::CreateIndex& a) const {
    std::string sql = std::string("CREATE ") + (a.unique ? "UNIQUE " : "") + "INDEX CONCURRENTLY " +
                      quote_identifier(a.name) + " ON " + qualified_name(schema, a.table) + " (" +
                      quoted_list(a.columns) + ")";
    if (a.where_sql)
      sql += " WHERE " + *a.where_sql;
    return {ddl_statement(sql, lock_on("SHARE UPDATE EXCLUSIVE", schema, a.table), false)};
  }

  std::vector<SqlStatement> operator()(const plan::AddCheck& a) const {
    return {ddl_statement(alter_table(schema, a.table) + "ADD CONSTRAINT " +
                              quote_identifier(a.name) + " CHECK (" + a.expression + ") NOT VALID",
                          brief_exclusive(schema, a.table)),
            validate(a.table, a.name, lock_on("SHARE UPDATE EXCLUSIVE", schema, a.table))};
  }

  std::vector<SqlStatement> operator()(const plan::AddForeignKey& a) const {
    const std::string add = alter_table(schema, a.table) + "ADD CONSTRAINT " +
                            quote_identifier(a.name) + " FOREIGN KEY (" + quoted_list(a.columns) +
                            ") REFERENCES " + qualified_name(schema, a.references.table) + " (" +
                            quoted_list(a.references.columns) + ")" +
                            on_delete_clause(a.on_delete) + " NOT VALID";
    return {ddl_statement(add, "SHARE ROW EXCLUSIVE on " + both_tables(schema, a) + " (brief)"),
            validate(a.table, a.name,
                     lock_on("SHARE UPDATE EXCLUSIVE", schema, a.table) + ", ROW SHARE on " +
                         display_name(schema, a.references.table))};
  }

  std::vector<SqlStatement> operator()(const plan::RawSql& a) const {
    return {ddl_statement(a.up, std::string(kRawSqlLock), may_run_in_transaction(a.up))};
  }

  std::vector<SqlStatement> operator()(const plan::DropColumn& a) const {
    return {
        ddl_statement(alter_table(schema, a.table) + "DROP COLUMN " + quote_identifier(a.column),
                      brief_exclusive(schema, a.table))};
  }

  std::vector<SqlStatement> operator()(const plan::RenameColumn& a) const {
    return {rename(a.table, a.from, a.to)};
  }

  std::vector<SqlStatement> operator()(const plan::DropIndex& a) const {
    return {ddl_statement("DROP INDEX CONCURRENTLY " + qualified_name(schema, a.name),
                          lock_on("SHARE UPDATE EXCLUSIVE", schema, a.table), false)};
  }

  SqlStatement validate(const std::string& table, const std::string& name, std::string lock) const {
    return ddl_statement(
        alter_table(schema, table) + "VALIDATE CONSTRAINT " + quote_identifier(name),
        std::move(lock));
  }

  SqlStatement rename(const std::string& table, const std::string& from,
                      const std::string& to) const {
    return ddl_statement(alter_table(schema, table) + "RENAME COLUMN " + quote_identifier(from) +
                             " TO " + quote_identifier(to),
                         brief_exclusive(schema, table));
  }
};

// pg_get_indexdef's "CREATE [UNIQUE] INDEX name ON ..." as "CREATE [UNIQUE] INDEX
// CONCURRENTLY name ON ...".
std::optional<std::string> concurrent_definition(const std::string& definition) {
  const std::string keyword = "INDEX ";
  const auto at = definition.find(keyword);
  if (definition.rfind("CREATE ", 0) != 0 || at == std::string::npos)
    return std::nullopt;
  std::string sql = definition;
  sql.insert(at + keyword.size(), "CONCURRENTLY ");
  return sql;
}

struct Inverse {
  std::string_view schema;
  const TableSchema& before;

  using Statements = std::optional<std::vector<SqlStatement>>;

  Statements operator()(const plan::AddColumn& a) const {
    return std::vector{ddl_statement(
        alter_table(schema, a.table) + "DROP COLUMN IF EXISTS " + quote_identifier(a.column.name),
        brief_exclusive(schema, a.table))};
  }

  Statements operator()(const plan::CreateTable& a) const {
    return std::vector{ddl_statement("DROP TABLE IF EXISTS " + qualified_name(schema, a.table),
                                     lock_on("ACCESS EXCLUSIVE", schema, a.table))};
  }

  Statements operator()(const plan::CreateIndex& a) const {
    return std::vector{drop_index_if_exists(schema, a.table, a.name)};
  }

  Statements operator()(const plan::AddCheck& a) const {
    return std::vector{
        drop_constraint_if_exists(schema, a.table, a.name, brief_exclusive(schema, a.table))};
  }

  Statements operator()(const plan::AddForeignKey& a) const {
    return std::vector{drop_constraint_if_exists(
        schema, a.table, a.name, "ACCESS EXCLUSIVE on " + both_tables(schema, a) + " (brief)")};
  }

  Statements operator()(const plan::RawSql& a) const {
    if (!a.down)
      return std::nullopt;
    return std::vector{
        ddl_statement(*a.down, std::string(kRawSqlLock), may_run_in_transaction(*a.down))};
  }

  Statements operator()(const plan::DropColumn&) const { return std::nullopt; }

  Statements operator()(const plan::RenameColumn& a) const {
    return std::vector{Forward{schema}.rename(a.table, a.to, a.from)};
  }

  Statements operator()(const plan::DropIndex& a) const {
    const IndexSchema* index = before.index(a.name);
    if (index == nullptr)
      return std::nullopt;
    const auto sql = concurrent_definition(index->definition);
    if (!sql)
      return std::nullopt;
    return std::vector{
        ddl_statement(*sql, lock_on("SHARE UPDATE EXCLUSIVE", schema, a.table), false)};
  }
};

}  // namespace

std::string lock_on(std::string_view mode, std::string_view schema, std::string_view table,
                    std::string_view note) {
  std::string text = std::string(mode) + " on " + display_name(schema, table);
  if (!note.empty())
    text += " (" + std::string(note) + ")";
  return text;
}

std::vector<SqlStatement> forward_statements(std::string_view schema,
                                             const plan::DdlAction& action) {
  return std::visit(Forward{schema}, action);
}

std::optional<std::vector<SqlStatement>> inverse_statements(std::string_view schema,
                                                            const plan::DdlAction& action,
                                                            const TableSchema& before) {
  return std::visit(Inverse{schema, before}, action);
}

SqlStatement drop_index_if_exists(std::string_view schema, std::string_view table,
                                  std::string_view index) {
  return ddl_statement("DROP INDEX CONCURRENTLY IF EXISTS " + qualified_name(schema, index),
                       lock_on("SHARE UPDATE EXCLUSIVE", schema, table), false);
}

SqlStatement drop_constraint_if_exists(std::string_view schema, std::string_view table,
                                       std::string_view name, std::string_view lock) {
  return ddl_statement(
      alter_table(schema, table) + "DROP CONSTRAINT IF EXISTS " + quote_identifier(name),
      std::string(lock));
}

}  // namespace zdm::db::pg
