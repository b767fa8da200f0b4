#pragma once
// Plan text -> YAML document, or a syntax error that says where and what to do. Private to
// the loader.

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

#include "zdm/plan/diagnostic.hpp"

namespace zdm::plan::detail {

// The document, or nullopt after reporting the syntax error to `diagnostics`.
std::optional<YAML::Node> parse_yaml(const std::string& text, Diagnostics& diagnostics);

}  // namespace zdm::plan::detail
