#include "zdm/plan/identifier.hpp"

#include <gtest/gtest.h>

#include "zdm/plan/placeholders.hpp"
#include "zdm/plan/suggest.hpp"

namespace zdm::plan {
namespace {

TEST(Identifier, AcceptsLettersDigitsUnderscoreDollar) {
  const std::string longest(63, 'a');
  for (const std::string& name :
       {std::string("users"), std::string("Users"), std::string("_x"), std::string("email_address"),
        std::string("a$b"), std::string("t1"), longest}) {
    EXPECT_TRUE(is_valid_identifier(name)) << name;
  }
}

TEST(Identifier, RefusesEverythingElse) {
  for (const std::string& name :
       {std::string(), std::string(64, 'a'), std::string("1abc"), std::string("$a"),
        std::string("user-email"), std::string("a b"), std::string("a\"b"),
        std::string("users; DROP TABLE x"), std::string("caf\xc3\xa9"), std::string("a.b")}) {
    EXPECT_FALSE(is_valid_identifier(name)) << name;
  }
}

TEST(PlanName, FollowsTheFormat) {
  EXPECT_TRUE(is_valid_plan_name("users-email-address"));
  EXPECT_TRUE(is_valid_plan_name("0day_fix"));
  EXPECT_FALSE(is_valid_plan_name("-x"));
  EXPECT_FALSE(is_valid_plan_name("Users"));
  EXPECT_FALSE(is_valid_plan_name(std::string(64, 'a')));
}

TEST(Suggest, FindsTyposNotStrangers) {
  EXPECT_EQ(nearest("tabel", {"table", "column"}), "table");
  EXPECT_EQ(nearest("postgresql", {"postgres", "mysql"}), "postgres");
  EXPECT_EQ(nearest("backfil", {"expand", "backfill"}), "backfill");
  EXPECT_EQ(nearest("read-switch", {"read_switch"}), "read_switch");
  EXPECT_FALSE(nearest("zzzzzz", {"table", "column"}).has_value());
}

TEST(Placeholders, FindsNamesAndOffsets) {
  auto found = find_placeholders("a > {{phase_started_at}} AND b = {{ percent }} {{unclosed");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].name, "phase_started_at");
  EXPECT_EQ(found[0].offset, 4u);
  EXPECT_EQ(found[1].name, "percent");
}

}  // namespace
}  // namespace zdm::plan
