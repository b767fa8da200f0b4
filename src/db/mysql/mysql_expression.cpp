#include "mysql_expression.hpp"

#include <cctype>
#include <optional>

#include "mysql_names.hpp"

namespace zdm::db::mysql {

namespace {

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Letters, digits, _ and $, and any byte of a multi-byte UTF-8 character.
bool is_word_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) != 0 || c == '_' || c == '$' || u >= 0x80;
}

// The end of a quoted run that starts at `start` with `quote`: a doubled quote stands for
// itself; inside strings (not `names`) a backslash escapes the next character.
std::size_t end_of_quoted(std::string_view sql, std::size_t start, char quote) {
  std::size_t i = start + 1;
  while (i < sql.size()) {
    if (sql[i] == '\\' && quote != '`') {
      i += 2;
    } else if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote)
        i += 2;
      else
        return i + 1;
    } else {
      ++i;
    }
  }
  return sql.size();
}

std::size_t end_of_line(std::string_view sql, std::size_t start) {
  const std::size_t newline = sql.find('\n', start);
  return newline == std::string_view::npos ? sql.size() : newline + 1;
}

std::size_t end_of_block_comment(std::string_view sql, std::size_t start) {
  const std::size_t close = sql.find("*/", start + 2);
  return close == std::string_view::npos ? sql.size() : close + 2;
}

std::size_t end_of_word(std::string_view sql, std::size_t start) {
  std::size_t i = start;
  while (i < sql.size() && is_word_char(sql[i]))
    ++i;
  return i;
}

// A number: digits, a decimal point, an exponent or hex digits (1.5, 1e5, 0x1F).
std::size_t end_of_number(std::string_view sql, std::size_t start) {
  std::size_t i = start;
  while (i < sql.size() && (is_word_char(sql[i]) || sql[i] == '.'))
    ++i;
  return i;
}

// @name, @@scope.name, @'quoted name', @`quoted name`.
std::size_t end_of_variable(std::string_view sql, std::size_t start) {
  std::size_t i = start;
  while (i < sql.size() && sql[i] == '@')
    ++i;
  if (i < sql.size() && (sql[i] == '\'' || sql[i] == '"' || sql[i] == '`'))
    return end_of_quoted(sql, i, sql[i]);
  while (i < sql.size() && (is_word_char(sql[i]) || sql[i] == '.'))
    ++i;
  return i;
}

bool starts_line_comment(std::string_view sql, std::size_t i) {
  if (sql[i] == '#')
    return true;
  // "--" starts a comment only when a space or control character follows (or nothing).
  return sql.compare(i, 2, "--") == 0 &&
         (i + 2 == sql.size() || static_cast<unsigned char>(sql[i + 2]) <= ' ');
}

Token next_token(std::string_view sql, std::size_t i) {
  const char c = sql[i];
  const auto token = [&](TokenKind kind, std::size_t end) {
    return Token{kind, sql.substr(i, end - i)};
  };
  if (is_space(c)) {
    std::size_t end = i;
    while (end < sql.size() && is_space(sql[end]))
      ++end;
    return token(TokenKind::space, end);
  }
  if (starts_line_comment(sql, i))
    return token(TokenKind::comment, end_of_line(sql, i));
  if (sql.compare(i, 2, "/*") == 0)
    return token(TokenKind::comment, end_of_block_comment(sql, i));
  if (c == '\'' || c == '"')
    return token(TokenKind::string, end_of_quoted(sql, i, c));
  if (c == '`')
    return token(TokenKind::quoted_identifier, end_of_quoted(sql, i, c));
  if (c == '@')
    return token(TokenKind::variable, end_of_variable(sql, i));
  if (is_digit(c))
    return token(TokenKind::number, end_of_number(sql, i));
  if (is_word_char(c))
    return token(TokenKind::identifier, end_of_word(sql, i));
  return token(TokenKind::symbol, i + 1);
}

bool is_significant(const Token& token) {
  return token.kind != TokenKind::space && token.kind != TokenKind::comment;
}

// The nearest token before / after `index` that is neither space nor comment.
const Token* significant_before(const std::vector<Token>& tokens, std::size_t index) {
  for (std::size_t i = index; i-- > 0;) {
    if (is_significant(tokens[i]))
      return &tokens[i];
  }
  return nullptr;
}

const Token* significant_after(const std::vector<Token>& tokens, std::size_t index) {
  for (std::size_t i = index + 1; i < tokens.size(); ++i) {
    if (is_significant(tokens[i]))
      return &tokens[i];
  }
  return nullptr;
}

bool is_symbol(const Token* token, char symbol) {
  return token != nullptr && token->kind == TokenKind::symbol && token->text.front() == symbol;
}

// Whether the name token at `index` is used as a plain column reference: not part of a
// qualified name, not a function call, not a charset introducer or X'…' literal.
bool is_plain_reference(const std::vector<Token>& tokens, std::size_t index) {
  const Token* before = significant_before(tokens, index);
  const Token* after = significant_after(tokens, index);
  if (is_symbol(before, '.') || is_symbol(after, '.') || is_symbol(after, '('))
    return false;
  const bool glued_to_string =
      index + 1 < tokens.size() && tokens[index + 1].kind == TokenKind::string;
  return !(tokens[index].kind == TokenKind::identifier && glued_to_string);
}

std::optional<std::string> matching_column(const std::string& name,
                                           const std::vector<std::string>& columns) {
  for (const auto& column : columns) {
    if (same_name(name, column))
      return column;
  }
  return std::nullopt;
}

}  // namespace

std::vector<Token> tokenize(std::string_view sql) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < sql.size()) {
    tokens.push_back(next_token(sql, i));
    i += tokens.back().text.size();
  }
  return tokens;
}

std::string identifier_name(const Token& token) {
  if (token.kind != TokenKind::quoted_identifier)
    return std::string(token.text);
  std::string name;
  const std::string_view inner = token.text.substr(
      1, token.text.size() >= 2 && token.text.back() == '`' ? token.text.size() - 2
                                                            : token.text.size() - 1);
  for (std::size_t i = 0; i < inner.size(); ++i) {
    name += inner[i];
    if (inner[i] == '`' && i + 1 < inner.size() && inner[i + 1] == '`')
      ++i;
  }
  return name;
}

std::string qualify_columns(std::string_view expression, const std::vector<std::string>& columns,
                            std::string_view row) {
  const std::vector<Token> tokens = tokenize(expression);
  std::string out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    const bool is_name =
        token.kind == TokenKind::identifier || token.kind == TokenKind::quoted_identifier;
    const std::optional<std::string> column = is_name && is_plain_reference(tokens, i)
                                                  ? matching_column(identifier_name(token), columns)
                                                  : std::nullopt;
    if (column)
      out += std::string(row) + "." + quote(*column);
    else
      out += token.text;
  }
  return out;
}

}  // namespace zdm::db::mysql
