#include "postgres_replication.hpp"

#include "zdm/util/number.hpp"

namespace zdm::db::pg {

namespace {

// A standby that has replayed everything it received is not behind, however old its last
// replayed transaction is (an idle primary sends none).
constexpr const char* kStandbyLagSql =
    "SELECT pg_is_in_recovery(), "
    "CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END";

// replay_lag is NULL for a standby that has caught up and seen no new WAL for a while:
// it is not behind. Non-superusers without pg_monitor see NULL as well.
constexpr const char* kPrimaryLagSql =
    "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM max(replay_lag)), 0) "
    "FROM pg_stat_replication";

}  // namespace

ReplicaLag replica_lag(Connection& replica) {
  const auto rows = replica.query(kStandbyLagSql);
  if (rows.empty() || rows.front().size() < 2)
    return {std::nullopt, "the server did not answer the lag query"};
  const Row& row = rows.front();
  if (row[0] != "t")
    return {std::nullopt, "not a replica (pg_is_in_recovery() is false)"};
  if (!row[1])
    return {std::nullopt, "lag unknown: the replica has replayed no transaction since it started"};
  const auto seconds = util::parse_number(*row[1]);
  if (!seconds)
    return {std::nullopt, "lag unknown: \"" + *row[1] + "\" is not a number"};
  return {*seconds, {}};
}

std::optional<ReplicasOfPrimary> replicas_of_primary(Connection& primary) {
  const auto rows = primary.query(kPrimaryLagSql);
  ReplicasOfPrimary out;
  if (rows.empty() || rows.front().size() < 2)
    return out;
  out.count = static_cast<int>(util::parse_number(rows.front()[0].value_or("0")).value_or(0));
  out.max_lag_seconds = util::parse_number(rows.front()[1].value_or("0")).value_or(0);
  return out;
}

}  // namespace zdm::db::pg
