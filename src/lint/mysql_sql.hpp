#pragma once
// MySQL/MariaDB SQL as tokens: quoting ('', "", ``), comments (-- , #, /* */, and the
// executable /*! */ whose content counts as SQL) and statements split at top-level ';'.
// Not a parser: enough for lint to read ALTER TABLE clauses reliably. Private to lint.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zdm::lint::mysql {

enum class TokenKind { word, identifier, string, number, symbol };

struct Token {
  TokenKind kind = TokenKind::word;
  std::string text;   // unquoted for identifiers and strings
  size_t offset = 0;  // in the tokenized text

  // A word (not a quoted identifier) equal to `keyword`, ignoring case.
  bool is(std::string_view keyword) const;
  // A word or a `quoted` identifier: a name.
  bool is_name() const { return kind == TokenKind::word || kind == TokenKind::identifier; }
  bool is_symbol(char c) const {
    return kind == TokenKind::symbol && text.size() == 1 && text[0] == c;
  }
};

struct Statement {
  std::vector<Token> tokens;
  size_t offset = 0;  // of its first token
};

struct SyntaxError {
  std::string message;
  size_t offset = 0;
};

struct Split {
  std::vector<Statement> statements;
  std::optional<SyntaxError> error;
};

// Splits and checks what a tokenizer can: every quote and comment closed, parentheses
// balanced, each statement starting with a MySQL statement keyword.
Split split(const std::string& sql);

// Lower case, for comparing names and keywords.
std::string lower(std::string_view text);

}  // namespace zdm::lint::mysql
