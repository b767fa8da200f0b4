#include "zdm/engine/plan_diff.hpp"

#include <sstream>
#include <vector>

namespace zdm::engine {

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    lines.push_back(line);
  return lines;
}

}  // namespace

// Longest common subsequence over lines: plans are small, so O(n*m) is fine.
std::string line_diff(const std::string& before, const std::string& after) {
  const auto a = lines_of(before);
  const auto b = lines_of(after);
  std::vector<std::vector<int>> common(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;) {
    for (size_t j = b.size(); j-- > 0;) {
      common[i][j] =
          a[i] == b[j] ? common[i + 1][j + 1] + 1 : std::max(common[i + 1][j], common[i][j + 1]);
    }
  }
  std::string out;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      ++i, ++j;
    } else if (j < b.size() && (i == a.size() || common[i][j + 1] > common[i + 1][j])) {
      out += "+ line " + std::to_string(j + 1) + ": " + b[j] + "\n";
      ++j;
    } else {
      out += "- line " + std::to_string(i + 1) + ": " + a[i] + "\n";
      ++i;
    }
  }
  return out;
}

}  // namespace zdm::engine
