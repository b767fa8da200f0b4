#include "zdm/gates/json_number.hpp"

#include <nlohmann/json.hpp>

namespace zdm::gates {

namespace {

using nlohmann::json;

std::string kind_of(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "a list";
    case json::value_t::object:
      return "an object";
    default:
      return "something else";
  }
}

}  // namespace

JsonNumber number_at_json_pointer(std::string_view body, const std::string& pointer) {
  const json document = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded())
    return {std::nullopt, "the body is not JSON"};
  const std::string shown = pointer.empty() ? "the top of the body" : pointer;
  try {
    const json::json_pointer path(pointer);
    if (!document.contains(path))
      return {std::nullopt, "nothing at " + shown};
    const json& found = document.at(path);
    if (!found.is_number())
      return {std::nullopt, shown + " is " + kind_of(found) + ", not a number"};
    return {found.get<double>(), {}};
  } catch (const json::exception&) {  // an index that is not a number, past the end, ...
    return {std::nullopt, "nothing at " + shown};
  }
}

}  // namespace zdm::gates
