#include "zdm/plan/environment.hpp"

#include <cctype>
#include <cstdlib>

namespace zdm::plan {

namespace {

bool is_variable_name(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
    return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
      return false;
  }
  return true;
}

// Replaces one "${...}" body (without the braces) and appends the result.
void expand_reference(const std::string& body, const EnvironmentLookup& lookup, Expansion& out) {
  const auto separator = body.find(":-");
  const std::string name = body.substr(0, separator);
  if (!is_variable_name(name)) {
    out.syntax_error = "\"${" + body + "}\" is not a variable reference";
    return;
  }
  if (auto value = lookup(name); value && !(separator != std::string::npos && value->empty())) {
    out.value += *value;
    out.used_environment = true;
  } else if (separator != std::string::npos) {
    out.value += body.substr(separator + 2);
  } else {
    out.unset_variables.push_back(name);
  }
}

}  // namespace

EnvironmentLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr)
      return std::nullopt;
    return std::string(value);
  };
}

Expansion expand_environment(const std::string& text, const EnvironmentLookup& lookup) {
  Expansion out;
  size_t pos = 0;
  while (pos < text.size()) {
    if (text.compare(pos, 3, "$${") == 0) {
      out.value += "${";
      pos += 3;
      continue;
    }
    if (text.compare(pos, 2, "${") != 0) {
      out.value += text[pos++];
      continue;
    }
    const auto close = text.find('}', pos + 2);
    if (close == std::string::npos) {
      out.syntax_error = "\"${\" has no closing \"}\"";
      return out;
    }
    expand_reference(text.substr(pos + 2, close - pos - 2), lookup, out);
    if (!out.syntax_error.empty())
      return out;
    pos = close + 1;
  }
  return out;
}

std::vector<std::string> referenced_variables(const std::string& text) {
  std::vector<std::string> names;
  expand_environment(text, [&](const std::string& name) -> std::optional<std::string> {
    names.push_back(name);
    return std::nullopt;
  });
  return names;
}

}  // namespace zdm::plan
