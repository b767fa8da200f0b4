#pragma once
// backfill method: copy: whether the server's disk has room for the copy before it starts.
// The copy holds the table a second time until the swap, and with a binary log its rows
// are written there once more; a disk that fills up mid-copy stops the application too.

#include <optional>
#include <string>

#include "zdm/db/dialect.hpp"

namespace zdm::backfill {

// Free space a copy needs: the table, once more for the binary log when there is one,
// and a fifth again for what the statistics miss and the server's own growth.
long long copy_bytes_needed(const db::CopyRoom& room);

// Why the copy cannot start: the disk's free space is known and short of what it needs.
std::optional<std::string> copy_room_refusal(const std::string& table, const db::CopyRoom& room);

// The warning when the server does not say how much room it has, with what the copy needs.
std::string copy_room_unknown(const std::string& table, const db::CopyRoom& room);

}  // namespace zdm::backfill
