// `# zdm-ignore: RULE — reason` comments: where they apply, and ZDM107 for malformed ones.
#include <gtest/gtest.h>

#include "lint_test_support.hpp"

namespace zdm {
namespace {

using test::fires;
using test::lint_text;
using test::only;

const lint::Finding* suppressed(const lint::PlanLint& result, const std::string& code) {
  for (const auto& finding : result.findings) {
    if (finding.rule->code == code && finding.suppressed)
      return &finding;
  }
  return nullptr;
}

const std::string kIndex = "CREATE INDEX i ON users (a)";

TEST(LintSuppression, ATrailingCommentOnTheFindingsLineSilencesIt) {
  const auto result = lint_text(test::pg_expand(
      "      - sql: {up: \"" + kIndex +
      "\", down: \"DROP INDEX CONCURRENTLY i\"}  # zdm-ignore: PG103 — users has 40 rows\n"));
  const auto* finding = suppressed(result, "PG103");
  ASSERT_NE(finding, nullptr) << test::describe(result);
  EXPECT_EQ(finding->suppressed->reason, "users has 40 rows");
  EXPECT_EQ(finding->suppressed->line, 7);
  EXPECT_FALSE(lint::reaches({result}, lint::FailOn::error));
  EXPECT_EQ(lint::count({result}).suppressed, 1);
}

TEST(LintSuppression, CommentLinesAboveTheStepOrOnTheValueLineApplyToBlockScalars) {
  const auto above = lint_text(test::pg_expand(
      "      # Built while the table is new in production.\n"
      "      # zdm-ignore: pg-index-without-concurrently, ZDM106 - users is empty until launch\n" +
      test::sql_step("s", kIndex)));
  EXPECT_NE(suppressed(above, "PG103"), nullptr) << test::describe(above);
  EXPECT_NE(suppressed(above, "ZDM106"), nullptr) << test::describe(above);
  const auto on_value = lint_text(test::pg_expand(
      "      - name: s\n        sql:\n          up: |  # zdm-ignore: PG103 -- tiny table\n"
      "            " +
      kIndex + "\n          down: \"DROP INDEX CONCURRENTLY i\"\n"));
  EXPECT_NE(suppressed(on_value, "PG103"), nullptr) << test::describe(on_value);
}

TEST(LintSuppression, AReasonMayGoOnInIndentedCommentLinesBelow) {
  const auto result = lint_text(
      test::pg_expand("      # zdm-ignore: PG103 — users is\n      #   empty until launch\n" +
                      test::sql_step("s", kIndex, "SELECT 1")));
  const auto* finding = suppressed(result, "PG103");
  ASSERT_NE(finding, nullptr) << test::describe(result);
  EXPECT_EQ(finding->suppressed->reason, "users is empty until launch");
}

TEST(LintSuppression, AnIgnoreForAnotherRuleOrSeparatedByALineDoesNotApply) {
  const auto other_rule = lint_text(test::pg_expand("      # zdm-ignore: PG104 — not this one\n" +
                                                    test::sql_step("s", kIndex, "SELECT 1")));
  EXPECT_TRUE(fires(other_rule, "PG103"));
  const auto separated =
      lint_text(test::pg_expand("      # zdm-ignore: PG103 — too far away\n"
                                "      - add_column: {table: users, column: c, type: int}\n" +
                                test::sql_step("s", kIndex, "SELECT 1")));
  EXPECT_TRUE(fires(separated, "PG103"));
}

TEST(LintSuppression, AHashInsideABlockScalarIsSqlNotAnIgnoreComment) {
  const auto result = lint_text(test::mysql_expand(test::sql_step(
      "s",
      "# zdm-ignore: MY101 — a MySQL comment, not YAML's\nALTER TABLE t ADD c int, ALGORITHM=COPY",
      "SELECT 1")));
  EXPECT_TRUE(fires(result, "MY101")) << test::describe(result);
  EXPECT_FALSE(fires(result, "ZDM107"));
}

TEST(LintZDM107, FiresOnIgnoresWithoutReasonRuleOrColonAndOnUnknownRules) {
  const auto result =
      lint_text(test::pg_expand("      # zdm-ignore: PG103\n"
                                "      # zdm-ignore: PG999 — no such rule\n"
                                "      # zdm-ignore PG103 — no colon\n"
                                "      # zdm-ignore: — nothing named\n"
                                "      # zdm-ignore: ZDM107 — cannot be ignored\n" +
                                test::sql_step("s", kIndex, "SELECT 1")));
  const auto problems = test::findings_of(result, "ZDM107");
  ASSERT_EQ(problems.size(), 5u) << test::describe(result);
  EXPECT_NE(problems[0].message.find("gives no reason"), std::string::npos);
  EXPECT_EQ(problems[0].at.line, 7);
  EXPECT_EQ(problems[0].at.column, 7);
  EXPECT_NE(problems[1].message.find("unknown rule \"PG999\""), std::string::npos);
  EXPECT_NE(problems[2].message.find("needs a colon"), std::string::npos);
  EXPECT_NE(problems[3].message.find("names no rule"), std::string::npos);
  EXPECT_NE(problems[4].message.find("cannot be ignored"), std::string::npos);
  EXPECT_EQ(problems[0].severity, plan::Severity::warning);
  EXPECT_TRUE(fires(result, "PG103")) << "a malformed ignore silences nothing";
}

TEST(LintZDM107, QuietForWellFormedIgnoresAndOrdinaryComments) {
  const auto result =
      lint_text(test::pg_expand("      # an ordinary comment mentioning zdm\n"
                                "      # zdm-ignore: PG103 — ok\n" +
                                test::sql_step("s", kIndex, "SELECT 1")));
  EXPECT_FALSE(fires(result, "ZDM107")) << test::describe(result);
}

}  // namespace
}  // namespace zdm
