#include "zdm/plan/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace zdm::plan {

namespace {

std::string lowercase(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::optional<std::string> nearest(const std::string& word,
                                   const std::vector<std::string>& candidates) {
  const std::string needle = lowercase(word);
  std::optional<std::string> best;
  size_t best_distance = std::max<size_t>(2, needle.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    const std::string hay = lowercase(candidate);
    size_t distance = edit_distance(needle, hay);
    // "read-switch" for "read_switch", "postgresql" for "postgres": prefixes count as close.
    if (hay.size() >= 4 && needle.rfind(hay, 0) == 0)
      distance = std::min<size_t>(distance, 1);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string join(const std::vector<std::string>& words, const std::string& separator) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0)
      out += separator;
    out += words[i];
  }
  return out;
}

std::string suggestion_hint(const std::string& word, const std::vector<std::string>& candidates,
                            const std::string& what) {
  if (auto close = nearest(word, candidates))
    return "did you mean \"" + *close + "\"? " + what;
  return what;
}

}  // namespace zdm::plan
