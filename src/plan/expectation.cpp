#include "zdm/plan/expectation.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <string_view>

namespace zdm::plan {

namespace {

// Reads an expectation from left to right; every take_* leaves the position unchanged on failure.
class Reader {
 public:
  explicit Reader(const std::string& text) : text_(text) {}

  void skip_spaces() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])))
      ++pos_;
  }
  bool at_end() const { return pos_ == text_.size(); }
  bool take(std::string_view word) {
    if (text_.compare(pos_, word.size(), word) != 0)
      return false;
    pos_ += word.size();
    return true;
  }
  std::optional<Comparison> take_comparison();
  std::optional<std::string> take_number();

 private:
  size_t take_digits() {
    const size_t start = pos_;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_])))
      ++pos_;
    return pos_ - start;
  }

  const std::string& text_;
  size_t pos_ = 0;
};

std::optional<Comparison> Reader::take_comparison() {
  // Two-character operators first, so "<=" is not read as "<".
  const std::pair<const char*, Comparison> operators[] = {{"==", Comparison::equal},
                                                          {"!=", Comparison::not_equal},
                                                          {"<>", Comparison::not_equal},
                                                          {"<=", Comparison::less_or_equal},
                                                          {">=", Comparison::greater_or_equal},
                                                          {"=", Comparison::equal},
                                                          {"<", Comparison::less},
                                                          {">", Comparison::greater}};
  for (auto [op, comparison] : operators) {
    if (take(op))
      return comparison;
  }
  return std::nullopt;
}

// -?(digits[.digits*] | .digits)([eE][-+]?digits)?
std::optional<std::string> Reader::take_number() {
  const size_t start = pos_;
  take("-");
  const size_t whole = take_digits();
  const bool point = take(".");
  const size_t fraction = point ? take_digits() : 0;
  if (whole == 0 && fraction == 0) {
    pos_ = start;
    return std::nullopt;
  }
  const size_t before_exponent = pos_;
  if (take("e") || take("E")) {
    if (!take("-"))
      take("+");
    if (take_digits() == 0)
      pos_ = before_exponent;
  }
  return text_.substr(start, pos_ - start);
}

}  // namespace

std::optional<Expectation> parse_expectation(const std::string& text) {
  Reader reader(text);
  reader.skip_spaces();
  const auto comparison = reader.take_comparison();
  reader.skip_spaces();
  const auto number = comparison ? reader.take_number() : std::nullopt;
  if (!number)
    return std::nullopt;
  reader.skip_spaces();
  bool relative = false;
  if (reader.take("x")) {
    reader.skip_spaces();
    if (!reader.take("baseline"))
      return std::nullopt;
    relative = true;
    reader.skip_spaces();
  }
  if (!reader.at_end())
    return std::nullopt;
  Expectation e;
  e.comparison = *comparison;
  const auto [end, error] =
      std::from_chars(number->data(), number->data() + number->size(), e.value);
  if (error != std::errc() || end != number->data() + number->size() || !std::isfinite(e.value)) {
    return std::nullopt;  // out of range, such as 1e999
  }
  e.relative_to_baseline = relative;
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
