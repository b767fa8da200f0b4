#include "zdm/plan/duration.hpp"

#include <cctype>
#include <limits>

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

}  // namespace

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
