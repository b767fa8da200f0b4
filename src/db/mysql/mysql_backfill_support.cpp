#include "mysql_backfill_support.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace zdm::db::mysql {

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

}  // namespace zdm::db::mysql
