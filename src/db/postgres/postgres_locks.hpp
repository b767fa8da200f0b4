#pragma once
// Who holds locks on a table, and zdm's advisory lock. Private to src/db/postgres.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zdm/db/connection.hpp"

namespace zdm::db::pg {

// One line per session (other than `own_session` and `observer`) that holds or waits for
// a lock on `qualified_table`: "pid 4711, transaction open 42s, idle in transaction: SELECT …".
std::vector<std::string> lock_holders(Connection& observer, const std::string& qualified_table,
                                      const std::string& own_session);

// Session-level advisory lock on hashtextextended(key, 0).
bool try_advisory_lock(Connection& session, const std::string& key);
void release_advisory_lock(Connection& session, const std::string& key);
// The pid of the session holding the lock in this database, nullopt when free.
std::optional<std::string> advisory_lock_holder(Connection& observer, const std::string& key);

// "pid 4711, transaction open 42s, idle in transaction: SELECT 1" from what pg_stat_activity
// says (seconds empty: no transaction open).
std::string describe_lock_holder(const std::string& pid, const std::optional<std::string>& seconds,
                                 const std::string& state, bool waiting, const std::string& query);

}  // namespace zdm::db::pg
