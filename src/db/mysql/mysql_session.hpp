#pragma once
// Session-level behaviour on MySQL/MariaDB: timeouts for DDL sessions, who holds locks, and
// the advisory lock that keeps two zdm runs apart. Private to src/db/mysql.

#include <optional>
#include <string>
#include <vector>

#include "zdm/db/connection.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::db::mysql {

// lock_wait_timeout (metadata locks) and innodb_lock_wait_timeout (row locks) in whole
// seconds, at least 1; MariaDB's max_statement_time in seconds (0: none).
std::vector<std::string> session_settings(const plan::Settings& settings);

// "SET STATEMENT max_statement_time=1.5 FOR <sql>": MariaDB cancels that one statement
// after `limit`, whatever the session's own setting.
std::string with_statement_time_limit(const std::string& sql, plan::Duration limit);

// Open transactions (information_schema.innodb_trx) and sessions waiting for a metadata
// lock, except `own_session` and the observer itself, one line each.
std::vector<std::string> lock_holders(Connection& observer, const std::string& own_session);

// GET_LOCK / RELEASE_LOCK / IS_USED_LOCK on "zdm:<database>:<key>" (user locks are server
// wide; the database name keeps migrations of different databases apart), hashed with SHA2
// when longer than MySQL's 64 characters.
bool try_advisory_lock(Connection& session, const std::string& key);
void release_advisory_lock(Connection& session, const std::string& key);
std::optional<std::string> advisory_lock_holder(Connection& observer, const std::string& key);

}  // namespace zdm::db::mysql
