#pragma once
// What the backfill asks a MySQL/MariaDB server besides its SQL: whether a key column is
// an integer (to split ranges between threads), how many threads are running (max_load)
// and who waits on the backfill's row locks. Private to src/db/mysql.

#include <string>
#include <string_view>
#include <vector>

#include "zdm/db/connection.hpp"

namespace zdm::db::mysql {

bool is_integer_type(std::string_view type);
long long active_sessions(Connection& connection);
std::string session_id(Connection& connection);
long long sessions_waiting_on(Connection& connection, const std::vector<std::string>& sessions);

}  // namespace zdm::db::mysql
