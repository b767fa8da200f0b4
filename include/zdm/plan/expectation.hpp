#pragma once
// "= 0", "< 0.05", "<= 2x baseline": what a check or gate expects of the number it reads.

#include <optional>
#include <string>

#include "zdm/plan/source_location.hpp"

namespace zdm::plan {

enum class Comparison { equal, not_equal, less, less_or_equal, greater, greater_or_equal };

struct Expectation {
  Comparison comparison = Comparison::equal;
  double value = 0;
  bool relative_to_baseline = false;  // value is a factor of the baseline taken at phase start
  std::string text;                   // as written, for messages
  SourceLocation at;

  // The baseline is required when relative_to_baseline is set.
  bool holds(double observed, std::optional<double> baseline = std::nullopt) const;
};

// nullopt when the text is not an expectation; the caller reports where.
std::optional<Expectation> parse_expectation(const std::string& text);

inline constexpr const char* kExpectationHint =
    "write an operator and a number, such as \"= 0\", \"< 0.05\", \">= 100\", or relative to the "
    "value at phase start: \"<= 2x baseline\"";

}  // namespace zdm::plan
