#include "mysql_session.hpp"

#include <algorithm>
#include <cstdio>

namespace zdm::db::mysql {

namespace {

// Whole seconds, rounded up, at least 1.
long long whole_seconds(plan::Duration duration) {
  const long long ms = duration.count();
  return ms <= 0 ? 1 : std::max(1LL, (ms + 999) / 1000);
}

// Seconds with up to three decimals: 2, 1.5, 0.25.
std::string decimal_seconds(plan::Duration duration) {
  const long long ms = std::max<long long>(0, duration.count());
  std::string out = std::to_string(ms / 1000);
  if (ms % 1000 != 0) {
    char fraction[8];
    std::snprintf(fraction, sizeof fraction, ".%03lld", ms % 1000);
    std::string digits = fraction;
    while (digits.back() == '0')
      digits.pop_back();
    out += digits;
  }
  return out;
}

// Open InnoDB transactions with their sessions, then sessions queued for a metadata lock
// that have no transaction open. Sessions whose current database is another one are left
// out (on a shared server they are noise); those with none are kept.
constexpr const char* kLockHoldersSql =
    "SELECT p.ID, p.USER, p.HOST, TIMESTAMPDIFF(SECOND, t.trx_started, NOW()), p.COMMAND, "
    "p.STATE, p.INFO "
    "FROM information_schema.innodb_trx t "
    "JOIN information_schema.processlist p ON p.ID = t.trx_mysql_thread_id "
    "WHERE p.ID <> CONNECTION_ID() AND p.ID <> ? AND (p.DB IS NULL OR p.DB = DATABASE()) "
    "UNION ALL "
    "SELECT p.ID, p.USER, p.HOST, NULL, p.COMMAND, p.STATE, p.INFO "
    "FROM information_schema.processlist p "
    "WHERE p.STATE LIKE 'Waiting for table metadata lock%' "
    "AND p.ID <> CONNECTION_ID() AND p.ID <> ? AND (p.DB IS NULL OR p.DB = DATABASE()) "
    "AND p.ID NOT IN (SELECT trx_mysql_thread_id FROM information_schema.innodb_trx) "
    "ORDER BY 1";

std::string describe_holder(const Row& row) {
  const auto text = [&](std::size_t i) { return row[i].value_or(""); };
  std::string line = "session " + text(0) + " (" + text(1) + "@" + text(2) + "), ";
  line += row[3] ? "transaction open " + *row[3] + "s, " : "no transaction, ";
  line += text(4);
  if (!text(5).empty())
    line += " / " + text(5);
  const std::string query = text(6);
  return line + ": " + (query.empty() ? "(idle)" : query);
}

// The user-lock name for `key`: computed by the server, which knows the database and SHA2.
std::string lock_name(Connection& connection, const std::string& key) {
  return connection
      .query_scalar(
          "SELECT IF(CHAR_LENGTH(n) <= 64, n, CONCAT('zdm:', LEFT(SHA2(n, 256), 60))) "
          "FROM (SELECT CONCAT('zdm:', IFNULL(DATABASE(), ''), ':', ?) AS n) AS name",
          {key})
      .value_or("zdm:" + key);
}

}  // namespace

std::vector<std::string> session_settings(const plan::Settings& settings) {
  const std::string lock = std::to_string(whole_seconds(settings.lock_timeout));
  return {"SET SESSION lock_wait_timeout = " + lock,
          "SET SESSION innodb_lock_wait_timeout = " + lock,
          "SET SESSION max_statement_time = " + decimal_seconds(settings.statement_timeout)};
}

std::string with_statement_time_limit(const std::string& sql, plan::Duration limit) {
  return "SET STATEMENT max_statement_time=" + decimal_seconds(limit) + " FOR " + sql;
}

std::vector<std::string> lock_holders(Connection& observer, const std::string& own_session) {
  const std::string own = own_session.empty() ? "0" : own_session;
  std::vector<std::string> out;
  for (const Row& row : observer.query(kLockHoldersSql, {own, own}))
    out.push_back(describe_holder(row));
  return out;
}

bool try_advisory_lock(Connection& session, const std::string& key) {
  return session.query_scalar("SELECT GET_LOCK(?, 0)", {lock_name(session, key)}) == "1";
}

void release_advisory_lock(Connection& session, const std::string& key) {
  session.query_scalar("SELECT RELEASE_LOCK(?)", {lock_name(session, key)});
}

std::optional<std::string> advisory_lock_holder(Connection& observer, const std::string& key) {
  return observer.query_scalar("SELECT IS_USED_LOCK(?)", {lock_name(observer, key)});
}

}  // namespace zdm::db::mysql
