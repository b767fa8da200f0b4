#pragma once
// What the backfill asks a MySQL/MariaDB server besides its SQL: whether a key column is
// an integer (to split ranges between threads) and how many threads are running
// (max_load). Private to src/db/mysql.

#include <string_view>

#include "zdm/db/connection.hpp"

namespace zdm::db::mysql {

bool is_integer_type(std::string_view type);
long long active_sessions(Connection& connection);

}  // namespace zdm::db::mysql
