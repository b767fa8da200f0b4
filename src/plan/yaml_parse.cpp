#include "yaml_parse.hpp"

#include "yaml_scan.hpp"

namespace zdm::plan::detail {

namespace {

constexpr const char* kIndentationHint =
    "check the indentation: the keys of one mapping, and the \"- \" of one list, start in the "
    "same column (spaces, not tabs)";

bool is_one_of(const std::string& message, std::initializer_list<const char*> messages) {
  for (const char* m : messages) {
    if (message == m)
      return true;
  }
  return false;
}

// "*name" at the error mark, for the undefined-alias error.
std::string alias_at(const std::string& text, const YAML::Mark& mark) {
  size_t pos = static_cast<size_t>(mark.pos);
  if (mark.pos < 0 || pos >= text.size() || text[pos] != '*')
    return {};
  const size_t end = text.find_first_of(" \t\r\n,]}", pos);
  return text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
}

// yaml-cpp marks the character after a bad escape; the backslash is where it starts.
std::optional<SourceLocation> backslash_before(const std::string& text, const YAML::Mark& mark) {
  if (mark.pos <= 0 || static_cast<size_t>(mark.pos) > text.size())
    return std::nullopt;
  const size_t backslash = text.rfind('\\', static_cast<size_t>(mark.pos) - 1);
  const size_t distance = static_cast<size_t>(mark.pos) - backslash;
  if (backslash == std::string::npos || distance > static_cast<size_t>(mark.column))
    return std::nullopt;  // not on the same line
  return SourceLocation{mark.line + 1, mark.column + 1 - static_cast<int>(distance)};
}

Diagnostic explain(const YAML::Exception& e, const std::string& text) {
  Diagnostic d;
  d.at = {e.mark.line + 1, e.mark.column + 1};
  d.message = "YAML syntax error: " + e.msg;
  const std::string alias = alias_at(text, e.mark);
  if (e.msg == YAML::ErrorMsg::UNKNOWN_ANCHOR && !alias.empty()) {
    d.message = "YAML syntax error: \"" + alias + "\" refers to an anchor that is not defined";
    d.hint =
        "an alias *name repeats a value marked &name earlier in the file; to write text "
        "that starts with \"*\", quote it";
  } else if (is_one_of(e.msg, {YAML::ErrorMsg::END_OF_MAP, YAML::ErrorMsg::END_OF_SEQ,
                               YAML::ErrorMsg::MAP_VALUE, YAML::ErrorMsg::MAP_KEY,
                               YAML::ErrorMsg::BLOCK_ENTRY, YAML::ErrorMsg::TAB_IN_INDENTATION})) {
    d.hint = kIndentationHint;
  } else if (is_one_of(e.msg, {YAML::ErrorMsg::END_OF_MAP_FLOW, YAML::ErrorMsg::END_OF_SEQ_FLOW,
                               YAML::ErrorMsg::FLOW_END})) {
    d.hint = "check that every \"[\" has its \"]\" and every \"{\" its \"}\"";
  } else if (e.msg.rfind(YAML::ErrorMsg::INVALID_ESCAPE, 0) == 0) {
    d.at = backslash_before(text, e.mark).value_or(d.at);
    d.hint =
        "in double quotes a backslash starts an escape such as \\n or \\\"; write \\\\ for a "
        "backslash, or use single quotes";
  } else {
    d.hint = "check the indentation (spaces, not tabs) and that brackets and quotes are closed";
  }
  return d;
}

void report(Diagnostics& diagnostics, const SyntaxProblem& problem) {
  diagnostics.error(problem.at, problem.message, problem.hint);
}

}  // namespace

std::optional<YAML::Node> parse_yaml(const std::string& text, Diagnostics& diagnostics) {
  const std::optional<SyntaxProblem> problem = scan_yaml_syntax(text);
  try {
    YAML::Node root = YAML::Load(text);
    // yaml-cpp takes a quote left open at the end of the file as running to the end.
    if (problem && problem->kind == SyntaxProblem::Kind::unclosed_quote) {
      report(diagnostics, *problem);
      return std::nullopt;
    }
    return root;
  } catch (const YAML::Exception& e) {
    // The scan finds where an unclosed quote or bracket starts; yaml-cpp stops further on.
    if (problem && problem->at.line <= e.mark.line + 1) {
      report(diagnostics, *problem);
    } else {
      Diagnostic d = explain(e, text);
      diagnostics.error(d.at, d.message, d.hint);
    }
    return std::nullopt;
  }
}

}  // namespace zdm::plan::detail
