#include "postgres_keyset.hpp"

#include <stdexcept>

#include "postgres_names.hpp"

namespace zdm::db::pg {

KeyPredicate row_comparison(const std::vector<std::string>& key, std::string_view op,
                            int first_placeholder) {
  if (key.empty())
    throw std::invalid_argument("a keyset predicate needs at least one key column");
  KeyPredicate predicate;
  std::string values;
  for (size_t i = 0; i < key.size(); ++i) {
    values += (i ? ", $" : "$") + std::to_string(first_placeholder + static_cast<int>(i));
    predicate.value_indexes.push_back(static_cast<int>(i));
  }
  predicate.sql = "(" + quoted_list(key) + ") " + std::string(op) + " (" + values + ")";
  return predicate;
}

}  // namespace zdm::db::pg
