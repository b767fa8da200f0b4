#pragma once
// "Did you mean ...?" for misspelled keys and values.

#include <optional>
#include <string>
#include <vector>

namespace zdm::plan {

// The candidate closest to `word` by edit distance, when it is close enough to be a typo.
std::optional<std::string> nearest(const std::string& word,
                                   const std::vector<std::string>& candidates);

// "a, b, c"
std::string join(const std::vector<std::string>& words, const std::string& separator = ", ");

// 'did you mean "x"? ' + what, or just what when nothing is close.
std::string suggestion_hint(const std::string& word, const std::vector<std::string>& candidates,
                            const std::string& what);

}  // namespace zdm::plan
