#include "zdm/backfill/copy_room.hpp"

#include "zdm/util/human_text.hpp"

namespace zdm::backfill {

namespace {

constexpr long long kHeadroomPercent = 20;

std::string needed_text(const db::CopyRoom& room) {
  return "about " + util::format_bytes(copy_bytes_needed(room)) + " (the table's " +
         util::format_bytes(room.table_bytes) +
         (room.binary_log ? ", again in the binary log" : "") + ", and " +
         std::to_string(kHeadroomPercent) + " % headroom)";
}

}  // namespace

long long copy_bytes_needed(const db::CopyRoom& room) {
  const long long copies = room.binary_log ? 2 : 1;
  return room.table_bytes * copies * (100 + kHeadroomPercent) / 100;
}

std::optional<std::string> copy_room_refusal(const std::string& table, const db::CopyRoom& room) {
  if (!room.free_bytes || *room.free_bytes >= copy_bytes_needed(room))
    return std::nullopt;
  return "the copy of " + table + " needs " + needed_text(room) + " of free disk, and the disk " +
         room.disk + " that holds the server's data has " + util::format_bytes(*room.free_bytes);
}

std::string copy_room_unknown(const std::string& table, const db::CopyRoom& room) {
  return table + ": the copy needs " + needed_text(room) +
         " of free disk on the server; zdm cannot check it: " + room.unknown_because;
}

}  // namespace zdm::backfill
