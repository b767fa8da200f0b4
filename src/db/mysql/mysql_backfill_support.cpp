#include "mysql_backfill_support.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace zdm::db::mysql {

namespace {

// Transactions waiting on a lock held by a transaction of one of ? (connection ids,
// comma-separated).
constexpr const char* kSessionsWaitingOn =
    "SELECT COUNT(DISTINCT w.requesting_trx_id) FROM information_schema.INNODB_LOCK_WAITS w "
    "JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id "
    "WHERE FIND_IN_SET(b.trx_mysql_thread_id, ?) > 0";

}  // namespace

bool is_integer_type(std::string_view type) {
  // "int(11)", "bigint(20)", "int": signed only; an unsigned bigint may not fit 64 bits
  // signed, so its range is not split.
  constexpr std::array<std::string_view, 5> kIntegers = {"tinyint", "smallint", "mediumint", "int",
                                                         "bigint"};
  const std::string_view name = type.substr(0, type.find('('));
  const bool is_unsigned_bigint =
      name == "bigint" && type.find("unsigned") != std::string_view::npos;
  for (const auto integer : kIntegers) {
    if (name == integer && !is_unsigned_bigint)
      return true;
  }
  return false;
}

long long active_sessions(Connection& connection) {
  const auto rows = connection.query("SHOW GLOBAL STATUS LIKE 'Threads_running'", {});
  if (rows.empty() || rows.front().size() < 2 || !rows.front()[1])
    return 0;
  return std::max(0LL, std::stoll(*rows.front()[1]) - 1);  // less this session
}

std::string session_id(Connection& connection) {
  return connection.query_scalar("SELECT CONNECTION_ID()", {}).value_or("");
}

long long sessions_waiting_on(Connection& connection, const std::vector<std::string>& sessions) {
  std::string ids;
  for (const auto& session : sessions)
    ids += (ids.empty() ? "" : ",") + session;
  return std::stoll(connection.query_scalar(kSessionsWaitingOn, {ids}).value_or("0"));
}

}  // namespace zdm::db::mysql
