#pragma once
// What the backfill asks a PostgreSQL server besides its SQL: the table's size in pages
// (ctid paging), how many sessions are busy (max_load) and how close transaction-id
// wraparound is. Private to src/db/postgres.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zdm/db/connection.hpp"
#include "zdm/db/dialect.hpp"

namespace zdm::db::pg {

std::optional<long long> table_pages(Connection& connection, std::string_view schema,
                                     std::string_view table);
std::optional<std::string> table_file(Connection& connection, std::string_view schema,
                                      std::string_view table);
KeyPredicate page_range(int first_placeholder);
std::string page_bound(long long page);
bool is_integer_type(std::string_view type);
long long active_sessions(Connection& connection);
std::optional<std::string> load_blind_spot(Connection& connection);
std::string session_id(Connection& connection);
long long sessions_waiting_on(Connection& connection, const std::vector<std::string>& sessions);
std::optional<long long> transaction_id_age(Connection& connection, std::string_view schema,
                                            std::string_view table);

}  // namespace zdm::db::pg
