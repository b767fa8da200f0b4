#include "mysql_step_sql.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <type_traits>

#include "mysql_names.hpp"

namespace zdm::db::mysql {

namespace {

constexpr const char* kInstant = ", ALGORITHM=INSTANT";
constexpr const char* kOnline = ", ALGORITHM=INPLACE, LOCK=NONE";
// Adding a CHECK or FOREIGN KEY constraint: MariaDB 10.11 refuses INSTANT, NOCOPY and
// INPLACE for CHECK, and INPLACE for a FOREIGN KEY unless foreign_key_checks=0 (which would
// skip validating the existing rows). A copy that checks every row is the honest way.
constexpr const char* kCopy = ", ALGORITHM=COPY, LOCK=SHARED";

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::string alter(const std::string& table, const std::string& change) {
  return "ALTER TABLE " + quote(table) + " " + change;
}

// INSTANT where the table allows it; tables it cannot change in place (ROW_FORMAT=COMPRESSED,
// a FULLTEXT index, ...) get the online rebuild, which still lets writes through.
std::vector<SqlStatement> add_column(const plan::AddColumn& step) {
  const auto& c = step.column;
  const std::string change =
      "ADD COLUMN " + column_definition(c.name, c.type, c.nullable, c.default_sql);
  SqlStatement add = ddl_statement(alter(step.table, change + kInstant), instant_lock(step.table));
  add.fallback_sql = alter(step.table, change + kOnline);
  add.fallback_lock = online_lock(step.table);
  return {add};
}

std::vector<SqlStatement> create_table(const plan::CreateTable& step) {
  std::vector<std::string> parts;
  std::vector<std::string> primary_key;
  for (const auto& c : step.columns) {
    parts.push_back(column_definition(c.name, c.type, c.nullable && !c.primary_key, c.default_sql));
    if (c.primary_key)
      primary_key.push_back(c.name);
  }
  if (!primary_key.empty())
    parts.push_back("PRIMARY KEY (" + quoted_list(primary_key) + ")");
  std::string body;
  for (const auto& part : parts)
    body += (body.empty() ? "" : ", ") + part;
  return {ddl_statement("CREATE TABLE " + quote(step.table) + " (" + body + ") ENGINE=InnoDB",
                        "none: the table is new")};
}

std::vector<SqlStatement> create_index(const plan::CreateIndex& step) {
  if (step.where_sql) {
    throw std::invalid_argument("create_index " + step.name +
                                ": MySQL and MariaDB have no partial indexes (where:); remove "
                                "where: or use a plain index");
  }
  const std::string kind = step.unique ? "ADD UNIQUE INDEX " : "ADD INDEX ";
  return {ddl_statement(
      alter(step.table, kind + quote(step.name) + " (" + quoted_list(step.columns) + ")" + kOnline),
      online_lock(step.table))};
}

std::vector<SqlStatement> add_check(const plan::AddCheck& step) {
  return {ddl_statement(alter(step.table, "ADD CONSTRAINT " + quote(step.name) + " CHECK (" +
                                              step.expression + ")" + kCopy),
                        copy_lock(step.table))};
}

std::vector<SqlStatement> add_foreign_key(const plan::AddForeignKey& step) {
  std::string change = "ADD CONSTRAINT " + quote(step.name) + " FOREIGN KEY (" +
                       quoted_list(step.columns) + ") REFERENCES " + quote(step.references.table) +
                       " (" + quoted_list(step.references.columns) + ")";
  if (step.on_delete)
    change += " ON DELETE " + upper(*step.on_delete);
  return {ddl_statement(
      alter(step.table, change + kCopy),
      copy_lock(step.table) + "; " + quote(step.references.table) + " is read to check each row")};
}

std::vector<SqlStatement> raw_sql(const std::string& sql) {
  return {ddl_statement(sql, "unknown: raw SQL takes whatever locks its statements take")};
}

std::vector<SqlStatement> drop_column(const plan::DropColumn& step) {
  // INSTANT is refused when the column is part of an index; MariaDB reads INPLACE as "INPLACE
  // or better", so this is instant whenever it can be and online otherwise.
  return {ddl_statement(alter(step.table, "DROP COLUMN " + quote(step.column) + kOnline),
                        online_lock(step.table))};
}

SqlStatement rename(const std::string& table, const std::string& from, const std::string& to) {
  return ddl_statement(alter(table, "RENAME COLUMN " + quote(from) + " TO " + quote(to) + kInstant),
                       instant_lock(table));
}

SqlStatement drop_index(const std::string& table, const std::string& name) {
  return ddl_statement(alter(table, "DROP INDEX " + quote(name) + kOnline), online_lock(table));
}

SqlStatement drop_constraint(const std::string& table, const std::string& name) {
  return ddl_statement(alter(table, "DROP CONSTRAINT " + quote(name) + kOnline),
                       online_lock(table));
}

// Whether `before` has an index MySQL would use for a foreign key on `columns` (one that
// starts with them); without one, adding the constraint created an index of its name.
bool has_index_for(const TableSchema& before, const std::vector<std::string>& columns) {
  return std::any_of(before.indexes.begin(), before.indexes.end(), [&](const IndexSchema& index) {
    if (index.columns.size() < columns.size())
      return false;
    return std::equal(columns.begin(), columns.end(), index.columns.begin(),
                      [](const std::string& a, const std::string& b) { return same_name(a, b); });
  });
}

std::vector<SqlStatement> undo_foreign_key(const plan::AddForeignKey& step,
                                           const TableSchema& before) {
  std::vector<SqlStatement> out{
      ddl_statement(alter(step.table, "DROP FOREIGN KEY " + quote(step.name) + kOnline),
                    online_lock(step.table))};
  if (before.index(step.name) == nullptr && !has_index_for(before, step.columns))
    out.push_back(drop_index(step.table, step.name));
  return out;
}

std::optional<std::vector<SqlStatement>> undo_drop_index(const plan::DropIndex& step,
                                                         const TableSchema& before) {
  const IndexSchema* index = before.index(step.name);
  if (index == nullptr)
    return std::vector<SqlStatement>{};  // it was not there: the step changed nothing
  return std::vector<SqlStatement>{recreate_index(*index, step.table)};
}

}  // namespace

std::string column_definition(const std::string& name, const std::string& type, bool nullable,
                              const std::optional<std::string>& default_sql) {
  std::string out = quote(name) + " " + type;
  if (!nullable)
    out += " NOT NULL";
  if (default_sql)
    out += " DEFAULT " + *default_sql;
  return out;
}

std::string instant_lock(const std::string& table) {
  return "none (ALGORITHM=INSTANT): " + brief_metadata_lock(table) + " at start and end";
}

std::string online_lock(const std::string& table) {
  return "none (ALGORITHM=INPLACE, LOCK=NONE): reads and writes continue; a brief exclusive "
         "metadata lock on " +
         quote(table) + " at start and end";
}

std::string copy_lock(const std::string& table) {
  return "SHARED (ALGORITHM=COPY, LOCK=SHARED): " + quote(table) +
         " is copied and every row checked; reads continue, writes wait until the copy ends";
}

std::vector<SqlStatement> forward_sql(const plan::DdlAction& action) {
  return std::visit(
      [](const auto& step) -> std::vector<SqlStatement> {
        using Step = std::decay_t<decltype(step)>;
        if constexpr (std::is_same_v<Step, plan::AddColumn>)
          return add_column(step);
        else if constexpr (std::is_same_v<Step, plan::CreateTable>)
          return create_table(step);
        else if constexpr (std::is_same_v<Step, plan::CreateIndex>)
          return create_index(step);
        else if constexpr (std::is_same_v<Step, plan::AddCheck>)
          return add_check(step);
        else if constexpr (std::is_same_v<Step, plan::AddForeignKey>)
          return add_foreign_key(step);
        else if constexpr (std::is_same_v<Step, plan::RawSql>)
          return raw_sql(step.up);
        else if constexpr (std::is_same_v<Step, plan::DropColumn>)
          return drop_column(step);
        else if constexpr (std::is_same_v<Step, plan::RenameColumn>)
          return {rename(step.table, step.from, step.to)};
        else
          return {drop_index(step.table, step.name)};
      },
      action);
}

std::optional<std::vector<SqlStatement>> inverse_sql(const plan::DdlAction& action,
                                                     const TableSchema& before) {
  using Statements = std::optional<std::vector<SqlStatement>>;
  return std::visit(
      [&](const auto& step) -> Statements {
        using Step = std::decay_t<decltype(step)>;
        if constexpr (std::is_same_v<Step, plan::AddColumn>)
          return std::vector<SqlStatement>{
              ddl_statement(alter(step.table, "DROP COLUMN " + quote(step.column.name) + kOnline),
                            online_lock(step.table))};
        else if constexpr (std::is_same_v<Step, plan::CreateTable>)
          return std::vector<SqlStatement>{
              ddl_statement("DROP TABLE " + quote(step.table), brief_metadata_lock(step.table))};
        else if constexpr (std::is_same_v<Step, plan::CreateIndex>)
          return std::vector<SqlStatement>{drop_index(step.table, step.name)};
        else if constexpr (std::is_same_v<Step, plan::AddCheck>)
          return std::vector<SqlStatement>{drop_constraint(step.table, step.name)};
        else if constexpr (std::is_same_v<Step, plan::AddForeignKey>)
          return undo_foreign_key(step, before);
        else if constexpr (std::is_same_v<Step, plan::RawSql>)
          return step.down ? Statements(raw_sql(*step.down)) : std::nullopt;
        else if constexpr (std::is_same_v<Step, plan::DropColumn>)
          return std::nullopt;  // undone from the backup table (restore_column)
        else if constexpr (std::is_same_v<Step, plan::RenameColumn>)
          return std::vector<SqlStatement>{rename(step.table, step.to, step.from)};
        else
          return undo_drop_index(step, before);
      },
      action);
}

SqlStatement index_statement(const std::string& alter_table, const std::string& table) {
  const bool offline = alter_table.find(" FULLTEXT ") != std::string::npos ||
                       alter_table.find(" SPATIAL ") != std::string::npos;
  if (offline) {
    return ddl_statement(alter_table + ", ALGORITHM=INPLACE, LOCK=SHARED",
                         "SHARED (ALGORITHM=INPLACE, LOCK=SHARED): reads continue, writes to " +
                             quote(table) + " wait while the index is built");
  }
  return ddl_statement(alter_table + kOnline, online_lock(table));
}

SqlStatement recreate_index(const IndexSchema& index, const std::string& table) {
  // IF NOT EXISTS: undoing drop_column may already have put an index on that column back.
  std::string definition = index.definition;
  if (const auto at = definition.find(" INDEX `"); at != std::string::npos)
    definition.insert(at + 7, "IF NOT EXISTS ");
  return index_statement(definition, table);
}

}  // namespace zdm::db::mysql
