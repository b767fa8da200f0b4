// What the loader suggests: the plan spelling of a duration, why a name is not an identifier.
#include <gtest/gtest.h>

#include "zdm/plan/duration.hpp"
#include "zdm/plan/identifier.hpp"

namespace zdm {
namespace {

TEST(PlanHints, DurationsWrittenOtherwiseGetTheirPlanSpelling) {
  EXPECT_EQ(plan::suggest_duration("5 minutes"), "5m");
  EXPECT_EQ(plan::suggest_duration("1.5s"), "1s500ms");
  EXPECT_EQ(plan::suggest_duration("1.5h"), "1h30m");
  EXPECT_EQ(plan::suggest_duration("2 Hours"), "2h");
  EXPECT_EQ(plan::suggest_duration("1d"), "24h");
  EXPECT_EQ(plan::suggest_duration("30 sec"), "30s");
  EXPECT_EQ(plan::suggest_duration("0.5ms"), std::nullopt);  // below the resolution
  EXPECT_EQ(plan::suggest_duration("0s"), std::nullopt);
  EXPECT_EQ(plan::suggest_duration("soon"), std::nullopt);
  EXPECT_EQ(plan::suggest_duration("5 fortnights"), std::nullopt);
}

TEST(PlanHints, IdentifierProblemSaysWhatIsWrong) {
  EXPECT_EQ(plan::identifier_problem("users"), "");
  EXPECT_EQ(plan::identifier_problem("_x$1"), "");
  EXPECT_EQ(plan::identifier_problem(""), "it is empty");
  EXPECT_EQ(plan::identifier_problem("2fa"), "it starts with a digit");
  EXPECT_EQ(plan::identifier_problem("$x"), "it starts with \"$\"");
  EXPECT_EQ(plan::identifier_problem("user-accounts"), "it contains \"-\"");
  EXPECT_EQ(plan::identifier_problem("a b"), "it contains a space");
  EXPECT_EQ(plan::identifier_problem("caf\xc3\xa9"),
            "it contains a control or non-ASCII character");
  EXPECT_EQ(plan::identifier_problem(std::string(64, 'a')), "it is 64 bytes long, the limit is 63");
  EXPECT_TRUE(plan::is_valid_identifier(std::string(63, 'a')));
}

}  // namespace
}  // namespace zdm
