#include "zdm/util/human_text.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iterator>

namespace zdm::util {

std::string format_elapsed(std::chrono::milliseconds elapsed) {
  const auto ms = elapsed.count();
  if (ms < 1000)
    return std::to_string(ms) + " ms";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(ms) / 1000.0);
  return text;
}

std::string signal_name(int signal) {
  const char* abbreviation = sigabbrev_np(signal);
  return abbreviation != nullptr ? std::string("SIG") + abbreviation
                                 : "signal " + std::to_string(signal);
}

std::string format_bytes(long long bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double size = static_cast<double>(bytes);
  size_t unit = 0;
  while (size >= 1024.0 && unit + 1 < std::size(kUnits)) {
    size /= 1024.0;
    ++unit;
  }
  char text[40];
  if (unit == 0)
    std::snprintf(text, sizeof text, "%lld B", bytes);
  else
    std::snprintf(text, sizeof text, "%.1f %s", size, kUnits[unit]);
  return text;
}

std::string group_thousands(long long number) {
  std::string digits = std::to_string(number);
  const size_t first_digit = digits.front() == '-' ? 1 : 0;
  for (size_t at = digits.size(); at > first_digit + 3; at -= 3)
    digits.insert(at - 3, ",");
  return digits;
}

std::string format_remaining(std::chrono::seconds remaining) {
  const long long seconds = std::max<long long>(0, remaining.count());
  char text[48];
  if (seconds < 60)
    std::snprintf(text, sizeof text, "%llds", seconds);
  else if (seconds < 3600)
    std::snprintf(text, sizeof text, "%lldm%02llds", seconds / 60, seconds % 60);
  else
    std::snprintf(text, sizeof text, "%lldh%02lldm", seconds / 3600, seconds % 3600 / 60);
  return text;
}

}  // namespace zdm::util
