// GitLab Code Quality: the report artifact the merge request widget reads.
#include "fingerprint.hpp"
#include "zdm/lint/output.hpp"

namespace zdm::lint {

nlohmann::ordered_json gitlab_report(const std::vector<PlanLint>& plans) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& plan : plans) {
    const auto prints = fingerprints(plan);
    for (size_t i = 0; i < plan.findings.size(); ++i) {
      const Finding& finding = plan.findings[i];
      if (finding.suppressed)
        continue;
      out.push_back(
          {{"type", "issue"},
           {"check_name", std::string(finding.rule->code) + " " + std::string(finding.rule->name)},
           {"description", finding.message},
           {"content", {{"body", finding.hint}}},
           {"categories", {"Bug Risk"}},
           {"severity", finding.severity == plan::Severity::error ? "critical" : "minor"},
           {"fingerprint", prints[i]},
           {"location",
            {{"path", finding.file}, {"lines", {{"begin", std::max(finding.at.line, 1)}}}}}});
    }
  }
  return out;
}

}  // namespace zdm::lint
