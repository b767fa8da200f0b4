#include "yaml_scan.hpp"

#include <string_view>
#include <vector>

namespace zdm::plan::detail {

namespace {

using Kind = SyntaxProblem::Kind;

struct Open {
  char symbol;
  SourceLocation at;
};

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

size_t indentation(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && line[n] == ' ')
    ++n;
  return n;
}

// The column where a block mapping's key starts: after the indentation and any "- ".
size_t key_indentation(std::string_view line) {
  size_t n = indentation(line);
  while (n + 1 < line.size() && line[n] == '-' && is_blank(line[n + 1])) {
    ++n;
    while (n < line.size() && is_blank(line[n]))
      ++n;
  }
  return n;
}

// "|", ">", "|-", ">+2" ... followed only by blanks or a comment.
bool is_block_scalar_header(std::string_view line, size_t pos) {
  ++pos;
  while (pos < line.size() &&
         (line[pos] == '-' || line[pos] == '+' || (line[pos] >= '1' && line[pos] <= '9')))
    ++pos;
  while (pos < line.size() && is_blank(line[pos]))
    ++pos;
  return pos == line.size() || line[pos] == '#';
}

// The indentation a block scalar's lines must exceed: its key's, or its "- "'s.
int block_scalar_parent(std::string_view line, size_t pos) {
  const size_t before = pos == 0 ? std::string_view::npos : line.find_last_not_of(" \t", pos - 1);
  if (before == std::string_view::npos)
    return static_cast<int>(indentation(line)) - 1;
  if (line[before] == '-')
    return static_cast<int>(before);
  return static_cast<int>(key_indentation(line));
}

const char* closer_of(char opener) {
  return opener == '[' ? "]" : "}";
}

class Scanner {
 public:
  std::optional<SyntaxProblem> run(const std::string& text);

 private:
  void scan_line(std::string_view line, int number);
  bool scan_in_quote(std::string_view line, size_t& pos);
  bool scan_outside_quote(std::string_view line, size_t pos, SourceLocation at);
  bool starts_token(std::string_view line, size_t pos) const;
  void close_bracket(char closer, SourceLocation at);
  void report(Kind kind, SourceLocation at, std::string message, std::string hint);
  void report_unclosed();

  std::vector<Open> flow_;
  std::optional<Open> quote_;
  std::optional<int> block_scalar_above_;  // inside a block scalar more indented than this
  std::optional<SyntaxProblem> problem_;
};

std::optional<SyntaxProblem> Scanner::run(const std::string& text) {
  size_t start = 0;
  int number = 1;
  while (start <= text.size() && !problem_) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos)
      end = text.size();
    std::string_view line(text.data() + start, end - start);
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    scan_line(line, number++);
    start = end + 1;
  }
  if (!problem_)
    report_unclosed();
  return problem_;
}

void Scanner::scan_line(std::string_view line, int number) {
  const size_t content = line.find_first_not_of(" \t");
  if (block_scalar_above_) {
    if (content == std::string_view::npos || static_cast<int>(content) > *block_scalar_above_)
      return;
    block_scalar_above_.reset();
  }
  const size_t tab = line.substr(0, content).find('\t');
  if (!quote_ && flow_.empty() && content != std::string_view::npos && line[content] != '#' &&
      tab != std::string_view::npos) {
    report(Kind::tab_indentation, {number, static_cast<int>(tab) + 1},
           "YAML syntax error: a tab in the indentation",
           "YAML indents with spaces only; replace the tab with spaces");
    return;
  }
  for (size_t pos = 0; pos < line.size() && !problem_; ++pos) {
    if (quote_) {
      if (!scan_in_quote(line, pos))
        return;
    } else if (!scan_outside_quote(line, pos, {number, static_cast<int>(pos) + 1})) {
      return;
    }
  }
}

// One character outside quotes; false when the rest of the line is a comment or block text.
bool Scanner::scan_outside_quote(std::string_view line, size_t pos, SourceLocation at) {
  const char c = line[pos];
  if (c == '#' && (pos == 0 || is_blank(line[pos - 1])))
    return false;
  const bool token_start = starts_token(line, pos);
  if ((c == '"' || c == '\'') && token_start) {
    quote_ = Open{c, at};
  } else if ((c == '[' || c == '{') && (token_start || !flow_.empty())) {
    flow_.push_back({c, at});
  } else if ((c == ']' || c == '}') && !flow_.empty()) {
    close_bracket(c, at);
  } else if ((c == '|' || c == '>') && flow_.empty() && token_start &&
             is_block_scalar_header(line, pos)) {
    block_scalar_above_ = block_scalar_parent(line, pos);
    return false;
  }
  return true;
}

// Advances through a quoted value; false when the line ends inside it.
bool Scanner::scan_in_quote(std::string_view line, size_t& pos) {
  const char q = quote_->symbol;
  for (; pos < line.size(); ++pos) {
    if (q == '"' && line[pos] == '\\') {
      ++pos;
    } else if (line[pos] == q) {
      if (q == '\'' && pos + 1 < line.size() && line[pos + 1] == '\'') {
        ++pos;  // '' is a quote inside single quotes
        continue;
      }
      quote_.reset();
      return true;
    }
  }
  return false;
}

// Whether a quote or bracket at `pos` begins a value, rather than sitting inside plain text.
bool Scanner::starts_token(std::string_view line, size_t pos) const {
  if (pos == 0)
    return true;
  const size_t before = line.find_last_not_of(" \t", pos - 1);
  if (before == std::string_view::npos)
    return true;
  const char p = line[before];
  const bool separated = before + 1 < pos;
  if (p == ':' || p == '-' || p == '?')
    return separated || (p == ':' && !flow_.empty());
  return (p == '[' || p == '{' || p == ',') && !flow_.empty();
}

void Scanner::close_bracket(char closer, SourceLocation at) {
  const Open open = flow_.back();
  if ((open.symbol == '[') == (closer == ']')) {
    flow_.pop_back();
    return;
  }
  report(Kind::mismatched_bracket, at,
         std::string("YAML syntax error: \"") + closer + "\" closes the \"" + open.symbol +
             "\" at line " + std::to_string(open.at.line) + ", column " +
             std::to_string(open.at.column),
         std::string("close \"") + open.symbol + "\" with \"" + closer_of(open.symbol) + "\"");
}

void Scanner::report(Kind kind, SourceLocation at, std::string message, std::string hint) {
  if (!problem_)
    problem_ = SyntaxProblem{kind, at, std::move(message), std::move(hint)};
}

void Scanner::report_unclosed() {
  if (quote_) {
    const std::string q(1, quote_->symbol);
    report(Kind::unclosed_quote, quote_->at,
           "YAML syntax error: the quoted text that starts here is never closed",
           "end it with a matching " + q +
               (q == "\"" ? R"( (write \" for a quote inside double quotes))"
                          : " (write '' for a quote inside single quotes)"));
  } else if (!flow_.empty()) {
    const Open open = flow_.back();
    report(Kind::unclosed_bracket, open.at,
           std::string("YAML syntax error: this \"") + open.symbol + "\" is never closed",
           std::string("add the closing \"") + closer_of(open.symbol) + "\"" +
               (open.symbol == '[' ? ", or write one item per line starting with \"- \""
                                   : ", or write one key per line"));
  }
}

}  // namespace

std::optional<SyntaxProblem> scan_yaml_syntax(const std::string& text) {
  return Scanner().run(text);
}

}  // namespace zdm::plan::detail
