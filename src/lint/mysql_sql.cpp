#include "mysql_sql.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace zdm::lint::mysql {

namespace {

// Words a MySQL or MariaDB statement may start with.
constexpr std::array kStatementKeywords = {
    "alter",    "analyze", "begin",   "binlog",     "cache",    "call",     "change",    "check",
    "checksum", "commit",  "create",  "deallocate", "delete",   "desc",     "describe",  "do",
    "drop",     "execute", "explain", "flush",      "grant",    "handler",  "help",      "insert",
    "install",  "kill",    "load",    "lock",       "optimize", "prepare",  "purge",     "release",
    "rename",   "repair",  "replace", "reset",      "revoke",   "rollback", "savepoint", "select",
    "set",      "show",    "start",   "stop",       "table",    "truncate", "uninstall", "unlock",
    "update",   "use",     "values",  "with",       "xa"};

bool is_word_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '$' || u >= 0x80;
}

class Tokenizer {
 public:
  explicit Tokenizer(const std::string& sql) : sql_(sql) {}

  Split run() {
    while (!out_.error && at_ < sql_.size())
      step();
    if (!out_.error && depth_ > 0)
      fail("a parenthesis is not closed", open_parens_.back());
    finish_statement();
    return std::move(out_);
  }

 private:
  void step() {
    const char c = sql_[at_];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++at_;
    } else if (c == '#' || (c == '-' && starts_dash_comment())) {
      skip_to_line_end();
    } else if (c == '/' && peek(1) == '*') {
      comment_start();
    } else if (c == '*' && peek(1) == '/' && executable_depth_ > 0) {
      --executable_depth_;  // the end of a /*! ... */ whose content was read as SQL
      at_ += 2;
    } else if (c == '\'' || c == '"' || c == '`') {
      quoted(c);
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      word_or_number(TokenKind::number);
    } else if (is_word_char(c)) {
      word_or_number(TokenKind::word);
    } else {
      symbol(c);
    }
  }

  char peek(size_t ahead) const { return at_ + ahead < sql_.size() ? sql_[at_ + ahead] : '\0'; }

  // MySQL needs whitespace (or the end) after "--" for a comment.
  bool starts_dash_comment() const {
    const char after = peek(2);
    return peek(1) == '-' &&
           (after == '\0' || std::isspace(static_cast<unsigned char>(after)) || after == '\n');
  }

  void skip_to_line_end() {
    while (at_ < sql_.size() && sql_[at_] != '\n')
      ++at_;
  }

  // /* comment */, or /*! ... */ and /*M! ... */ whose content MySQL/MariaDB execute.
  void comment_start() {
    const size_t start = at_;
    size_t content = at_ + 2;
    if (content < sql_.size() && sql_[content] == 'M' && content + 1 < sql_.size() &&
        sql_[content + 1] == '!')
      ++content;
    if (content < sql_.size() && sql_[content] == '!') {
      ++content;
      while (content < sql_.size() && std::isdigit(static_cast<unsigned char>(sql_[content])))
        ++content;  // the minimum server version
      ++executable_depth_;
      at_ = content;
      return;
    }
    const size_t end = sql_.find("*/", at_ + 2);
    if (end == std::string::npos)
      return fail("a /* comment is not closed", start);
    at_ = end + 2;
  }

  void quoted(char quote) {
    const size_t start = at_;
    std::string text;
    ++at_;
    while (at_ < sql_.size()) {
      const char c = sql_[at_];
      if (c == '\\' && quote != '`' && at_ + 1 < sql_.size()) {
        text += sql_[at_ + 1];
        at_ += 2;
      } else if (c == quote && peek(1) == quote) {
        text += quote;
        at_ += 2;
      } else if (c == quote) {
        ++at_;
        const TokenKind kind = quote == '`' ? TokenKind::identifier : TokenKind::string;
        return push({kind, std::move(text), start});
      } else {
        text += c;
        ++at_;
      }
    }
    fail(std::string("a ") + quote + " quote is not closed", start);
  }

  void word_or_number(TokenKind kind) {
    const size_t start = at_;
    while (at_ < sql_.size() &&
           (is_word_char(sql_[at_]) || (kind == TokenKind::number && sql_[at_] == '.')))
      ++at_;
    push({kind, sql_.substr(start, at_ - start), start});
  }

  void symbol(char c) {
    const size_t start = at_++;
    if (c == ';' && depth_ == 0)
      return finish_statement();
    if (c == '(') {
      ++depth_;
      open_parens_.push_back(start);
    } else if (c == ')') {
      if (depth_ == 0)
        return fail("a parenthesis is closed that was never opened", start);
      --depth_;
      open_parens_.pop_back();
    }
    push({TokenKind::symbol, std::string(1, c), start});
  }

  void push(Token token) {
    if (current_.tokens.empty())
      current_.offset = token.offset;
    current_.tokens.push_back(std::move(token));
  }

  void finish_statement() {
    if (current_.tokens.empty())
      return;
    const Token& first = current_.tokens.front();
    const bool known = first.kind == TokenKind::word &&
                       std::find(kStatementKeywords.begin(), kStatementKeywords.end(),
                                 lower(first.text)) != kStatementKeywords.end();
    if (!known && !first.is_symbol('(') && !out_.error) {
      fail("\"" + first.text + "\" does not start a MySQL statement", first.offset);
      return;
    }
    out_.statements.push_back(std::move(current_));
    current_ = Statement{};
  }

  void fail(std::string message, size_t offset) {
    if (!out_.error)
      out_.error = SyntaxError{std::move(message), offset};
  }

  const std::string& sql_;
  size_t at_ = 0;
  int depth_ = 0;
  int executable_depth_ = 0;
  std::vector<size_t> open_parens_;
  Statement current_;
  Split out_;
};

}  // namespace

bool Token::is(std::string_view keyword) const {
  return kind == TokenKind::word && text.size() == keyword.size() &&
         std::equal(text.begin(), text.end(), keyword.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Split split(const std::string& sql) {
  Split out = Tokenizer(sql).run();
  if (out.error)
    out.statements.clear();
  return out;
}

}  // namespace zdm::lint::mysql
