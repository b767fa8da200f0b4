#include "zdm/lint/finding.hpp"

namespace zdm::lint {

plan::Diagnostic to_diagnostic(const Finding& finding) {
  plan::Diagnostic diagnostic;
  diagnostic.file = finding.file;
  diagnostic.at = finding.at;
  diagnostic.severity = finding.severity;
  diagnostic.message = std::string(finding.rule->code) + " " + std::string(finding.rule->name) +
                       ": " + finding.message;
  diagnostic.hint = finding.hint;
  return diagnostic;
}

std::string format_finding(const Finding& finding) {
  return plan::format_diagnostic(to_diagnostic(finding));
}

}  // namespace zdm::lint
