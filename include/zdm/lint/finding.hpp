#pragma once
// One thing lint says about a plan: which rule, where in the plan, and what to do.

#include <optional>
#include <string>
#include <vector>

#include "zdm/lint/rule.hpp"
#include "zdm/plan/diagnostic.hpp"
#include "zdm/plan/source_location.hpp"

namespace zdm::lint {

// A `# zdm-ignore: RULE — reason` comment that silenced a finding.
struct Suppression {
  std::string reason;
  int line = 0;  // of the comment
};

struct Finding {
  const RuleInfo* rule = nullptr;
  plan::Severity severity = plan::Severity::error;  // the rule's, or set by the table's size
  std::string file;
  plan::SourceLocation at;
  std::string message;
  std::string hint;   // the safe alternative
  std::string phase;  // "expand", ... ; empty for gates and whole-plan findings
  std::string step;   // the step or gate the statement belongs to; may be empty
  std::string table;  // the table it concerns; may be empty
  // Lines a `# zdm-ignore` comment may sit on (or directly above) to silence it: the
  // finding's own line, the line of the SQL value and of its step.
  std::vector<int> anchor_lines;
  std::optional<Suppression> suppressed;
};

// "FILE:LINE:COL: error: PG103 pg-index-without-concurrently: MESSAGE" and the hint line.
std::string format_finding(const Finding& finding);
// The finding as the loader's diagnostic type, with the rule in the message.
plan::Diagnostic to_diagnostic(const Finding& finding);

}  // namespace zdm::lint
