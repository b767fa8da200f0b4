#pragma once
// What a copy of a table needs on a MySQL/MariaDB server's disk and what the disk has.
// Private to src/db/mysql.

#include <string>

#include "zdm/db/dialect.hpp"

namespace zdm::db::mysql {

// The table's size (information_schema.TABLES) and the free space of the disk that holds
// the data directory, from information_schema.DISKS: MariaDB's disks plugin, read with the
// FILE privilege. Without either, free_bytes is unknown and unknown_because says why.
CopyRoom copy_room(Connection& connection, const std::string& table);

}  // namespace zdm::db::mysql
