#pragma once
// Numbers read from text that a server sent: a database value, a Prometheus sample.

#include <optional>
#include <string>
#include <string_view>

namespace zdm::util {

// The whole of `text` as a double: "12", "-0.5", "1.5e-05", "+Inf", "-Inf", "NaN" (any
// case). nullopt for anything else, including "" and trailing text.
std::optional<double> parse_number(std::string_view text);

// A short form for a log line: "0.0131", "12", "1.5e-05", "+Inf", "NaN".
std::string format_number(double value);

}  // namespace zdm::util
