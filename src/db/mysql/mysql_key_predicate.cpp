#include "mysql_key_predicate.hpp"

#include <stdexcept>

#include "mysql_names.hpp"

namespace zdm::db::mysql {

namespace {

// OR over the key's columns: the first i columns equal, column i compared with `strict`,
// except that the last column is compared with `last` (so <= can include the bound itself).
KeyPredicate lexicographic(const std::vector<std::string>& key, const std::string& strict,
                           const std::string& last) {
  if (key.empty())
    throw std::invalid_argument("keyset pagination needs at least one key column");
  KeyPredicate out;
  if (key.size() == 1) {
    out.sql = quote(key[0]) + " " + last + " ?";
    out.value_indexes = {0};
    return out;
  }
  std::string disjunction;
  for (std::size_t i = 0; i < key.size(); ++i) {
    std::string term;
    for (std::size_t j = 0; j < i; ++j) {
      term += quote(key[j]) + " = ? AND ";
      out.value_indexes.push_back(static_cast<int>(j));
    }
    term += quote(key[i]) + " " + (i + 1 == key.size() ? last : strict) + " ?";
    out.value_indexes.push_back(static_cast<int>(i));
    disjunction += (disjunction.empty() ? "(" : " OR (") + term + ")";
  }
  // Parenthesised as a whole, so that it can be ANDed with other conditions.
  out.sql = "(" + disjunction + ")";
  return out;
}

}  // namespace

KeyPredicate key_after(const std::vector<std::string>& key) {
  return lexicographic(key, ">", ">");
}

KeyPredicate key_at_most(const std::vector<std::string>& key) {
  return lexicographic(key, "<", "<=");
}

}  // namespace zdm::db::mysql
