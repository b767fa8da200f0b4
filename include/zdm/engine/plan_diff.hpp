#pragma once
// A line diff of two plan texts ("-" removed, "+" added, "  " context), for refusing a
// changed plan while its migration is in progress.

#include <string>

namespace zdm::engine {

std::string line_diff(const std::string& before, const std::string& after);

}  // namespace zdm::engine
