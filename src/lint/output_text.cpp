// Text: what an operator reads in a terminal or a CI log.
#include "zdm/lint/output.hpp"

namespace zdm::lint {

namespace {

std::string plural(int n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

std::string text_report(const std::vector<PlanLint>& plans) {
  std::string out;
  for (const auto& plan : plans) {
    for (const auto& finding : plan.findings) {
      if (!finding.suppressed)
        out += format_finding(finding) + "\n";
    }
  }
  const Counts counts = count(plans);
  out += "zdm lint: " + plural(counts.errors, "error") + ", " + plural(counts.warnings, "warning") +
         " (" + std::to_string(counts.suppressed) + " suppressed) in " +
         plural(static_cast<int>(plans.size()), "plan") + "\n";
  return out;
}

std::string findings_text(const PlanLint& plan) {
  if (plan.findings.empty())
    return "";
  std::string out;
  for (const auto& finding : plan.findings) {
    if (!finding.suppressed)
      out += format_finding(finding) + "\n";
  }
  const Counts counts = count({plan});
  out += plan.file + ": lint: " + plural(counts.errors, "error") + ", " +
         plural(counts.warnings, "warning") + " (" + std::to_string(counts.suppressed) +
         " suppressed)" + (plan.server ? ", " + plan.server->assumption() : "") + "\n";
  return out;
}

}  // namespace zdm::lint
