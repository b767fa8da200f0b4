#pragma once
// The number at an RFC 6901 JSON pointer in a response body (http gates' json_pointer).

#include <optional>
#include <string>
#include <string_view>

namespace zdm::gates {

struct JsonNumber {
  std::optional<double> value;
  std::string problem;  // when there is no value: "the body is not JSON", "nothing at /a/0"
};

// `pointer` as in the plan ("" is the whole document). Only a JSON number counts: a
// string holding digits, a boolean or null is a problem, as is a missing key or index.
JsonNumber number_at_json_pointer(std::string_view body, const std::string& pointer);

}  // namespace zdm::gates
