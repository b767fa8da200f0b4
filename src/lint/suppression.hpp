#pragma once
// `# zdm-ignore: RULE[, RULE] — reason` comments in the plan text, and the findings they
// silence. Private to lint.

#include <string>
#include <vector>

#include "zdm/lint/finding.hpp"

namespace zdm::lint {

struct IgnoreComment {
  int line = 0;
  std::vector<const RuleInfo*> rules;
  std::string reason;
};

struct IgnoreScan {
  std::vector<IgnoreComment> ignores;  // the well-formed ones
  std::vector<Finding> problems;       // ZDM107 for each malformed one
  std::vector<bool> comment_only;      // by line index (0-based): the line is only a comment
};

IgnoreScan scan_ignores(const std::string& plan_text, const std::string& file);

// Marks each finding an ignore comment applies to: one on an anchor line of the finding,
// or on the comment lines directly above one.
void apply_ignores(const IgnoreScan& scan, std::vector<Finding>& findings);

}  // namespace zdm::lint
