// The lint report in each format CI reads: text, zdm.lint JSON, GitHub annotations,
// GitLab Code Quality and SARIF 2.1.0.
#include <gtest/gtest.h>

#include "lint_test_support.hpp"
#include "zdm/lint/output.hpp"

namespace zdm {
namespace {

// PG103 (error), ZDM106 (warning) and a suppressed PG103.
lint::PlanLint sample(const std::string& file = "plan.yaml") {
  const std::string text =
      test::pg_expand(test::sql_step("build", "CREATE INDEX i ON users (a)") +
                      "      - sql: {up: \"CREATE INDEX j ON users (b)\", down: \"SELECT 1\"}  "
                      "# zdm-ignore: PG103 — users has 40 rows\n");
  const auto loaded = plan::load_plan_text(text, file, test::fixed_environment({}));
  return lint::lint_plan(*loaded.plan, {});
}

TEST(LintOutput, TextListsUnsuppressedFindingsAndASummary) {
  const std::string text = lint::text_report({sample()});
  EXPECT_NE(text.find("plan.yaml:10:13: error: PG103 pg-index-without-concurrently: step build "
                      "builds index i on users"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  hint: Use create_index / drop_index steps"), std::string::npos);
  EXPECT_EQ(text.find("index j"), std::string::npos);
  EXPECT_NE(text.find("zdm lint: 1 error, 1 warning (1 suppressed) in 1 plan\n"), std::string::npos)
      << text;
}

TEST(LintOutput, GithubAnnotationsAreEscapedWorkflowCommands) {
  const std::string out = lint::github_report({sample("plans/a, b: c%.yaml")});
  EXPECT_NE(out.find("::error file=plans/a%2C b%3A c%25.yaml,line=10,col=13,title=PG103 "
                     "pg-index-without-concurrently::step build builds index i"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("%0Ahint: Use create_index"), std::string::npos);
  EXPECT_NE(out.find("::warning file="), std::string::npos);
  EXPECT_EQ(out.find("index j"), std::string::npos) << "suppressed findings are not annotated";
}

TEST(LintOutput, GitlabCodeQualityHasStableUniqueFingerprints) {
  const auto report = lint::gitlab_report({sample()});
  ASSERT_EQ(report.size(), 2u);
  // Sorted by line: ZDM106 on the up: line, then PG103 on the statement's.
  EXPECT_EQ(report[1]["check_name"], "PG103 pg-index-without-concurrently");
  EXPECT_EQ(report[1]["severity"], "critical");
  EXPECT_EQ(report[0]["severity"], "minor");
  EXPECT_EQ(report[1]["location"]["path"], "plan.yaml");
  EXPECT_EQ(report[1]["location"]["lines"]["begin"], 10);
  EXPECT_NE(report[0]["fingerprint"], report[1]["fingerprint"]);
  EXPECT_EQ(report[0]["fingerprint"].get<std::string>().size(), 64u);
  // A line added above moves the finding, not its identity.
  const std::string shifted =
      "# a comment\n" + test::pg_expand(test::sql_step("build", "CREATE INDEX i ON users (a)"));
  const auto loaded = plan::load_plan_text(shifted, "plan.yaml", test::fixed_environment({}));
  const auto moved = lint::gitlab_report({lint::lint_plan(*loaded.plan, {})});
  EXPECT_EQ(moved[1]["location"]["lines"]["begin"], 11);
  EXPECT_EQ(moved[1]["fingerprint"], report[1]["fingerprint"]);
}

TEST(LintOutput, JsonIsVersionedWithFindingsRulesAndSummary) {
  const auto json = lint::json_report({sample()}, {lint::FailOn::warning});
  EXPECT_EQ(json["kind"], "zdm.lint");
  EXPECT_EQ(json["version"], 1);
  EXPECT_EQ(json["fail_on"], "warning");
  EXPECT_TRUE(json["failed"].get<bool>());
  EXPECT_EQ(json["summary"]["errors"], 1);
  EXPECT_EQ(json["summary"]["suppressed"], 1);
  EXPECT_EQ(json["rules"].size(), lint::all_rules().size());
  const auto& plan = json["plans"][0];
  EXPECT_EQ(plan["server_version"]["product"], "PostgreSQL");
  EXPECT_EQ(plan["server_version"]["version"], "15");
  EXPECT_EQ(plan["server_version"]["source"], "default");
  EXPECT_FALSE(plan["online"].get<bool>());
  const auto& findings = plan["findings"];
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0]["code"], "ZDM106");
  EXPECT_EQ(findings[1]["code"], "PG103");
  EXPECT_EQ(findings[1]["rule"], "pg-index-without-concurrently");
  EXPECT_EQ(findings[1]["severity"], "error");
  EXPECT_EQ(findings[1]["line"], 10);
  EXPECT_EQ(findings[1]["column"], 13);
  EXPECT_EQ(findings[1]["phase"], "expand");
  EXPECT_EQ(findings[1]["step"], "build");
  EXPECT_EQ(findings[1]["table"], "users");
  EXPECT_TRUE(findings[1]["suppressed"].is_null());
  EXPECT_EQ(findings[2]["suppressed"]["reason"], "users has 40 rows");
}

TEST(LintOutput, SarifHasRulesResultsLocationsAndSuppressions) {
  const auto sarif = lint::sarif_report({sample("plans/my plan.yaml")});
  EXPECT_EQ(sarif["version"], "2.1.0");
  const auto& run = sarif["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "zdm");
  const auto& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), lint::all_rules().size());
  const auto& results = run["results"];
  ASSERT_EQ(results.size(), 3u);
  const auto& first = results[1];
  EXPECT_EQ(first["ruleId"], "PG103");
  EXPECT_EQ(rules[first["ruleIndex"].get<size_t>()]["id"], "PG103");
  EXPECT_EQ(first["level"], "error");
  const auto& location = first["locations"][0]["physicalLocation"];
  EXPECT_EQ(location["artifactLocation"]["uri"], "plans/my%20plan.yaml");
  EXPECT_EQ(location["region"]["startLine"], 10);
  EXPECT_EQ(location["region"]["startColumn"], 13);
  EXPECT_FALSE(first.contains("suppressions"));
  EXPECT_EQ(results[2]["suppressions"][0]["kind"], "inSource");
  EXPECT_EQ(results[2]["suppressions"][0]["justification"], "users has 40 rows");
  EXPECT_EQ(run["properties"]["plans"][0]["serverVersion"], "PostgreSQL 15");
}

TEST(LintZDM000, FiresForAPlanThatDoesNotLoadInEveryFormat) {
  const auto loaded = test::load("zdm: 1\nname: x\n");
  ASSERT_FALSE(loaded.ok());
  const auto invalid = lint::invalid_plan("plan.yaml", loaded.diagnostics);
  ASSERT_FALSE(invalid.findings.empty());
  EXPECT_EQ(invalid.findings[0].rule->code, "ZDM000");
  EXPECT_FALSE(invalid.valid);
  EXPECT_NE(lint::github_report({invalid}).find("::error file=plan.yaml"), std::string::npos);
  EXPECT_TRUE(lint::reaches({invalid}, lint::FailOn::error));
}

TEST(LintZDM000, QuietForAPlanThatLoads) {
  const auto loaded = test::load(test::kMinimalPlan);
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(lint::invalid_plan("plan.yaml", loaded.diagnostics).findings.empty());
  EXPECT_FALSE(test::fires(lint::lint_plan(*loaded.plan, {}), "ZDM000"));
}

}  // namespace
}  // namespace zdm
