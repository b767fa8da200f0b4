// Whether the server's disk has room for a backfill by copy: the table once, once more
// with a binary log, and 20 % headroom; refused only when the free space is known.
#include "zdm/backfill/copy_room.hpp"

#include <gtest/gtest.h>

namespace zdm::backfill {
namespace {

constexpr long long kMiB = 1024 * 1024;

db::CopyRoom room(long long table_bytes, std::optional<long long> free_bytes,
                  bool binary_log = false) {
  db::CopyRoom out;
  out.table_bytes = table_bytes;
  out.free_bytes = free_bytes;
  out.binary_log = binary_log;
  out.disk = "/var/lib/mysql";
  return out;
}

TEST(CopyRoom, NeedsTheTableOnceMoreForTheBinaryLogAndAFifthAgain) {
  EXPECT_EQ(copy_bytes_needed(room(100 * kMiB, std::nullopt)), 120 * kMiB);
  EXPECT_EQ(copy_bytes_needed(room(100 * kMiB, std::nullopt, true)), 240 * kMiB);
  EXPECT_EQ(copy_bytes_needed(room(0, std::nullopt)), 0);
}

TEST(CopyRoom, RefusesADiskShortOfRoomAndSaysHowShort) {
  EXPECT_EQ(copy_room_refusal("users", room(100 * kMiB, 120 * kMiB)), std::nullopt);
  const auto refusal = copy_room_refusal("users", room(100 * kMiB, 120 * kMiB - 1));
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(*refusal,
            "the copy of users needs about 120.0 MiB (the table's 100.0 MiB, and 20 % headroom) "
            "of free disk, and the disk /var/lib/mysql that holds the server's data has "
            "120.0 MiB");
  const auto with_log = copy_room_refusal("users", room(100 * kMiB, 200 * kMiB, true));
  ASSERT_TRUE(with_log.has_value());
  EXPECT_NE(with_log->find("about 240.0 MiB (the table's 100.0 MiB, again in the binary log"),
            std::string::npos)
      << *with_log;
}

TEST(CopyRoom, AnUnknownFreeSpaceIsNoRefusalButIsSaidWithWhatTheCopyNeeds) {
  db::CopyRoom unknown = room(10 * kMiB, std::nullopt);
  unknown.unknown_because = "information_schema.DISKS cannot be read";
  EXPECT_EQ(copy_room_refusal("users", unknown), std::nullopt);
  EXPECT_EQ(copy_room_unknown("users", unknown),
            "users: the copy needs about 12.0 MiB (the table's 10.0 MiB, and 20 % headroom) of "
            "free disk on the server; zdm cannot check it: information_schema.DISKS cannot be "
            "read");
}

}  // namespace
}  // namespace zdm::backfill
