#pragma once
// RFC 3986 percent-encoding: the user, password and database of DSN URIs, URL query
// parameters.

#include <optional>
#include <string>
#include <string_view>

namespace zdm::util {

// nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text);

// Encodes everything but the unreserved characters A-Z a-z 0-9 - . _ ~
std::string percent_encode(std::string_view text);

}  // namespace zdm::util
