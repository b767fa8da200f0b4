#include "zdm/plan/environment.hpp"

#include <gtest/gtest.h>

#include <map>

namespace zdm::plan {
namespace {

EnvironmentLookup env(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

TEST(Environment, ExpandsVariablesAndDefaults) {
  auto e = expand_environment("postgresql://${USER_NAME}@${HOST:-localhost}/db",
                              env({{"USER_NAME", "app"}}));
  EXPECT_EQ(e.value, "postgresql://app@localhost/db");
  EXPECT_TRUE(e.used_environment);
  EXPECT_TRUE(e.unset_variables.empty());
}

TEST(Environment, EmptyValueTakesTheDefaultLikeTheShell) {
  EXPECT_EQ(expand_environment("${A:-x}", env({{"A", ""}})).value, "x");
  EXPECT_EQ(expand_environment("${A}", env({{"A", ""}})).value, "");
}

TEST(Environment, ReportsUnsetVariablesAndSyntax) {
  auto e = expand_environment("${A}-${B}", env({}));
  EXPECT_EQ(e.unset_variables, (std::vector<std::string>{"A", "B"}));
  EXPECT_FALSE(expand_environment("${A", env({})).syntax_error.empty());
  EXPECT_FALSE(expand_environment("${1A}", env({})).syntax_error.empty());
  EXPECT_FALSE(expand_environment("${}", env({})).syntax_error.empty());
}

TEST(Environment, DoubleDollarIsALiteral) {
  auto e = expand_environment("$${A} and $$ and $x", env({{"A", "no"}}));
  EXPECT_EQ(e.value, "${A} and $$ and $x");
  EXPECT_FALSE(e.used_environment);
}

TEST(Environment, ReferencedVariablesNeverReadValues) {
  EXPECT_EQ(referenced_variables("${A}:${B:-d}"), (std::vector<std::string>{"A", "B"}));
}

}  // namespace
}  // namespace zdm::plan
