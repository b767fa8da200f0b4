#include "postgres_backfill_support.hpp"

#include <array>

#include "postgres_names.hpp"

namespace zdm::db::pg {

namespace {

// Pages the table has now; rows a later insert puts past them are the sync trigger's.
constexpr const char* kTablePages =
    "SELECT pg_relation_size(to_regclass($1)) / current_setting('block_size')::bigint";

constexpr const char* kTableFile = "SELECT pg_relation_filenode(to_regclass($1))::text";

// Client sessions running a statement, other than this one (autovacuum and walsenders
// are not the application's load).
constexpr const char* kActiveSessions =
    "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
    "AND backend_type = 'client backend' AND pid <> pg_backend_pid()";

// The table's age counts its TOAST table too: either one reaching wraparound stops writes.
constexpr const char* kTransactionIdAge = R"(
SELECT greatest(age(c.relfrozenxid),
                coalesce((SELECT age(t.relfrozenxid) FROM pg_class t WHERE t.oid = c.reltoastrelid), 0),
                (SELECT age(datfrozenxid) FROM pg_database WHERE datname = current_database()))
FROM pg_class c WHERE c.oid = to_regclass($1))";

// Sessions waiting on a lock held by one of $1 (an int[] of backend pids). pg_locks, not
// pg_stat_activity: every role sees all of pg_locks, while pg_stat_activity hides other
// roles' wait events without pg_read_all_stats. The CASE keeps pg_blocking_pids, which
// takes the lock manager's locks, to the requests still waiting.
constexpr const char* kSessionsWaitingOn =
    "SELECT count(DISTINCT pid) FROM pg_locks WHERE CASE WHEN NOT granted "
    "THEN pg_blocking_pids(pid) && $1::int[] ELSE false END";

// Whether this role sees the state of other roles' sessions in pg_stat_activity.
constexpr const char* kSeesAllSessions =
    "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
    "OR pg_has_role(current_user, 'pg_read_all_stats', 'USAGE')";

}  // namespace

std::optional<long long> table_pages(Connection& connection, std::string_view schema,
                                     std::string_view table) {
  const auto pages = connection.query_scalar(kTablePages, {qualified_name(schema, table)});
  if (!pages)
    return std::nullopt;
  return std::stoll(*pages);
}

std::optional<std::string> table_file(Connection& connection, std::string_view schema,
                                      std::string_view table) {
  return connection.query_scalar(kTableFile, {qualified_name(schema, table)});
}

KeyPredicate page_range(int first_placeholder) {
  return {"ctid >= $" + std::to_string(first_placeholder) + "::tid AND ctid < $" +
              std::to_string(first_placeholder + 1) + "::tid",
          {0, 1}};
}

std::string page_bound(long long page) {
  return "(" + std::to_string(page) + ",0)";
}

bool is_integer_type(std::string_view type) {
  constexpr std::array<std::string_view, 3> kIntegers = {"smallint", "integer", "bigint"};
  for (const auto integer : kIntegers) {
    if (type == integer)
      return true;
  }
  return false;
}

long long active_sessions(Connection& connection) {
  return std::stoll(connection.query_scalar(kActiveSessions, {}).value_or("0"));
}

std::optional<std::string> load_blind_spot(Connection& connection) {
  if (connection.query_scalar(kSeesAllSessions, {}).value_or("f") == "t")
    return std::nullopt;
  return "this role cannot see other roles' sessions in pg_stat_activity, so it would count "
         "no load";
}

std::string session_id(Connection& connection) {
  return connection.query_scalar("SELECT pg_backend_pid()", {}).value_or("");
}

long long sessions_waiting_on(Connection& connection, const std::vector<std::string>& sessions) {
  std::string pids = "{";
  for (const auto& session : sessions)
    pids += (pids.size() > 1 ? "," : "") + session;
  return std::stoll(connection.query_scalar(kSessionsWaitingOn, {pids + "}"}).value_or("0"));
}

std::optional<long long> transaction_id_age(Connection& connection, std::string_view schema,
                                            std::string_view table) {
  const auto age = connection.query_scalar(kTransactionIdAge, {qualified_name(schema, table)});
  if (!age)
    return std::nullopt;
  return std::stoll(*age);
}

}  // namespace zdm::db::pg
