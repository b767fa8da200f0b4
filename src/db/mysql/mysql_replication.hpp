#pragma once
// Replication lag on a MariaDB/MySQL replica, for replica_lag gates. Private to
// src/db/mysql.

#include "zdm/db/dialect.hpp"

namespace zdm::db::mysql {

// SHOW SLAVE STATUS on the replica: Seconds_Behind_Master (Seconds_Behind_Source on
// MySQL); NULL there means replication is stopped.
ReplicaLag replica_lag(Connection& replica);

}  // namespace zdm::db::mysql
