#include "zdm/plan/expectation.hpp"

#include <gtest/gtest.h>

namespace zdm::plan {
namespace {

TEST(Expectation, ParsesEveryOperator) {
  EXPECT_TRUE(parse_expectation("= 0")->holds(0));
  EXPECT_FALSE(parse_expectation("= 0")->holds(1));
  EXPECT_TRUE(parse_expectation("== 3")->holds(3));
  EXPECT_TRUE(parse_expectation("!= 0")->holds(2));
  EXPECT_TRUE(parse_expectation("<> 0")->holds(2));
  EXPECT_TRUE(parse_expectation("< 0.05")->holds(0.04));
  EXPECT_FALSE(parse_expectation("< 0.05")->holds(0.05));
  EXPECT_TRUE(parse_expectation("<= 0.05")->holds(0.05));
  EXPECT_TRUE(parse_expectation("> -1")->holds(0));
  EXPECT_TRUE(parse_expectation(">=100")->holds(100));
  EXPECT_TRUE(parse_expectation(">= 1e3")->holds(1000));
}

TEST(Expectation, BaselineRelative) {
  auto e = parse_expectation("<= 2x baseline");
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->relative_to_baseline);
  EXPECT_TRUE(e->holds(19, 10.0));
  EXPECT_TRUE(e->holds(20, 10.0));
  EXPECT_FALSE(e->holds(21, 10.0));  // the seed's rule: p95 may not double
  EXPECT_TRUE(parse_expectation("< 1.5 x baseline")->relative_to_baseline);
}

TEST(Expectation, RefusesMalformed) {
  for (const char* text : {"", "0", "=", "= zero", "=< 1", "= 1 2", "~ 1", "<= 2x", "<= baseline",
                           "= nan", "= 1e999"}) {
    EXPECT_FALSE(parse_expectation(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace zdm::plan
