#include "mysql_alter.hpp"

#include <algorithm>
#include <cctype>

namespace zdm::lint::mysql {

namespace {

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

bool is_at(const Tokens& tokens, size_t at, std::string_view keyword) {
  return at < tokens.size() && tokens[at].is(keyword);
}

// The index after the ')' that closes the '(' at `open`.
size_t skip_parens(const Tokens& tokens, size_t open) {
  int depth = 0;
  for (size_t i = open; i < tokens.size(); ++i) {
    if (tokens[i].is_symbol('('))
      ++depth;
    else if (tokens[i].is_symbol(')') && --depth == 0)
      return i + 1;
  }
  return tokens.size();
}

// Top-level comma-separated parts of [from, to).
std::vector<Tokens> split_commas(const Tokens& tokens, size_t from, size_t to) {
  std::vector<Tokens> parts(1);
  int depth = 0;
  for (size_t i = from; i < to; ++i) {
    const Token& t = tokens[i];
    if (t.is_symbol('('))
      ++depth;
    if (t.is_symbol(')'))
      --depth;
    if (depth == 0 && t.is_symbol(',')) {
      parts.emplace_back();
      continue;
    }
    parts.back().push_back(t);
  }
  if (parts.back().empty())
    parts.pop_back();
  return parts;
}

// "ALGORITHM [=] value": the value, upper case.
std::string option_value(const Tokens& clause) {
  size_t at = 1;
  if (at < clause.size() && clause[at].is_symbol('='))
    ++at;
  return at < clause.size() ? upper(clause[at].text) : "";
}

// Skips an optional keyword.
size_t optional_word(const Tokens& tokens, size_t at, std::string_view keyword) {
  return is_at(tokens, at, keyword) ? at + 1 : at;
}

// After a table name "db.t" or "t": the table (no database) and the index after it.
std::string table_name(const Tokens& tokens, size_t& at) {
  if (at >= tokens.size() || !tokens[at].is_name())
    return "";
  std::string name = tokens[at++].text;
  if (at + 1 < tokens.size() && tokens[at].is_symbol('.') && tokens[at + 1].is_name()) {
    name = tokens[at + 1].text;
    at += 2;
  }
  return name;
}

void read_attributes(const Tokens& tokens, size_t at, ColumnDefinition& column) {
  for (; at < tokens.size(); ++at) {
    const Token& t = tokens[at];
    if (t.is("NOT") && is_at(tokens, at + 1, "NULL")) {
      column.not_null = true;
      ++at;
    } else if (t.is("DEFAULT")) {
      column.has_default = true;
    } else if (t.is("AUTO_INCREMENT")) {
      column.auto_increment = true;
    } else if (t.is("AS") && at + 1 < tokens.size() && tokens[at + 1].is_symbol('(')) {
      column.generated = true;
      at = skip_parens(tokens, at + 1) - 1;
    } else if (t.is("STORED") || t.is("PERSISTENT")) {
      column.stored_generated = column.generated;
    } else if (t.is("PRIMARY") && is_at(tokens, at + 1, "KEY")) {
      column.not_null = true;
    }
  }
}

ClauseKind add_kind(const Tokens& c, size_t at) {
  if (is_at(c, at, "CONSTRAINT")) {
    at += (at + 1 < c.size() && c[at + 1].is_name() && !c[at + 1].is("FOREIGN") &&
           !c[at + 1].is("CHECK") && !c[at + 1].is("UNIQUE") && !c[at + 1].is("PRIMARY"))
              ? 2
              : 1;
  }
  if (is_at(c, at, "FOREIGN"))
    return ClauseKind::add_foreign_key;
  if (is_at(c, at, "CHECK"))
    return ClauseKind::add_check;
  for (const char* index_word : {"INDEX", "KEY", "UNIQUE", "FULLTEXT", "SPATIAL", "PRIMARY"}) {
    if (is_at(c, at, index_word))
      return ClauseKind::add_index;
  }
  if (is_at(c, at, "PARTITION"))
    return ClauseKind::other;
  return ClauseKind::add_column;
}

Clause read_clause(Tokens tokens) {
  Clause clause;
  clause.tokens = std::move(tokens);
  const Tokens& c = clause.tokens;
  if (c.empty())
    return clause;
  size_t at = 1;
  if (c[0].is("ADD")) {
    clause.kind = add_kind(c, at);
    if (clause.kind == ClauseKind::add_column) {
      at = optional_word(c, at, "COLUMN");
      if (is_at(c, at, "IF") && is_at(c, at + 1, "NOT") && is_at(c, at + 2, "EXISTS"))
        at += 3;
      if (at < c.size() && c[at].is_symbol('('))
        return clause;  // ADD (a int, b int): not read
      clause.definition = column_definition(c, at);
      clause.column = clause.definition ? clause.definition->name : "";
    }
  } else if (c[0].is("MODIFY") || c[0].is("CHANGE")) {
    const bool change = c[0].is("CHANGE");
    clause.kind = change ? ClauseKind::change_column : ClauseKind::modify_column;
    at = optional_word(c, at, "COLUMN");
    if (is_at(c, at, "IF") && is_at(c, at + 1, "EXISTS"))
      at += 2;
    if (at < c.size())
      clause.column = c[at].text;
    clause.definition = column_definition(c, change ? at + 1 : at);
  } else if (c[0].is("DROP")) {
    const bool column = at < c.size() && !c[at].is("INDEX") && !c[at].is("KEY") &&
                        !c[at].is("PRIMARY") && !c[at].is("FOREIGN") && !c[at].is("CONSTRAINT") &&
                        !c[at].is("CHECK") && !c[at].is("PARTITION");
    clause.kind = column ? ClauseKind::drop_column : ClauseKind::drop_index;
    if (column) {
      at = optional_word(c, at, "COLUMN");
      if (is_at(c, at, "IF") && is_at(c, at + 1, "EXISTS"))
        at += 2;
      clause.column = at < c.size() ? c[at].text : "";
    }
  } else if (c[0].is("RENAME")) {
    if (is_at(c, 1, "COLUMN")) {
      clause.kind = ClauseKind::rename_column;
      clause.column = c.size() > 2 ? c[2].text : "";
    } else if (is_at(c, 1, "INDEX") || is_at(c, 1, "KEY")) {
      clause.kind = ClauseKind::rename_index;
    } else {
      clause.kind = ClauseKind::rename_table;
    }
  } else if (c[0].is("ALTER")) {
    clause.kind = ClauseKind::alter_column;
    at = optional_word(c, at, "COLUMN");
    clause.column = at < c.size() ? c[at].text : "";
  } else if (c[0].is("CONVERT")) {
    clause.kind = ClauseKind::convert_charset;
  } else if (c[0].is("ALGORITHM") || c[0].is("LOCK")) {
    clause.kind = c[0].is("ALGORITHM") ? ClauseKind::algorithm : ClauseKind::lock;
    clause.value = option_value(c);
  }
  return clause;
}

}  // namespace

std::string describe(const Type& type) {
  std::string text = type.name;
  if (!type.args.empty()) {
    const bool quoted = type.name == "enum" || type.name == "set";
    text += "(";
    for (size_t i = 0; i < type.args.size(); ++i)
      text += (i ? "," : "") + (quoted ? "'" + type.args[i] + "'" : type.args[i]);
    text += ")";
  }
  return type.is_unsigned ? text + " unsigned" : text;
}

// The server's own name for a type: INTEGER is INT, NUMERIC is DECIMAL, BOOL is TINYINT.
std::string canonical_name(std::string name) {
  static const std::vector<std::pair<std::string, std::string>> aliases = {
      {"integer", "int"},  {"numeric", "decimal"}, {"dec", "decimal"},  {"fixed", "decimal"},
      {"bool", "tinyint"}, {"boolean", "tinyint"}, {"real", "double"},  {"int4", "int"},
      {"int8", "bigint"},  {"int2", "smallint"},   {"int1", "tinyint"}, {"int3", "mediumint"}};
  for (const auto& [alias, canonical] : aliases) {
    if (name == alias)
      return canonical;
  }
  return name;
}

// INT(11): the number is a display width, not part of what the column holds.
bool integer_type(const std::string& name) {
  return name == "tinyint" || name == "smallint" || name == "mediumint" || name == "int" ||
         name == "bigint";
}

std::optional<Type> type_from_tokens(const Tokens& tokens, size_t& at) {
  if (at >= tokens.size() || tokens[at].kind != TokenKind::word)
    return std::nullopt;
  Type type;
  type.name = canonical_name(lower(tokens[at++].text));
  if (type.name == "double" && is_at(tokens, at, "PRECISION"))
    ++at;
  if (type.name == "character" && is_at(tokens, at, "VARYING")) {
    type.name = "varchar";
    ++at;
  }
  if (at < tokens.size() && tokens[at].is_symbol('(')) {
    const size_t end = skip_parens(tokens, at);
    for (size_t i = at + 1; i + 1 < end; ++i) {
      if (!tokens[i].is_symbol(','))
        type.args.push_back(tokens[i].text);
    }
    at = end;
  }
  if (integer_type(type.name))
    type.args.clear();
  for (; at < tokens.size(); ++at) {
    if (tokens[at].is("UNSIGNED")) {
      type.is_unsigned = true;
    } else if (tokens[at].is("ZEROFILL") || tokens[at].is("SIGNED") || tokens[at].is("BINARY")) {
    } else if ((tokens[at].is("CHARACTER") && is_at(tokens, at + 1, "SET")) ||
               tokens[at].is("CHARSET")) {
      at += tokens[at].is("CHARSET") ? 1 : 2;
      if (at < tokens.size() && tokens[at].is_symbol('='))
        ++at;
      if (at < tokens.size())
        type.charset = lower(tokens[at].text);
    } else {
      break;
    }
  }
  return type;
}

std::optional<Type> parse_type(const std::string& text) {
  const Split split_text = split("DO " + text);
  if (split_text.error || split_text.statements.size() != 1)
    return std::nullopt;
  size_t at = 1;
  return type_from_tokens(split_text.statements.front().tokens, at);
}

std::optional<ColumnDefinition> column_definition(const Tokens& tokens, size_t at) {
  if (at >= tokens.size() || !tokens[at].is_name())
    return std::nullopt;
  ColumnDefinition column;
  column.name = tokens[at++].text;
  auto type = type_from_tokens(tokens, at);
  if (!type)
    return std::nullopt;
  column.type = std::move(*type);
  read_attributes(tokens, at, column);
  if (column.type.name == "serial") {
    column.auto_increment = true;
    column.not_null = true;
  }
  return column;
}

std::optional<AlterTable> alter_table(const Statement& statement) {
  const Tokens& t = statement.tokens;
  size_t at = 0;
  if (!is_at(t, at, "ALTER"))
    return std::nullopt;
  ++at;
  at = optional_word(t, at, "ONLINE");
  at = optional_word(t, at, "IGNORE");
  if (!is_at(t, at, "TABLE"))
    return std::nullopt;
  ++at;
  if (is_at(t, at, "IF") && is_at(t, at + 1, "EXISTS"))
    at += 2;
  AlterTable alter;
  alter.table = table_name(t, at);
  for (auto& part : split_commas(t, at, t.size())) {
    Clause clause = read_clause(std::move(part));
    if (clause.kind == ClauseKind::algorithm)
      alter.algorithm = clause.value;
    if (clause.kind == ClauseKind::lock)
      alter.lock = clause.value;
    alter.clauses.push_back(std::move(clause));
  }
  return alter;
}

std::optional<CreateTable> create_table(const Statement& statement) {
  const Tokens& t = statement.tokens;
  size_t at = 0;
  if (!is_at(t, at, "CREATE"))
    return std::nullopt;
  ++at;
  at = optional_word(t, at, "TEMPORARY");
  if (!is_at(t, at, "TABLE"))
    return std::nullopt;
  ++at;
  if (is_at(t, at, "IF") && is_at(t, at + 1, "NOT") && is_at(t, at + 2, "EXISTS"))
    at += 3;
  CreateTable create;
  create.table = table_name(t, at);
  if (at >= t.size() || !t[at].is_symbol('('))
    return create;  // CREATE TABLE ... LIKE / AS SELECT
  const size_t end = skip_parens(t, at);
  for (const auto& part : split_commas(t, at + 1, end - 1)) {
    if (part.empty() || part[0].is("PRIMARY") || part[0].is("KEY") || part[0].is("INDEX") ||
        part[0].is("UNIQUE") || part[0].is("CONSTRAINT") || part[0].is("FOREIGN") ||
        part[0].is("CHECK") || part[0].is("FULLTEXT") || part[0].is("SPATIAL"))
      continue;
    if (auto column = column_definition(part, 0))
      create.columns.push_back(std::move(*column));
  }
  return create;
}

std::optional<IndexStatement> index_statement(const Statement& statement) {
  const Tokens& t = statement.tokens;
  IndexStatement index;
  size_t at = 0;
  if (is_at(t, 0, "CREATE")) {
    at = 1;
    at = optional_word(t, at, "OR");
    at = optional_word(t, at, "REPLACE");
    for (const char* kind : {"UNIQUE", "FULLTEXT", "SPATIAL"})
      at = optional_word(t, at, kind);
  } else if (is_at(t, 0, "DROP")) {
    index.create = false;
    at = 1;
  } else {
    return std::nullopt;
  }
  if (!is_at(t, at, "INDEX"))
    return std::nullopt;
  for (size_t i = at; i + 1 < t.size(); ++i) {
    if (t[i].is("ON")) {
      size_t name_at = i + 1;
      index.table = table_name(t, name_at);
      break;
    }
  }
  for (size_t i = at; i < t.size(); ++i) {
    if (t[i].is("ALGORITHM") || t[i].is("LOCK")) {
      Tokens option(t.begin() + static_cast<long>(i), t.end());
      (t[i].is("ALGORITHM") ? index.algorithm : index.lock) = option_value(option);
    }
  }
  return index;
}

}  // namespace zdm::lint::mysql
