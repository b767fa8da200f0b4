#pragma once
// A quick lexical scan of plan text for what yaml-cpp reports late, vaguely or not at all:
// a quote or bracket left open, a bracket closed by the wrong one, a tab in the indentation.
// Private to the loader.

#include <optional>
#include <string>

#include "zdm/plan/source_location.hpp"

namespace zdm::plan::detail {

struct SyntaxProblem {
  enum class Kind { unclosed_quote, unclosed_bracket, mismatched_bracket, tab_indentation };
  Kind kind;
  SourceLocation at;
  std::string message;
  std::string hint;
};

// The first problem in the text, located where it starts (the opening quote or bracket).
std::optional<SyntaxProblem> scan_yaml_syntax(const std::string& text);

}  // namespace zdm::plan::detail
