// The zdm binary as CI and operators call it: exit codes, help, refusal of bad flags.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_process.hpp"
#include "zdm/version.hpp"

namespace zdm {
namespace {

using test::run_zdm;

std::vector<std::string> example_plans() {
  std::vector<std::string> plans;
  for (const auto& entry : std::filesystem::directory_iterator(ZDM_SOURCE_DIR "/plans")) {
    if (entry.path().extension() == ".yaml")
      plans.push_back(entry.path().string());
  }
  std::sort(plans.begin(), plans.end());
  return plans;
}

TEST(Cli, VersionAndHelp) {
  auto version = run_zdm({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out, std::string("zdm ") + kVersion + "\n");
  auto help = run_zdm({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("validate"), std::string::npos);
  EXPECT_NE(help.out.find("Exit codes"), std::string::npos);
  auto command_help = run_zdm({"help", "validate"});
  EXPECT_EQ(command_help.exit_code, 0);
  EXPECT_NE(command_help.out.find("--format"), std::string::npos);
}

TEST(Cli, UsageErrorsExit2) {
  EXPECT_EQ(run_zdm({}).exit_code, 2);
  EXPECT_EQ(run_zdm({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(run_zdm({"help", "frobnicate"}).exit_code, 2);
  auto unknown_flag = run_zdm({"validate", "--no-such-flag", "x.yaml"});
  EXPECT_EQ(unknown_flag.exit_code, 2);
  EXPECT_NE(unknown_flag.err.find("--no-such-flag"), std::string::npos);
  EXPECT_EQ(run_zdm({"validate"}).exit_code, 2);
  EXPECT_EQ(run_zdm({"validate", "--format", "xml", "x.yaml"}).exit_code, 2);
}

TEST(Cli, EveryExamplePlanValidates) {
  const auto plans = example_plans();
  ASSERT_GE(plans.size(), 5u);
  for (const auto& plan : plans) {
    auto result = run_zdm({"validate", plan});
    EXPECT_EQ(result.exit_code, 0) << plan << "\n" << result.err;
    EXPECT_NE(result.out.find(": ok: "), std::string::npos) << plan;
  }
}

TEST(Cli, ValidateJsonIsVersionedAndCarriesNoSecret) {
  auto plans = example_plans();
  std::vector<std::string> args = {"validate", "--format", "json"};
  args.insert(args.end(), plans.begin(), plans.end());
  auto result =
      run_zdm(args, {"FLAG_TOKEN=tok-9f8e7d", "APP_DATABASE_URL=postgresql://u:pw-5a4b3c@h/db"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["kind"], "zdm.validate");
  EXPECT_EQ(json["version"], 1);
  EXPECT_TRUE(json["valid"].get<bool>());
  EXPECT_EQ(json["plans"].size(), plans.size());
  EXPECT_EQ(result.out.find("tok-9f8e7d"), std::string::npos);
  EXPECT_EQ(result.out.find("pw-5a4b3c"), std::string::npos);
  EXPECT_EQ(result.err.find("tok-9f8e7d"), std::string::npos);
}

}  // namespace
}  // namespace zdm

namespace zdm {
namespace {

// zdm gates evaluates every gate now; without a database the sql gates say so, and a
// failing gate makes the exit code 3. Header values (FLAG_TOKEN) never show.
TEST(Cli, GatesReportsEachGateAndExits3WhenOneFails) {
  const auto result = test::run_zdm(
      {"gates", ZDM_SOURCE_DIR "/plans/pg-gated-ramp.yaml", "--phase", "contract"},
      {"FLAG_TOKEN=s3cr3t-token", "PROMETHEUS_URL=http://127.0.0.1:1", "PATH=/usr/bin:/bin"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.out.find("FAILED  prices-match (sql; before read_switch, before contract): "
                            "not evaluated: no database"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("FAILED  smoke-test (command; before contract)"), std::string::npos)
      << result.out;
  EXPECT_EQ(result.out.find("error-rate"), std::string::npos) << "not a contract gate";
  EXPECT_EQ(result.out.find("s3cr3t"), std::string::npos);
  EXPECT_EQ(result.err.find("s3cr3t"), std::string::npos);
}

}  // namespace
}  // namespace zdm

namespace zdm {
namespace {

// MySQL cannot see its replicas from the primary: refused before any connection.
TEST(Cli, MysqlReplicaLagGateWithoutReplicasIsRefusedUpFront) {
  const std::string plan = std::string(::testing::TempDir()) + "/zdm-replica-lag.yaml";
  std::ofstream(plan) << "zdm: 1\nname: lag\ntarget: {driver: mysql}\nphases:\n  expand:\n"
                         "    steps:\n      - add_column: {table: t, column: c, type: int}\n"
                         "gates:\n  - name: replicas\n    replica_lag: {max: 5s}\n"
                         "    during: [expand]\n";
  const auto result = test::run_zdm({"apply", plan}, {"ZDM_DSN=mysql://u:pw@127.0.0.1:1/db"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("pass --replica-dsn"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("connect"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace zdm
