#pragma once
// What several commands do with their PLAN argument and --replica-dsn options.

#include <optional>
#include <string>
#include <vector>

#include "zdm/db/dsn.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::cli {

// The plan, or nullopt after printing its errors to stderr (exit 2, nothing touched).
std::optional<plan::Plan> load_plan_or_print_errors(const std::string& file);

// Parses each --replica-dsn; false after printing the error.
bool parse_replica_dsns(const std::vector<std::string>& texts, std::vector<db::Dsn>& out);

}  // namespace zdm::cli
