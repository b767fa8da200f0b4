// Which rows order a backfill: the plan's key if it identifies rows, else the primary key,
// else the narrowest unique NOT NULL index, else ctid pages where the server has them.
#include "zdm/backfill/key_choice.hpp"

#include <gtest/gtest.h>

namespace zdm::backfill {
namespace {

db::ColumnSchema column(std::string name, bool nullable) {
  db::ColumnSchema out;
  out.name = std::move(name);
  out.type = "bigint";
  out.nullable = nullable;
  return out;
}

db::IndexSchema index(std::string name, std::vector<std::string> columns, bool unique,
                      bool primary = false, std::string definition = "") {
  db::IndexSchema out;
  out.name = std::move(name);
  out.columns = std::move(columns);
  out.unique = unique;
  out.primary = primary;
  out.definition = std::move(definition);
  return out;
}

db::TableSchema events_table() {
  db::TableSchema table;
  table.table = "events";
  table.exists = true;
  table.columns = {column("tenant", false), column("seq", false), column("uuid", false),
                   column("email", true)};
  return table;
}

KeyChoice chosen(const std::variant<KeyChoice, KeyProblem>& result) {
  if (const auto* problem = std::get_if<KeyProblem>(&result))
    ADD_FAILURE() << problem->message;
  return std::get<KeyChoice>(result);
}

std::string refused(const std::variant<KeyChoice, KeyProblem>& result) {
  EXPECT_TRUE(std::holds_alternative<KeyProblem>(result));
  return std::holds_alternative<KeyProblem>(result) ? std::get<KeyProblem>(result).message : "";
}

TEST(KeyChoice, ThePrimaryKeyByDefaultCompositeInIndexOrder) {
  auto table = events_table();
  table.indexes = {index("events_uuid", {"uuid"}, true),
                   index("events_pkey", {"tenant", "seq"}, true, true)};
  const auto key = chosen(choose_key(table, {}, false));
  EXPECT_EQ(key.paging, Paging::keyset);
  EXPECT_EQ(key.key, (std::vector<std::string>{"tenant", "seq"}));
  EXPECT_EQ(key.source, "primary key");
}

TEST(KeyChoice, WithoutAPrimaryKeyTheNarrowestUniqueNotNullIndex) {
  auto table = events_table();
  table.indexes = {index("events_tenant_seq", {"tenant", "seq"}, true),
                   index("events_uuid", {"uuid"}, true), index("events_email", {"email"}, true),
                   index("events_seq", {"seq"}, false)};
  const auto key = chosen(choose_key(table, {}, false));
  EXPECT_EQ(key.key, std::vector<std::string>{"uuid"});
  EXPECT_EQ(key.source, "unique index events_uuid");
}

TEST(KeyChoice, ThePlansKeyNamesAUniqueNotNullIndex) {
  auto table = events_table();
  table.indexes = {index("events_pkey", {"seq"}, true, true), index("events_uuid", {"uuid"}, true)};
  EXPECT_EQ(chosen(choose_key(table, {"uuid"}, false)).key, std::vector<std::string>{"uuid"});
}

TEST(KeyChoice, ThePlansKeyMustIdentifyRows) {
  auto table = events_table();
  table.indexes = {index("events_email", {"email"}, true), index("events_seq", {"seq"}, false),
                   index("events_tenant_seq", {"tenant", "seq"}, true),
                   index("events_uuid_live", {"uuid"}, true, false,
                         "CREATE UNIQUE INDEX events_uuid_live ON events (uuid) WHERE live")};
  EXPECT_NE(refused(choose_key(table, {"email"}, true)).find("allows NULLs"), std::string::npos);
  EXPECT_NE(refused(choose_key(table, {"seq"}, true)).find("not the primary key nor a unique"),
            std::string::npos);
  EXPECT_NE(refused(choose_key(table, {"seq", "tenant"}, true)).find("not in the order"),
            std::string::npos);
  EXPECT_NE(refused(choose_key(table, {"uuid"}, true)).find("only part of the table"),
            std::string::npos);
}

TEST(KeyChoice, NoKeyPagesByCtidWhereTheServerCan) {
  auto table = events_table();
  table.indexes = {index("events_email", {"email"}, true)};  // nullable: no key
  const auto key = chosen(choose_key(table, {}, true));
  EXPECT_EQ(key.paging, Paging::pages);
  EXPECT_TRUE(key.key.empty());
}

TEST(KeyChoice, NoKeyIsRefusedWithTheFixWhereTheServerCannotPage) {
  auto table = events_table();
  const auto result = choose_key(table, {}, false);
  ASSERT_TRUE(std::holds_alternative<KeyProblem>(result));
  const auto& problem = std::get<KeyProblem>(result);
  EXPECT_NE(problem.message.find("events has no primary key"), std::string::npos);
  EXPECT_NE(problem.hint.find("PRIMARY KEY"), std::string::npos);
  EXPECT_NE(problem.hint.find("key:"), std::string::npos);
}

TEST(KeyChoice, AnInvalidIndexIsNoKey) {
  auto table = events_table();
  auto broken = index("events_uuid", {"uuid"}, true);
  broken.valid = false;  // a failed CREATE UNIQUE INDEX CONCURRENTLY
  table.indexes = {broken};
  EXPECT_EQ(chosen(choose_key(table, {}, true)).paging, Paging::pages);
}

}  // namespace
}  // namespace zdm::backfill
