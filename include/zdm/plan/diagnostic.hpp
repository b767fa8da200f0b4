#pragma once
// What the loader and the lint rules say about a plan, with where they say it.

#include <string>
#include <vector>

#include "zdm/plan/source_location.hpp"

namespace zdm::plan {

enum class Severity { error, warning };

const char* to_string(Severity severity);

struct Diagnostic {
  std::string file;
  SourceLocation at;
  Severity severity = Severity::error;
  std::string message;
  std::string hint;  // what to do about it; may be empty
};

// "FILE:LINE:COL: error: WHAT" and, when there is a hint, a second line "  hint: ...".
std::string format_diagnostic(const Diagnostic& diagnostic);

// Collects diagnostics for one file; the loader goes on after an error to report more.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  void error(SourceLocation at, std::string message, std::string hint = {});
  void warning(SourceLocation at, std::string message, std::string hint = {});

  bool has_errors() const;
  size_t error_count() const;
  const std::string& file() const { return file_; }
  // In file order, so the first line printed is the first problem in the file.
  std::vector<Diagnostic> sorted() const;

 private:
  std::string file_;
  std::vector<Diagnostic> items_;
};

}  // namespace zdm::plan
