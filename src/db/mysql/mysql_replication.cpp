#include "mysql_replication.hpp"

#include <algorithm>

#include "zdm/util/number.hpp"

namespace zdm::db::mysql {

namespace {

// The value of the first of `names` that the result has, or nullopt (also for NULL).
Value column(const Result& result, const Row& row, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    const auto at = std::find(result.columns.begin(), result.columns.end(), name);
    const auto index = static_cast<std::size_t>(at - result.columns.begin());
    if (at != result.columns.end() && index < row.size())
      return row[index];
  }
  return std::nullopt;
}

std::string running_states(const Result& status, const Row& row) {
  return "Slave_IO_Running: " +
         column(status, row, {"Slave_IO_Running", "Replica_IO_Running"}).value_or("?") +
         ", Slave_SQL_Running: " +
         column(status, row, {"Slave_SQL_Running", "Replica_SQL_Running"}).value_or("?");
}

}  // namespace

ReplicaLag replica_lag(Connection& replica) {
  const Result status = replica.run("SHOW SLAVE STATUS", {});
  if (status.rows.empty())
    return {std::nullopt, "not a replica (SHOW SLAVE STATUS is empty)"};
  const Row& row = status.rows.front();
  const Value behind = column(status, row, {"Seconds_Behind_Master", "Seconds_Behind_Source"});
  if (!behind)
    return {std::nullopt, "replication stopped (" + running_states(status, row) + ")"};
  const auto seconds = util::parse_number(*behind);
  if (!seconds)
    return {std::nullopt, "lag unknown: Seconds_Behind_Master is \"" + *behind + "\""};
  return {*seconds, {}};
}

}  // namespace zdm::db::mysql
