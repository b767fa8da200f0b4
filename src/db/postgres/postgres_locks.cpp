#include "postgres_locks.hpp"

#include "postgres_catalog.hpp"

namespace zdm::db::pg {

namespace {

// Relation locks in this database on $1 (a quoted, qualified name), one row per session:
// pid, seconds its transaction is open, state, the query as one line, whether it waits.
constexpr const char* kLockHolders = R"(
SELECT a.pid,
       floor(EXTRACT(EPOCH FROM clock_timestamp() - a.xact_start))::bigint,
       coalesce(a.state, ''),
       left(regexp_replace(coalesce(a.query, ''), '[[:space:]]+', ' ', 'g'), 200),
       NOT bool_or(l.granted)
FROM pg_locks l
JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'relation'
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.relation = to_regclass($1)
  AND l.pid <> pg_backend_pid()
  AND l.pid::text <> $2
GROUP BY a.pid, a.xact_start, a.state, a.query
ORDER BY a.pid)";

constexpr const char* kTryLock = "SELECT pg_try_advisory_lock(hashtextextended($1, 0))";
constexpr const char* kUnlock = "SELECT pg_advisory_unlock(hashtextextended($1, 0))";

// A bigint advisory key is kept in pg_locks as classid (high 32 bits), objid (low 32 bits)
// and objsubid 1.
constexpr const char* kLockHolder = R"(
SELECT l.pid
FROM pg_locks l
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid::bigint = (hashtextextended($1, 0) >> 32) & 4294967295
  AND l.objid::bigint = hashtextextended($1, 0) & 4294967295
ORDER BY l.pid
LIMIT 1)";

std::string trimmed(std::string text) {
  while (!text.empty() && text.back() == ' ')
    text.pop_back();
  while (!text.empty() && text.front() == ' ')
    text.erase(text.begin());
  return text;
}

}  // namespace

std::string describe_lock_holder(const std::string& pid, const std::optional<std::string>& seconds,
                                 const std::string& state, bool waiting, const std::string& query) {
  std::string line = "pid " + pid + ", ";
  line += seconds ? "transaction open " + *seconds + "s" : std::string("no transaction open");
  line += ", " + (state.empty() ? std::string("unknown state") : state);
  if (waiting)
    line += ", waiting for its lock";
  const std::string text = trimmed(query);
  if (!text.empty())
    line += ": " + text;
  return line;
}

std::vector<std::string> lock_holders(Connection& observer, const std::string& qualified_table,
                                      const std::string& own_session) {
  std::vector<std::string> lines;
  for (const Row& row : observer.query(kLockHolders, {qualified_table, own_session})) {
    lines.push_back(describe_lock_holder(row[0].value_or("?"), row[1], row[2].value_or(""),
                                         is_true(row[4]), row[3].value_or("")));
  }
  return lines;
}

bool try_advisory_lock(Connection& session, const std::string& key) {
  return is_true(session.query_scalar(kTryLock, {key}));
}

void release_advisory_lock(Connection& session, const std::string& key) {
  session.query_scalar(kUnlock, {key});
}

std::optional<std::string> advisory_lock_holder(Connection& observer, const std::string& key) {
  return observer.query_scalar(kLockHolder, {key});
}

}  // namespace zdm::db::pg
