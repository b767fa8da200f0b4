#pragma once
// Keyset pagination predicates as row comparisons. Private to src/db/postgres.

#include <string_view>
#include <vector>

#include "zdm/db/dialect.hpp"

namespace zdm::db::pg {

// ("k1", "k2") <op> ($first, $first+1); value_indexes {0, 1, ...}. Throws
// std::invalid_argument for an empty key.
KeyPredicate row_comparison(const std::vector<std::string>& key, std::string_view op,
                            int first_placeholder);

}  // namespace zdm::db::pg
