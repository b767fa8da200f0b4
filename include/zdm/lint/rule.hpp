#pragma once
// The lint rules zdm knows: one registry that the checks, the docs table, --help, the JSON
// and SARIF outputs all read, so they can never list different rules.

#include <string_view>
#include <vector>

#include "zdm/plan/diagnostic.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::lint {

enum class RuleDialect { any, postgres, mysql };

struct RuleInfo {
  std::string_view code;  // "PG103": stable, used in ignores and CI annotations
  std::string_view name;  // "pg-index-without-concurrently": stable, kebab-case
  plan::Severity severity;
  RuleDialect dialect;
  std::string_view summary;            // one line: what the rule finds
  std::string_view safe_alternative;   // what to write instead; the finding's hint
  std::string_view squawk;             // the squawk rule it corresponds to, "" when none
  std::string_view strong_migrations;  // the strong_migrations check, "" when none
  // Online (apply --dry-run), the table's estimated rows set the severity: a warning below
  // --large-table-rows, an error at or above it.
  bool size_sensitive = false;
  // Its verdict depends on the server version; findings say which version was assumed.
  bool version_dependent = false;
  // Findings can be silenced by a `# zdm-ignore:` comment.
  bool suppressible = true;
};

// Every rule, in code order.
const std::vector<RuleInfo>& all_rules();
// By code ("PG103", any case) or name ("pg-index-without-concurrently"); nullptr if unknown.
const RuleInfo* find_rule(std::string_view code_or_name);
// The rule with this code; throws std::logic_error when there is none (a typo in a rule).
const RuleInfo& rule(std::string_view code);

bool applies_to(const RuleInfo& rule, plan::Driver driver);
const char* to_string(RuleDialect dialect);

}  // namespace zdm::lint
