// The SQL of a backfill chunk on both dialects: keyset bounds (row comparison on
// PostgreSQL, expanded on MySQL), a thread's range on the key's first column, ctid pages,
// and the filter that leaves rows already right alone. Values are always bound.
#include "zdm/engine/backfill_sql.hpp"

#include <gtest/gtest.h>

namespace zdm::engine {
namespace {

plan::BackfillTable users_entry() {
  plan::BackfillTable entry;
  entry.table = "users";
  entry.set = {plan::ColumnAssignment{"email_address", "lower(email)", {}}};
  entry.where_sql = "email IS NOT NULL";
  return entry;
}

std::unique_ptr<db::Dialect> dialect(db::DriverKind driver) {
  return db::make_dialect(driver, "public", "zdm");
}

TEST(BackfillSql, ChunkEndWalksTheIndexFromTheCursorWithinTheRange) {
  const auto pg = dialect(db::DriverKind::postgres);
  const auto sql =
      chunk_end_query(*pg, "users", {"tenant", "id"}, {100, 200}, KeyValues{"150", "7"}, 500);
  EXPECT_EQ(sql.sql,
            "SELECT \"tenant\", \"id\" FROM \"public\".\"users\" WHERE ((\"tenant\", \"id\") > "
            "($1, $2)) AND ((\"tenant\") > ($3)) AND ((\"tenant\") <= ($4)) ORDER BY \"tenant\", "
            "\"id\" LIMIT 1 OFFSET 499");
  EXPECT_EQ(sql.params, (std::vector<db::Value>{"150", "7", "100", "200"}));
}

TEST(BackfillSql, ACopyChunkLocksItsRowsThenCopiesThemWithTheSameBounds) {
  const auto my = dialect(db::DriverKind::mysql);
  db::TableCopy copy;
  copy.chunk_lock = "SELECT count(*) FROM `users`";
  copy.lock_suffix = " LOCK IN SHARE MODE";
  copy.chunk_insert = "INSERT INTO `s` (`id`) SELECT `id` FROM `users`";
  copy.chunk_suffix = " LOCK IN SHARE MODE SKIP LOCKED";
  const auto chunk = keyset_chunk_copy(*my, copy, {"id"}, {}, KeyValues{"7"}, KeyValues{"107"});
  ASSERT_EQ(chunk.size(), 2u);
  EXPECT_EQ(chunk[0].sql,
            "SELECT count(*) FROM `users` WHERE (`id` > ?) AND (`id` <= ?) LOCK IN SHARE MODE");
  EXPECT_EQ(chunk[1].sql,
            "INSERT INTO `s` (`id`) SELECT `id` FROM `users` WHERE (`id` > ?) AND (`id` <= ?) "
            "LOCK IN SHARE MODE SKIP LOCKED");
  for (const auto& statement : chunk)
    EXPECT_EQ(statement.params, (std::vector<db::Value>{"7", "107"}));
}

TEST(BackfillSql, ACopyChunkWithoutALockStatementIsTheInsertAlone) {
  const auto my = dialect(db::DriverKind::mysql);
  db::TableCopy copy;
  copy.chunk_insert = "INSERT INTO `s` (`id`) SELECT `id` FROM `users`";
  copy.chunk_suffix = " LOCK IN SHARE MODE";
  const auto chunk = keyset_chunk_copy(*my, copy, {"id"}, {}, KeyValues{"7"}, KeyValues{"107"});
  ASSERT_EQ(chunk.size(), 1u);
  EXPECT_EQ(chunk[0].sql,
            "INSERT INTO `s` (`id`) SELECT `id` FROM `users` WHERE (`id` > ?) AND (`id` <= ?) "
            "LOCK IN SHARE MODE");
  EXPECT_EQ(chunk[0].params, (std::vector<db::Value>{"7", "107"}));
}

TEST(BackfillSql, MysqlExpandsTheCompositeComparison) {
  const auto my = dialect(db::DriverKind::mysql);
  const auto sql = keyset_chunk_update(*my, users_entry(), {"tenant", "id"}, {},
                                       KeyValues{"1", "10"}, KeyValues{"2", "5"});
  EXPECT_EQ(sql.sql,
            "UPDATE `users` SET `email_address` = (lower(email)) WHERE (((`tenant` > ?) OR "
            "(`tenant` = ? AND `id` > ?))) AND (((`tenant` < ?) OR (`tenant` = ? AND `id` <= "
            "?))) AND (email IS NOT NULL) AND (NOT (`email_address` <=> (lower(email))))");
  EXPECT_EQ(sql.params, (std::vector<db::Value>{"1", "1", "10", "2", "2", "5"}));
}

TEST(BackfillSql, TheLastChunkOfARangeStopsAtTheRangesEnd) {
  const auto pg = dialect(db::DriverKind::postgres);
  const auto sql =
      keyset_chunk_update(*pg, users_entry(), {"id"}, {std::nullopt, 5000}, KeyValues{"4990"}, {});
  EXPECT_EQ(sql.sql,
            "UPDATE \"public\".\"users\" SET \"email_address\" = (lower(email)) WHERE ((\"id\") > "
            "($1)) AND ((\"id\") <= ($2)) AND (email IS NOT NULL) AND (\"email_address\" IS "
            "DISTINCT FROM (lower(email)))");
  EXPECT_EQ(sql.params, (std::vector<db::Value>{"4990", "5000"}));
}

TEST(BackfillSql, PagesAreCtidRangesOnPostgres) {
  const auto pg = dialect(db::DriverKind::postgres);
  const auto sql = page_chunk_update(*pg, users_entry(), 8, 16);
  EXPECT_EQ(sql.sql,
            "UPDATE \"public\".\"users\" SET \"email_address\" = (lower(email)) WHERE (ctid >= "
            "$1::tid AND ctid < $2::tid) AND (email IS NOT NULL) AND (\"email_address\" IS "
            "DISTINCT FROM (lower(email)))");
  EXPECT_EQ(sql.params, (std::vector<db::Value>{"(8,0)", "(16,0)"}));
  EXPECT_THROW(page_chunk_update(*dialect(db::DriverKind::mysql), users_entry(), 0, 8),
               std::logic_error);
}

TEST(BackfillSql, RowsLeftCountsOnlyAfterTheCursor) {
  const auto my = dialect(db::DriverKind::mysql);
  const auto sql = rows_left_query(*my, "users", {"id"}, {10, std::nullopt}, KeyValues{"99"});
  EXPECT_EQ(sql.sql, "SELECT count(*) FROM `users` WHERE (`id` > ?) AND (`id` > ?)");
  EXPECT_EQ(sql.params, (std::vector<db::Value>{"99", "10"}));
}

}  // namespace
}  // namespace zdm::engine
