#include "mysql_copy_room.hpp"

namespace zdm::db::mysql {

namespace {

// One row also for a table that does not exist yet (one expand creates): its size is 0.
constexpr const char* kTableSize =
    "SELECT COALESCE((SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES "
    "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?), 0), @@log_bin, @@datadir";

// The mount point that holds the data directory: the longest path that is it or one of
// its parents ("/var" does not hold "/var2/mysql").
constexpr const char* kDiskOfDataDirectory =
    "SELECT PATH, AVAILABLE FROM information_schema.DISKS "
    "WHERE PATH = '/' OR ? = PATH OR LEFT(?, LENGTH(PATH) + 1) = CONCAT(PATH, '/') "
    "ORDER BY LENGTH(PATH) DESC LIMIT 1";

constexpr long long kBytesPerKib = 1024;

// Without FILE the plugin's table is empty; without the plugin it is not there at all.
constexpr const char* kHowToLetZdmCheck =
    ": the disks plugin (INSTALL SONAME 'disks') and the FILE privilege let zdm check";

void read_free_space(Connection& connection, const std::string& data_directory, CopyRoom& room) {
  try {
    const auto rows = connection.query(kDiskOfDataDirectory, {data_directory, data_directory});
    if (rows.empty() || !rows.front()[1]) {
      room.unknown_because =
          "information_schema.DISKS shows no disk for " + data_directory + kHowToLetZdmCheck;
      return;
    }
    room.disk = rows.front()[0].value_or("");
    room.free_bytes = std::stoll(*rows.front()[1]) * kBytesPerKib;
  } catch (const DbError& error) {
    room.unknown_because = std::string("information_schema.DISKS cannot be read (") + error.what() +
                           ")" + kHowToLetZdmCheck;
  }
}

}  // namespace

CopyRoom copy_room(Connection& connection, const std::string& table) {
  CopyRoom room;
  const auto rows = connection.query(kTableSize, {table});
  room.table_bytes = std::stoll(rows.front()[0].value_or("0"));
  room.binary_log = rows.front()[1] == std::optional<std::string>("1");
  read_free_space(connection, rows.front()[2].value_or(""), room);
  return room;
}

}  // namespace zdm::db::mysql
