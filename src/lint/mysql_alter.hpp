#pragma once
// ALTER TABLE (and CREATE TABLE column lists) read from MySQL tokens: the clauses, the
// ALGORITHM and LOCK asked for, column definitions. Private to lint.

#include <optional>
#include <string>
#include <vector>

#include "mysql_sql.hpp"

namespace zdm::lint::mysql {

using Tokens = std::vector<Token>;

// A column type: "varchar" with {"255"}, "enum" with {"a", "b"}, "decimal" with {"12","2"}.
struct Type {
  std::string name;               // lower case
  std::vector<std::string> args;  // numbers as text, enum/set members unquoted
  bool is_unsigned = false;
  std::optional<std::string> charset;  // CHARACTER SET / CHARSET, lower case
  bool operator==(const Type&) const = default;
};
std::string describe(const Type& type);  // "varchar(255)", "enum('a','b')"
// From the tokens of a column definition's type part, or from text ("varchar(255)",
// the catalog's "int(11) unsigned").
std::optional<Type> type_from_tokens(const Tokens& tokens, size_t& at);
std::optional<Type> parse_type(const std::string& text);

struct ColumnDefinition {
  std::string name;
  Type type;
  bool not_null = false;
  bool has_default = false;
  bool auto_increment = false;
  bool stored_generated = false;  // GENERATED ALWAYS AS (...) STORED / PERSISTENT
  bool generated = false;         // stored or virtual
};
// A definition starting at `at` (the column name).
std::optional<ColumnDefinition> column_definition(const Tokens& tokens, size_t at);

enum class ClauseKind {
  add_column,
  add_index,        // ADD INDEX / KEY / UNIQUE / FULLTEXT / SPATIAL / PRIMARY KEY
  add_foreign_key,  // ADD [CONSTRAINT name] FOREIGN KEY
  add_check,
  modify_column,  // MODIFY [COLUMN] name definition
  change_column,  // CHANGE [COLUMN] old new definition
  drop_column,
  drop_index,  // DROP INDEX / KEY / PRIMARY KEY / FOREIGN KEY / CONSTRAINT / CHECK
  rename_column,
  rename_table,  // RENAME [TO|AS] new
  rename_index,
  alter_column,  // ALTER [COLUMN] c SET/DROP DEFAULT ...
  convert_charset,
  algorithm,
  lock,
  other,
};

struct Clause {
  ClauseKind kind = ClauseKind::other;
  Tokens tokens;
  std::string column;                          // the column it names (the old one for CHANGE)
  std::optional<ColumnDefinition> definition;  // add, modify, change
  std::string value;                           // ALGORITHM / LOCK value, upper case
};

struct AlterTable {
  std::string table;
  std::vector<Clause> clauses;
  std::optional<std::string> algorithm;  // upper case: COPY, INPLACE, INSTANT, NOCOPY, DEFAULT
  std::optional<std::string> lock;       // NONE, SHARED, EXCLUSIVE, DEFAULT
};

// nullopt for a statement that is not ALTER TABLE.
std::optional<AlterTable> alter_table(const Statement& statement);

// CREATE TABLE name (columns...): the table and the column definitions it can read.
struct CreateTable {
  std::string table;
  std::vector<ColumnDefinition> columns;
};
std::optional<CreateTable> create_table(const Statement& statement);

// CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX ... ON t (...) [ALGORITHM=..] [LOCK=..], and
// DROP INDEX i ON t: the table and the options.
struct IndexStatement {
  std::string table;
  bool create = true;
  std::optional<std::string> algorithm;
  std::optional<std::string> lock;
};
std::optional<IndexStatement> index_statement(const Statement& statement);

}  // namespace zdm::lint::mysql
