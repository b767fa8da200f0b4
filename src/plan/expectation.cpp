#include "zdm/plan/expectation.hpp"

#include <charconv>
#include <cmath>
#include <regex>

namespace zdm::plan {

namespace {

std::optional<Comparison> comparison_from(const std::string& op) {
  if (op == "=" || op == "==")
    return Comparison::equal;
  if (op == "!=" || op == "<>")
    return Comparison::not_equal;
  if (op == "<")
    return Comparison::less;
  if (op == "<=")
    return Comparison::less_or_equal;
  if (op == ">")
    return Comparison::greater;
  if (op == ">=")
    return Comparison::greater_or_equal;
  return std::nullopt;
}

}  // namespace

std::optional<Expectation> parse_expectation(const std::string& text) {
  static const std::regex pattern(
      R"(^\s*(==|=|!=|<>|<=|>=|<|>)\s*(-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(x\s*baseline)?\s*$)");
  std::smatch match;
  if (!std::regex_match(text, match, pattern))
    return std::nullopt;
  Expectation e;
  e.comparison = *comparison_from(match[1].str());
  const std::string number = match[2].str();
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), e.value);
  if (error != std::errc() || end != number.data() + number.size() || !std::isfinite(e.value)) {
    return std::nullopt;  // out of range, such as 1e999
  }
  e.relative_to_baseline = match[3].matched;
  e.text = text;
  return e;
}

bool Expectation::holds(double observed, std::optional<double> baseline) const {
  const double bound = relative_to_baseline ? value * baseline.value_or(0) : value;
  switch (comparison) {
    case Comparison::equal:
      return observed == bound;
    case Comparison::not_equal:
      return observed != bound;
    case Comparison::less:
      return observed < bound;
    case Comparison::less_or_equal:
      return observed <= bound;
    case Comparison::greater:
      return observed > bound;
    case Comparison::greater_or_equal:
      return observed >= bound;
  }
  return false;
}

}  // namespace zdm::plan
