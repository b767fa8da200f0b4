#include "suppression.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "mysql_sql.hpp"
#include "sql_location.hpp"

namespace zdm::lint {

namespace {

constexpr std::string_view kIgnore = "zdm-ignore";

size_t indentation(const std::string& line) {
  const size_t first = line.find_first_not_of(' ');
  return first == std::string::npos ? line.size() : first;
}

std::string trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos)
    return "";
  const size_t last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

// "key: |", "- >-", "key: |2 # comment": the text before a comment ends in a block indicator.
bool opens_block_scalar(const std::string& before_comment) {
  const std::string text = trim(before_comment);
  const size_t start = text.find_last_of(" \t");
  const std::string last = start == std::string::npos ? text : text.substr(start + 1);
  if (last.empty() || (last[0] != '|' && last[0] != '>'))
    return false;
  if (!std::all_of(last.begin() + 1, last.end(), [](char c) {
        return c == '-' || c == '+' || std::isdigit(static_cast<unsigned char>(c));
      }))
    return false;
  const std::string head = start == std::string::npos ? "" : trim(text.substr(0, start));
  return head.empty() || head.back() == ':' || head.back() == '-';
}

// Where the comment of a YAML line starts (std::string::npos when there is none). Quotes
// may run on from an earlier line (`quote`, updated for the next line).
size_t comment_start(const std::string& line, char& quote) {
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote != 0) {
      if (c == quote && quote == '\'' && i + 1 < line.size() && line[i + 1] == '\'')
        ++i;  // '' inside single quotes
      else if (c == '\\' && quote == '"')
        ++i;
      else if (c == quote)
        quote = 0;
      continue;
    }
    const bool word_start = i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t' ||
                            line[i - 1] == '[' || line[i - 1] == '{' || line[i - 1] == ',' ||
                            line[i - 1] == ':';
    if ((c == '"' || c == '\'') && word_start)
      quote = c;
    else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t'))
      return i;
  }
  return std::string::npos;
}

// The position and length of the separator between rules and reason: an em or en dash,
// or " -- " / " - " (rule names contain hyphens but never spaces).
std::pair<size_t, size_t> separator(const std::string& text) {
  std::pair<size_t, size_t> best{std::string::npos, 0};
  for (const std::string_view candidate : {"\u2014", "\u2013", " -- ", " - "}) {
    const size_t at = text.find(candidate);
    if (at < best.first)
      best = {at, candidate.size()};
  }
  return best;
}

std::vector<std::string> rule_tokens(const std::string& text) {
  std::vector<std::string> out;
  std::string token;
  for (const char c : text + " ") {
    if (c == ',' || c == ' ' || c == '\t') {
      if (!token.empty())
        out.push_back(std::move(token));
      token.clear();
    } else {
      token += c;
    }
  }
  return out;
}

// An ignore comment being read: its reason may go on in indented comment lines below it.
struct PendingIgnore {
  IgnoreComment ignore;
  int column = 0;
  int last_line = 0;
  bool ok = true;
};

class Scanner {
 public:
  explicit Scanner(const std::string& file) : file_(file) {}

  IgnoreScan run(const std::string& text) {
    const auto lines = split_lines(text);
    out_.comment_only.assign(lines.size(), false);
    for (size_t i = 0; i < lines.size(); ++i)
      scan_line(lines[i], i);
    finish_pending();
    return std::move(out_);
  }

 private:
  void scan_line(const std::string& line, size_t index) {
    const bool blank = line.find_first_not_of(" \t\r") == std::string::npos;
    if (block_parent_ >= 0) {
      if (blank || static_cast<int>(indentation(line)) > block_parent_)
        return;  // block scalar content: a '#' there is text, not a comment
      block_parent_ = -1;
    }
    const size_t hash = comment_start(line, quote_);
    const std::string before = hash == std::string::npos ? line : line.substr(0, hash);
    if (quote_ == 0 && opens_block_scalar(before))
      block_parent_ = static_cast<int>(indentation(line));
    const int number = static_cast<int>(index + 1);
    const bool comment_only = hash != std::string::npos && trim(before).empty();
    if (comment_only && continues_pending(line.substr(hash + 1), number)) {
      out_.comment_only[index] = true;
      return;
    }
    finish_pending();
    if (hash == std::string::npos)
      return;
    out_.comment_only[index] = comment_only;
    read_comment(line.substr(hash + 1), number, static_cast<int>(hash + 1));
  }

  // "#   more of the reason" right below an ignore comment.
  bool continues_pending(const std::string& comment, int line) {
    if (!pending_ || line != pending_->last_line + 1 || comment.rfind("  ", 0) != 0 ||
        trim(comment).empty())
      return false;
    auto& reason = pending_->ignore.reason;
    reason += (reason.empty() ? "" : " ") + trim(comment);
    pending_->last_line = line;
    return true;
  }

  void read_comment(const std::string& comment, int line, int column) {
    const std::string text = trim(comment);
    if (mysql::lower(text.substr(0, kIgnore.size())) != kIgnore)
      return;
    const std::string rest = text.substr(kIgnore.size());
    if (rest.empty() || rest[0] != ':')
      return malformed(line, column,
                       "a zdm-ignore comment needs a colon: zdm-ignore: RULE — reason");
    const std::string body = trim(rest.substr(1));
    const auto [at, length] = separator(body);
    PendingIgnore pending;
    pending.ignore.line = line;
    pending.column = column;
    pending.last_line = line;
    pending.ignore.reason = at == std::string::npos ? "" : trim(body.substr(at + length));
    const std::string rules = at == std::string::npos ? body : body.substr(0, at);
    for (const auto& token : rule_tokens(rules)) {
      const RuleInfo* found = find_rule(token);
      if (found == nullptr) {
        malformed(line, column, "zdm-ignore names an unknown rule \"" + token + "\"");
        pending.ok = false;
      } else if (!found->suppressible) {
        malformed(line, column, std::string(found->code) + " cannot be ignored");
        pending.ok = false;
      } else {
        pending.ignore.rules.push_back(found);
      }
    }
    if (pending.ignore.rules.empty() && pending.ok) {
      malformed(line, column, "zdm-ignore names no rule");
      pending.ok = false;
    }
    pending_ = std::move(pending);
  }

  void finish_pending() {
    if (!pending_)
      return;
    PendingIgnore pending = std::move(*pending_);
    pending_.reset();
    if (pending.ok && pending.ignore.reason.empty()) {
      malformed(pending.ignore.line, pending.column,
                "zdm-ignore gives no reason: say why the finding is safe to ignore here");
      pending.ok = false;
    }
    if (pending.ok)
      out_.ignores.push_back(std::move(pending.ignore));
  }

  void malformed(int line, int column, std::string message) {
    Finding finding;
    finding.rule = &rule("ZDM107");
    finding.severity = finding.rule->severity;
    finding.file = file_;
    finding.at = {line, column};
    finding.message = std::move(message);
    finding.hint = std::string(finding.rule->safe_alternative);
    finding.anchor_lines = {line};
    out_.problems.push_back(std::move(finding));
  }

  const std::string& file_;
  int block_parent_ = -1;  // indentation of the line that opened a block scalar; -1: none
  char quote_ = 0;
  std::optional<PendingIgnore> pending_;
  IgnoreScan out_;
};

// The lines whose ignore comments apply to `line`: itself and the comment lines above it.
std::vector<int> lines_covering(const IgnoreScan& scan, int line) {
  std::vector<int> out{line};
  for (int above = line - 1; above >= 1; --above) {
    const auto index = static_cast<size_t>(above - 1);
    if (index >= scan.comment_only.size() || !scan.comment_only[index])
      break;
    out.push_back(above);
  }
  return out;
}

const IgnoreComment* ignore_for(const IgnoreScan& scan, const Finding& finding) {
  for (const int anchor : finding.anchor_lines) {
    if (anchor <= 0)
      continue;
    for (const int line : lines_covering(scan, anchor)) {
      for (const auto& ignore : scan.ignores) {
        if (ignore.line == line &&
            std::find(ignore.rules.begin(), ignore.rules.end(), finding.rule) != ignore.rules.end())
          return &ignore;
      }
    }
  }
  return nullptr;
}

}  // namespace

IgnoreScan scan_ignores(const std::string& plan_text, const std::string& file) {
  return Scanner(file).run(plan_text);
}

void apply_ignores(const IgnoreScan& scan, std::vector<Finding>& findings) {
  for (auto& finding : findings) {
    if (!finding.rule->suppressible)
      continue;
    if (const IgnoreComment* ignore = ignore_for(scan, finding))
      finding.suppressed = Suppression{ignore->reason, ignore->line};
  }
}

}  // namespace zdm::lint
