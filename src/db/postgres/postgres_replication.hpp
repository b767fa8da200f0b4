#pragma once
// Streaming replication lag, for replica_lag gates. Private to src/db/postgres.

#include <optional>

#include "zdm/db/dialect.hpp"

namespace zdm::db::pg {

// On a standby: 0 while it has replayed all it received, else the age of the last
// transaction it replayed.
ReplicaLag replica_lag(Connection& replica);

// On the primary: pg_stat_replication's replay_lag, the largest over the connected standbys.
std::optional<ReplicasOfPrimary> replicas_of_primary(Connection& primary);

}  // namespace zdm::db::pg
