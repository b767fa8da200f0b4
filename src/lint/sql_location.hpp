#pragma once
// Where a byte of a SQL value sits in the plan file: block scalars (| and >), quoted and
// plain scalars, each line of the value matched to its line in the file. Private to lint.

#include <string>
#include <vector>

#include "zdm/plan/source_location.hpp"

namespace zdm::lint {

class ValueLocator {
 public:
  // `value` as the loader read it, `at` where the loader says it starts (the block
  // indicator or the first character / opening quote).
  ValueLocator(const std::string& plan_text, plan::SourceLocation at, const std::string& value);

  // The plan line and column of value[offset]; `at` when it cannot be told.
  plan::SourceLocation locate(size_t offset) const;

 private:
  struct Segment {
    size_t offset;  // in the value
    size_t length;
    plan::SourceLocation at;
  };
  void block_scalar(const std::vector<std::string>& lines, const std::string& value);
  void flow_scalar(const std::vector<std::string>& lines, const std::string& value);

  plan::SourceLocation at_;
  std::vector<Segment> segments_;
};

std::vector<std::string> split_lines(const std::string& text);

}  // namespace zdm::lint
