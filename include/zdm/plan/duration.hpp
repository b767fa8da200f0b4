#pragma once
// Plan durations: 250ms, 5s, 10m, 24h, and combinations such as 1h30m.

#include <chrono>
#include <optional>
#include <string>

namespace zdm::plan {

std::optional<std::chrono::milliseconds> parse_duration(const std::string& text);
std::string format_duration(std::chrono::milliseconds duration);

// The plan spelling of a duration written another way: "5 minutes" -> "5m", "1.5s" -> "1s500ms".
std::optional<std::string> suggest_duration(const std::string& text);

inline constexpr const char* kDurationHint =
    "write a number with a unit (ms, s, m, h), such as 250ms, 5s, 10m, 24h, or combined: 1h30m";

}  // namespace zdm::plan
