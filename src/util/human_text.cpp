#include "zdm/util/human_text.hpp"

#include <cstdio>
#include <cstring>

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

}  // namespace zdm::util
