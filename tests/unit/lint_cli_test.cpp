// zdm lint, and lint inside zdm validate, as CI calls them: formats, --fail-on, exit codes.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "run_process.hpp"
#include "zdm/lint/rule.hpp"

namespace zdm {
namespace {

using test::run_zdm;

const std::string kLintPlans = ZDM_SOURCE_DIR "/tests/plans/lint/";
const std::string kUnsafe = kLintPlans + "pg-unsafe.yaml";
const std::string kWarningsOnly = kLintPlans + "warnings-only.yaml";

std::vector<std::string> example_plans() {
  std::vector<std::string> plans;
  for (const auto& entry : std::filesystem::directory_iterator(ZDM_SOURCE_DIR "/plans")) {
    if (entry.path().extension() == ".yaml")
      plans.push_back(entry.path().string());
  }
  std::sort(plans.begin(), plans.end());
  return plans;
}

TEST(LintCli, EveryExamplePlanLintsCleanEvenAtFailOnWarning) {
  auto args = std::vector<std::string>{"lint", "--fail-on", "warning"};
  const auto plans = example_plans();
  args.insert(args.end(), plans.begin(), plans.end());
  const auto result = run_zdm(args, {"FLAG_TOKEN=t"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("zdm lint: 0 errors, 0 warnings"), std::string::npos) << result.out;
}

TEST(LintCli, EverySuppressionInTheExamplePlansGivesItsReason) {
  auto args = std::vector<std::string>{"lint", "--format", "json"};
  const auto plans = example_plans();
  args.insert(args.end(), plans.begin(), plans.end());
  const auto json = nlohmann::json::parse(run_zdm(args, {"FLAG_TOKEN=t"}).out);
  for (const auto& plan : json["plans"]) {
    for (const auto& finding : plan["findings"]) {
      ASSERT_FALSE(finding["suppressed"].is_null()) << finding.dump();
      EXPECT_GE(finding["suppressed"]["reason"].get<std::string>().size(), 20u) << finding.dump();
    }
  }
}

TEST(LintCli, ErrorsExit4AndFailOnDecidesTheThreshold) {
  const auto errors = run_zdm({"lint", kUnsafe});
  EXPECT_EQ(errors.exit_code, 4) << errors.err;
  EXPECT_NE(errors.out.find(":11:16: error: PG103 pg-index-without-concurrently:"),
            std::string::npos)
      << errors.out;
  EXPECT_NE(errors.out.find("(1 suppressed)"), std::string::npos) << errors.out;
  EXPECT_EQ(run_zdm({"lint", "--fail-on", "never", kUnsafe}).exit_code, 0);
  EXPECT_EQ(run_zdm({"lint", kWarningsOnly}).exit_code, 0);
  EXPECT_EQ(run_zdm({"lint", "--fail-on", "warning", kWarningsOnly}).exit_code, 4);
  EXPECT_EQ(run_zdm({"lint", "--fail-on", "sometimes", kWarningsOnly}).exit_code, 2);
}

TEST(LintCli, AnInvalidPlanExits2WithItsErrorsAsFindings) {
  const auto result = run_zdm({"lint", "--format", "github",
                               ZDM_SOURCE_DIR "/tests/plans/bad/013-unknown-key-top-level.yaml"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.out.find("title=ZDM000 invalid-plan::"), std::string::npos) << result.out;
}

TEST(LintCli, ServerVersionIsCheckedAgainstThePlanAndNamedInFindings) {
  const auto wrong = run_zdm({"lint", "--server-version", "mariadb-10.6", kUnsafe});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("--server-version mariadb-10.6 is not a version of the postgres"),
            std::string::npos)
      << wrong.err;
  const auto old = run_zdm({"lint", "--server-version", "14.9", kUnsafe});
  EXPECT_NE(old.out.find("for PostgreSQL 14.9, from --server-version"), std::string::npos)
      << old.out;
}

TEST(LintCli, EachFormatPrintsItsOwnDocument) {
  const auto json = nlohmann::json::parse(run_zdm({"lint", "--format", "json", kUnsafe}).out);
  EXPECT_EQ(json["kind"], "zdm.lint");
  EXPECT_TRUE(json["failed"].get<bool>());
  const auto gitlab = nlohmann::json::parse(run_zdm({"lint", "--format", "gitlab", kUnsafe}).out);
  EXPECT_TRUE(gitlab.is_array());
  EXPECT_GE(gitlab.size(), 4u);
  const auto sarif = nlohmann::json::parse(run_zdm({"lint", "--format", "sarif", kUnsafe}).out);
  EXPECT_EQ(sarif["version"], "2.1.0");
  const auto github = run_zdm({"lint", "--format", "github", kUnsafe});
  EXPECT_NE(github.out.find("::error file="), std::string::npos);
  EXPECT_NE(github.out.find("::warning file="), std::string::npos);
  const auto mysql = run_zdm({"lint", kLintPlans + "mysql-unsafe.yaml"});
  EXPECT_NE(mysql.out.find("MY101"), std::string::npos) << mysql.out;
  EXPECT_NE(mysql.out.find("MY103"), std::string::npos) << mysql.out;
}

TEST(LintCli, RulesAreListedFromTheRegistryInHelpAndListRules) {
  const auto help = run_zdm({"lint", "--help"});
  const auto list = run_zdm({"lint", "--list-rules"});
  const auto json =
      nlohmann::json::parse(run_zdm({"lint", "--list-rules", "--format", "json"}).out);
  EXPECT_EQ(json["rules"].size(), lint::all_rules().size());
  for (const auto& rule : lint::all_rules()) {
    const std::string line = std::string(rule.code) + "  " + std::string(rule.name);
    EXPECT_NE(help.out.find(line), std::string::npos) << line;
    EXPECT_NE(list.out.find(line), std::string::npos) << line;
  }
  EXPECT_EQ(run_zdm({"lint"}).exit_code, 2);
}

TEST(LintCli, ValidateRunsTheSameRulesAndExits4OnFindings) {
  const auto text = run_zdm({"validate", kUnsafe});
  EXPECT_EQ(text.exit_code, 4);
  EXPECT_NE(text.out.find(": ok: pg-unsafe"), std::string::npos) << text.out;
  EXPECT_NE(text.err.find("error: PG101 pg-volatile-default:"), std::string::npos) << text.err;
  EXPECT_EQ(run_zdm({"validate", "--fail-on", "never", kUnsafe}).exit_code, 0);
  const auto json = nlohmann::json::parse(run_zdm({"validate", "--format", "json", kUnsafe}).out);
  EXPECT_TRUE(json["valid"].get<bool>());
  EXPECT_TRUE(json["lint_failed"].get<bool>());
  EXPECT_EQ(json["plans"][0]["lint"]["server_version"], "PostgreSQL 15");
  EXPECT_GE(json["plans"][0]["lint"]["findings"].size(), 5u);
  const auto sarif = run_zdm({"validate", "--format", "sarif", kUnsafe});
  EXPECT_EQ(nlohmann::json::parse(sarif.out)["version"], "2.1.0");
  EXPECT_EQ(sarif.exit_code, 4);
}

}  // namespace
}  // namespace zdm
