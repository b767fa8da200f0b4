#pragma once
// Table, column, index and constraint names from a plan.

#include <string>

namespace zdm::plan {

inline constexpr size_t kMaxIdentifierBytes = 63;

// ASCII letters, digits, '_' and '$' (not first), at most 63 bytes. Anything else is
// refused at load time, so what reaches SQL generation is always quotable as is.
bool is_valid_identifier(const std::string& name);

// Why `name` is not an identifier, such as "it starts with a digit"; empty when it is one.
std::string identifier_problem(const std::string& name);

// Plan names: [a-z0-9][a-z0-9_-]{0,62}.
bool is_valid_plan_name(const std::string& name);

inline constexpr const char* kIdentifierHint =
    "identifiers are ASCII letters, digits, _ and $ (not first), at most 63 bytes; zdm quotes them "
    "itself";

}  // namespace zdm::plan
