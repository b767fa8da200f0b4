#pragma once
// zdm lint: the rules run over what zdm will execute for a plan (the dialect's SQL for each
// step, raw SQL parsed by the server's own grammar) in phase order. Offline by default;
// with a catalog (apply --dry-run) rules also see table sizes and current column types.

#include <string>
#include <vector>

#include "zdm/lint/catalog.hpp"
#include "zdm/lint/finding.hpp"
#include "zdm/lint/server_version.hpp"
#include "zdm/plan/loader.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::lint {

inline constexpr long long kDefaultLargeTableRows = 100000;

struct LintOptions {
  std::optional<ServerVersion> server;  // default: ServerVersion::default_for(driver)
  Catalog* catalog = nullptr;           // online facts; nullptr offline
  long long large_table_rows = kDefaultLargeTableRows;
};

// One plan's findings, suppressed ones included (marked), in file order.
struct PlanLint {
  std::string file;
  bool valid = true;  // false: the plan did not load; findings are its load errors
  std::optional<plan::Driver> driver;
  std::optional<ServerVersion> server;
  bool online = false;
  std::vector<Finding> findings;
};

PlanLint lint_plan(const plan::Plan& plan, const LintOptions& options);
// apply --dry-run: the catalog and the server version read through `connection`.
PlanLint lint_online(const plan::Plan& plan, db::Connection& connection, const db::Dialect& dialect,
                     long long large_table_rows);
// A plan that did not load: its errors as ZDM000 findings, so CI annotates them too.
PlanLint invalid_plan(const std::string& file, const std::vector<plan::Diagnostic>& diagnostics);

enum class FailOn { error, warning, never };

// Whether an unsuppressed finding reaches the --fail-on threshold.
bool reaches(const std::vector<PlanLint>& plans, FailOn fail_on);

struct Counts {
  int errors = 0;
  int warnings = 0;
  int suppressed = 0;
};
Counts count(const std::vector<PlanLint>& plans);

}  // namespace zdm::lint
