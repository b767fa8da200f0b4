#include "mysql_backfill_support.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace zdm::db::mysql {

namespace {

// Transactions waiting on a lock held by a transaction of one of ? (connection ids,
// comma-separated); then, to tell a stale view from a fresh one, the transactions the view
// shows waiting and the row-lock waits the server counts now. InnoDB serves
// INNODB_TRX and INNODB_LOCK_WAITS from a cache it refreshes only after 100 ms without a
// reader, so anyone polling them faster (a monitoring agent, a second zdm) keeps them stale.
constexpr const char* kSessionsWaitingOn =
    "SELECT (SELECT COUNT(DISTINCT w.requesting_trx_id) "
    "FROM information_schema.INNODB_LOCK_WAITS w "
    "JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id "
    "WHERE FIND_IN_SET(b.trx_mysql_thread_id, ?) > 0), "
    "(SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'), "
    "(SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
    "WHERE VARIABLE_NAME = 'INNODB_ROW_LOCK_CURRENT_WAITS')";

long long number_in(const Row& row, size_t column) {
  return column < row.size() && row[column] ? std::stoll(*row[column]) : 0;
}

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
  const auto rows = connection.query(kSessionsWaitingOn, {ids});
  if (rows.empty())
    return 0;
  const long long on_backfill = number_in(rows.front(), 0);
  const long long waiting_in_view = number_in(rows.front(), 1);
  const long long waiting_on_server = number_in(rows.front(), 2);
  // A view that disagrees with the server's count is stale (it may still show waits long
  // over) and cannot say who waits on whom: every row-lock wait then counts as one on the
  // backfill, so that the chunks give way rather than hold their rows on a guess.
  if (on_backfill == 0 && waiting_in_view != waiting_on_server)
    return waiting_on_server;
  return on_backfill;
}

}  // namespace zdm::db::mysql
