// GitHub Actions workflow commands: each finding becomes an annotation on the plan's line.
#include "zdm/lint/output.hpp"

namespace zdm::lint {

namespace {

// The escaping GitHub's runner undoes in a command's message.
std::string escape_data(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

// ... and in a property value, where ':' and ',' separate properties.
std::string escape_property(const std::string& text) {
  std::string out;
  for (const char c : escape_data(text)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

std::string annotation(const Finding& finding) {
  std::string out = finding.severity == plan::Severity::error ? "::error " : "::warning ";
  out += "file=" + escape_property(finding.file);
  if (finding.at.known()) {
    out += ",line=" + std::to_string(finding.at.line) + ",col=" + std::to_string(finding.at.column);
  }
  out += ",title=" +
         escape_property(std::string(finding.rule->code) + " " + std::string(finding.rule->name));
  std::string message = finding.message;
  if (!finding.hint.empty())
    message += "\nhint: " + finding.hint;
  return out + "::" + escape_data(message) + "\n";
}

}  // namespace

std::string github_report(const std::vector<PlanLint>& plans) {
  std::string out;
  for (const auto& plan : plans) {
    for (const auto& finding : plan.findings) {
      if (!finding.suppressed)
        out += annotation(finding);
    }
  }
  const Counts counts = count(plans);
  out += "zdm lint: " + std::to_string(counts.errors) + " error(s), " +
         std::to_string(counts.warnings) + " warning(s), " + std::to_string(counts.suppressed) +
         " suppressed\n";
  return out;
}

}  // namespace zdm::lint
