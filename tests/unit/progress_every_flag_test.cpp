// zdm apply --progress-every: a plan duration above zero, else a usage error (exit 2).
#include <gtest/gtest.h>

#include "run_process.hpp"

namespace zdm {
namespace {

using test::run_zdm;

constexpr const char* kPlan = ZDM_SOURCE_DIR "/plans/pg-rename-email.yaml";
// Nothing listens on port 1: a run that gets past the flags fails to connect (exit 1).
constexpr const char* kUnreachable = "ZDM_DSN=postgresql://u:pw@127.0.0.1:1/db";

TEST(ProgressEveryFlag, RefusesZeroNegativeAndNonDurations) {
  for (const char* value : {"0s", "0ms", "-5s", "10", "5 minutes", "soon"}) {
    const auto result = run_zdm({"apply", "--progress-every", value, kPlan}, {kUnreachable});
    EXPECT_EQ(result.exit_code, 2) << value << "\n" << result.err;
    EXPECT_NE(result.err.find("--progress-every"), std::string::npos) << value << result.err;
  }
}

TEST(ProgressEveryFlag, AcceptsAPlanDuration) {
  for (const char* value : {"500ms", "30s", "1m"}) {
    const auto result = run_zdm({"apply", "--progress-every", value, kPlan}, {kUnreachable});
    EXPECT_EQ(result.exit_code, 1) << value << "\n" << result.err;
  }
}

TEST(ProgressEveryFlag, IsInTheHelp) {
  const auto result = run_zdm({"help", "apply"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("--progress-every"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace zdm
