// The backfill's throttle: what stops, what pauses, and the reasons it gives.
#include "zdm/backfill/throttle.hpp"

#include <gtest/gtest.h>

namespace zdm::backfill {
namespace {

using std::chrono::seconds;

plan::ThrottleSettings settings() {
  plan::ThrottleSettings throttle;
  throttle.max_load = 8;
  throttle.critical_load = 20;
  throttle.max_replica_lag = seconds(5);
  throttle.pause_file = "/tmp/zdm.pause";
  throttle.max_xid_age = 1'600'000'000;
  return throttle;
}

TEST(Throttle, ProceedsWhenEverythingIsWithinLimits) {
  LoadReadings readings;
  readings.active_sessions = 8;
  readings.transaction_id_age = 200'000'000;
  readings.replica_lag_read = true;
  readings.replica_lag_seconds = 4.9;
  const auto decision = decide(settings(), readings);
  EXPECT_EQ(decision.action, ThrottleAction::proceed);
  EXPECT_EQ(decision.reason, "");
}

TEST(Throttle, PausesAboveMaxLoad) {
  LoadReadings readings;
  readings.active_sessions = 9;
  const auto decision = decide(settings(), readings);
  EXPECT_EQ(decision.action, ThrottleAction::pause);
  EXPECT_EQ(decision.reason, "load 9 active sessions > max_load 8");
}

TEST(Throttle, StopsAtCriticalLoad) {
  LoadReadings readings;
  readings.active_sessions = 20;
  readings.pause_file_present = true;
  const auto decision = decide(settings(), readings);
  EXPECT_EQ(decision.action, ThrottleAction::stop);
  EXPECT_EQ(decision.reason, "load 20 active sessions >= critical_load 20");
  EXPECT_NE(decision.hint.find("zdm apply"), std::string::npos);
}

TEST(Throttle, StopsBeforeTransactionIdWraparound) {
  LoadReadings readings;
  readings.transaction_id_age = 1'600'000'000;
  const auto decision = decide(settings(), readings);
  EXPECT_EQ(decision.action, ThrottleAction::stop);
  EXPECT_NE(decision.reason.find("wraparound"), std::string::npos);
  EXPECT_NE(decision.hint.find("VACUUM"), std::string::npos);
}

TEST(Throttle, ZeroMeansNoLimit) {
  plan::ThrottleSettings unlimited;
  unlimited.max_xid_age = 0;
  LoadReadings readings;
  readings.active_sessions = 1000;
  readings.transaction_id_age = 2'000'000'000;
  EXPECT_EQ(decide(unlimited, readings).action, ThrottleAction::proceed);
}

TEST(Throttle, PausesWhileThePauseFileExists) {
  LoadReadings readings;
  readings.pause_file_present = true;
  const auto decision = decide(settings(), readings);
  EXPECT_EQ(decision.action, ThrottleAction::pause);
  EXPECT_EQ(decision.reason, "pause file /tmp/zdm.pause");
}

TEST(Throttle, PausesOnReplicaLagAndOnAnUnknownLag) {
  LoadReadings lagging;
  lagging.replica_lag_read = true;
  lagging.replica_lag_seconds = 7.25;
  EXPECT_EQ(decide(settings(), lagging).reason, "replica lag 7.2s > max_replica_lag 5s");
  LoadReadings unknown;
  unknown.replica_lag_read = true;
  unknown.replica_problem = "replica 10.0.0.2:5432: connection refused";
  const auto decision = decide(settings(), unknown);
  EXPECT_EQ(decision.action, ThrottleAction::pause);
  EXPECT_EQ(decision.reason, "replica lag unknown: replica 10.0.0.2:5432: connection refused");
}

}  // namespace
}  // namespace zdm::backfill
