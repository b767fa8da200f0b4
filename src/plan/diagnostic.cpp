#include "zdm/plan/diagnostic.hpp"

#include <algorithm>

namespace zdm::plan {

const char* to_string(Severity severity) {
  return severity == Severity::error ? "error" : "warning";
}

std::string format_diagnostic(const Diagnostic& d) {
  std::string out = d.file;
  if (d.at.known()) {
    out += ":" + std::to_string(d.at.line) + ":" + std::to_string(d.at.column);
  }
  out += std::string(": ") + to_string(d.severity) + ": " + d.message;
  if (!d.hint.empty())
    out += "\n  hint: " + d.hint;
  return out;
}

void Diagnostics::error(SourceLocation at, std::string message, std::string hint) {
  items_.push_back({file_, at, Severity::error, std::move(message), std::move(hint)});
}

void Diagnostics::warning(SourceLocation at, std::string message, std::string hint) {
  items_.push_back({file_, at, Severity::warning, std::move(message), std::move(hint)});
}

bool Diagnostics::has_errors() const {
  return error_count() > 0;
}

size_t Diagnostics::error_count() const {
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::error;
  }));
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> out = items_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.at.line != b.at.line)
      return a.at.line < b.at.line;
    return a.at.column < b.at.column;
  });
  return out;
}

}  // namespace zdm::plan
