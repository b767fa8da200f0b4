#pragma once
// A small lexer for MySQL expressions, enough to find the column references in a plan's
// `set:` expressions without a full parser. Private to src/db/mysql.

#include <string>
#include <string_view>
#include <vector>

namespace zdm::db::mysql {

enum class TokenKind {
  space,              // whitespace
  comment,            // -- …, # …, /* … */
  string,             // '…' or "…" (MySQL's default sql_mode reads "…" as a string)
  quoted_identifier,  // `…`
  identifier,         // bare word: a name, a keyword or a function name
  number,             // 42, 1.5, 1e5, 0x1F
  variable,           // @x, @@session.x, @'x'
  symbol,             // any other single character: ( ) . , + = …
};

struct Token {
  TokenKind kind;
  std::string_view text;
};

// Splits `sql` into tokens; concatenating their texts gives `sql` back. An unterminated
// string, comment or quoted name runs to the end.
std::vector<Token> tokenize(std::string_view sql);

// The name a bare or backticked identifier token stands for (`a``b` -> a`b).
std::string identifier_name(const Token& token);

// Prefixes every reference to one of `columns` with `row` ("NEW" or "OLD"):
// LOWER(email) -> LOWER(NEW.`email`). Matches names case-insensitively, as MySQL does, and
// writes them as `columns` spells them. Leaves alone string literals, comments, variables,
// qualified names (x.email, email.x), function calls (email(…)) and charset introducers.
std::string qualify_columns(std::string_view expression, const std::vector<std::string>& columns,
                            std::string_view row);

}  // namespace zdm::db::mysql
