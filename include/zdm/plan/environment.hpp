#pragma once
// ${VAR} and ${VAR:-default} expansion of plan values from the environment.

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace zdm::plan {

using EnvironmentLookup = std::function<std::optional<std::string>(const std::string&)>;

// The process environment (getenv).
EnvironmentLookup process_environment();

struct Expansion {
  std::string value;
  bool used_environment = false;             // some ${...} was replaced from the environment
  std::vector<std::string> unset_variables;  // ${VAR} with no default and no value
  std::string syntax_error;                  // e.g. an unterminated "${"
};

// "$${" is a literal "${", for the rare SQL that needs one.
Expansion expand_environment(const std::string& text, const EnvironmentLookup& lookup);

// The names of the variables `text` refers to, in order (names are not secrets; values may be).
std::vector<std::string> referenced_variables(const std::string& text);

}  // namespace zdm::plan
