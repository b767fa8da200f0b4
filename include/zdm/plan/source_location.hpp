#pragma once

namespace zdm::plan {

// 1-based line and column in the plan file; 0 means "not known".
struct SourceLocation {
  int line = 0;
  int column = 0;

  bool known() const { return line > 0; }
  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

}  // namespace zdm::plan
