#include "zdm/plan/duration.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>

namespace zdm::plan {

namespace {

std::optional<long long> unit_in_ms(const std::string& text, size_t& pos) {
  auto starts = [&](const char* unit) {
    return text.compare(pos, std::char_traits<char>::length(unit), unit) == 0;
  };
  if (starts("ms")) {
    pos += 2;
    return 1;
  }
  if (starts("s")) {
    pos += 1;
    return 1000;
  }
  if (starts("m")) {
    pos += 1;
    return 60'000;
  }
  if (starts("h")) {
    pos += 1;
    return 3'600'000;
  }
  return std::nullopt;
}

std::optional<long long> unit_word_in_ms(std::string word) {
  static const std::map<std::string, long long> units = {
      {"ms", 1},           {"msec", 1},         {"millisecond", 1},   {"milliseconds", 1},
      {"s", 1000},         {"sec", 1000},       {"secs", 1000},       {"second", 1000},
      {"seconds", 1000},   {"m", 60'000},       {"min", 60'000},      {"mins", 60'000},
      {"minute", 60'000},  {"minutes", 60'000}, {"h", 3'600'000},     {"hr", 3'600'000},
      {"hrs", 3'600'000},  {"hour", 3'600'000}, {"hours", 3'600'000}, {"d", 86'400'000},
      {"day", 86'400'000}, {"days", 86'400'000}};
  for (char& c : word)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = units.find(word);
  if (it == units.end())
    return std::nullopt;
  return it->second;
}

}  // namespace

std::optional<std::string> suggest_duration(const std::string& text) {
  // "<number> <unit word>": digits with an optional fraction, blanks, letters.
  const size_t start = text.find_first_not_of(' ');
  const size_t number_end = text.find_first_not_of("0123456789.", start);
  if (start == std::string::npos || number_end == std::string::npos || number_end == start)
    return std::nullopt;
  const size_t word_start = text.find_first_not_of(' ', number_end);
  size_t word_end = word_start;
  while (word_end < text.size() && std::isalpha(static_cast<unsigned char>(text[word_end])))
    ++word_end;
  if (word_end == word_start || text.find_first_not_of(' ', word_end) != std::string::npos)
    return std::nullopt;
  double number = 0;
  const auto [end, error] = std::from_chars(text.data() + start, text.data() + number_end, number);
  const auto unit = unit_word_in_ms(text.substr(word_start, word_end - word_start));
  if (error != std::errc() || end != text.data() + number_end || !unit)
    return std::nullopt;
  const double ms = number * static_cast<double>(*unit);
  if (ms < 1 || ms > 1e15 || std::floor(ms) != ms)
    return std::nullopt;
  return format_duration(std::chrono::milliseconds(static_cast<long long>(ms)));
}

std::optional<std::chrono::milliseconds> parse_duration(const std::string& text) {
  if (text.empty())
    return std::nullopt;
  constexpr long long kMax = std::numeric_limits<long long>::max() / 4;
  long long total = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[pos])))
      return std::nullopt;
    long long number = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      number = number * 10 + (text[pos++] - '0');
      if (number > kMax / 3'600'000)
        return std::nullopt;  // would overflow
    }
    auto unit = unit_in_ms(text, pos);
    if (!unit)
      return std::nullopt;
    total += number * *unit;
    if (total > kMax)
      return std::nullopt;
  }
  return std::chrono::milliseconds(total);
}

std::string format_duration(std::chrono::milliseconds duration) {
  long long ms = duration.count();
  if (ms == 0)
    return "0s";
  std::string out;
  const std::pair<long long, const char*> units[] = {
      {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}, {1, "ms"}};
  for (auto [size, name] : units) {
    if (ms >= size) {
      out += std::to_string(ms / size) + name;
      ms %= size;
    }
  }
  return out;
}

}  // namespace zdm::plan
