#pragma once
// {{name}} placeholders: in sql fields they become bound parameters, never text.

#include <string>
#include <vector>

namespace zdm::plan {

struct Placeholder {
  std::string name;
  size_t offset = 0;  // of the opening "{{"
  size_t length = 0;  // of the whole "{{name}}"
};

std::vector<Placeholder> find_placeholders(const std::string& text);

// Known names for SQL checks and gates: values zdm binds when it runs them.
inline const std::vector<std::string> kSqlPlaceholders = {"phase_started_at",
                                                          "migration_started_at"};
// Known names in read_switch hooks: the ramp stage being applied.
inline const std::vector<std::string> kHookPlaceholders = {"percent"};

}  // namespace zdm::plan
