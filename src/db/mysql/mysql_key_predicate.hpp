#pragma once
// Keyset pagination predicates on MySQL/MariaDB. MySQL does not use an index for a row
// comparison such as (a, b) > (?, ?), so the comparison is spelled out column by column.
// Private to src/db/mysql.

#include <string>
#include <vector>

#include "zdm/db/dialect.hpp"

namespace zdm::db::mysql {

// (key) > (values): `a` > ? / ((`a` > ?) OR (`a` = ? AND `b` > ?)), binding {0, 0, 1}.
KeyPredicate key_after(const std::vector<std::string>& key);

// (key) <= (values): `a` <= ? / ((`a` < ?) OR (`a` = ? AND `b` <= ?)), binding {0, 0, 1}.
KeyPredicate key_at_most(const std::vector<std::string>& key);

}  // namespace zdm::db::mysql
