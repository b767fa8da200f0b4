// replica_lag gate probes against a real PostgreSQL streaming replica of the test server:
// caught up, then held back (replay paused while the primary writes), then caught up again.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "backfill_test_support.hpp"
#include "gate_probe_support.hpp"
#include "postgres_replica.hpp"
#include "test_databases.hpp"

namespace zdm::testing {
namespace {

using Clock = std::chrono::steady_clock;

gates::ProbeReading read_lag(gates::ProbeEnvironment& env, std::chrono::milliseconds max) {
  plan::ReplicaLagProbe probe;
  probe.max = max;
  return gates::read_probe(probe, 5s, env);
}

// Polls `done` every 100 ms for at most `limit`.
template <typename Condition>
bool eventually(Condition done, std::chrono::seconds limit = 30s) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (done())
      return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

class StreamingReplica : public ::testing::Test {
 protected:
  void SetUp() override {
    primary_ = database_.connect();
    replica_connection_ = db::connect(replica_.dsn());
    env_.dialect = dialect_.get();
    env_.replica_dsns = {replica_.dsn()};
    // A transaction replayed since the standby started, so that its replay time is known.
    primary_->execute("CREATE TABLE ticks (id serial PRIMARY KEY, at timestamptz DEFAULT now())");
    primary_->execute("INSERT INTO ticks DEFAULT VALUES");
    ASSERT_TRUE(eventually([&] { return caught_up(); })) << "the standby did not catch up";
  }

  bool caught_up() {
    return replica_connection_->query_scalar(
               "SELECT pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() "
               "AND pg_last_xact_replay_timestamp() IS NOT NULL",
               {}) == "t";
  }

  ScratchDatabase database_{TestServer::postgres};
  PostgresReplica replica_{server_dsn(TestServer::postgres)};
  std::unique_ptr<db::Connection> primary_;
  std::unique_ptr<db::Connection> replica_connection_;
  std::unique_ptr<db::Dialect> dialect_ =
      db::make_dialect(db::DriverKind::postgres, "public", "zdm");
  gates::ProbeEnvironment env_;
};

TEST_F(StreamingReplica, LagIsZeroWhenCaughtUpAndGrowsWhileReplayIsPaused) {
  auto reading = read_lag(env_, 1s);
  EXPECT_TRUE(reading.reachable) << reading.summary;
  EXPECT_TRUE(reading.passed_own_check) << reading.summary;
  EXPECT_EQ(reading.value, 0.0);
  EXPECT_EQ(reading.summary.rfind("max lag 0.0 s over 1 replica (at 127.0.0.1:", 0), 0u)
      << reading.summary;

  // The primary sees its standby in pg_stat_replication.
  gates::ProbeEnvironment on_primary;
  on_primary.database = primary_.get();
  on_primary.dialect = dialect_.get();
  reading = read_lag(on_primary, 1s);
  EXPECT_TRUE(reading.passed_own_check) << reading.summary;
  EXPECT_NE(reading.summary.find("(pg_stat_replication)"), std::string::npos) << reading.summary;

  // Hold replay back while the primary writes: the standby receives WAL it does not apply.
  replica_connection_->query_scalar("SELECT pg_wal_replay_pause()", {});
  primary_->execute("INSERT INTO ticks DEFAULT VALUES");
  ASSERT_TRUE(eventually([&] {
    return replica_connection_->query_scalar(
               "SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()", {}) == "t";
  }));
  std::this_thread::sleep_for(1500ms);
  reading = read_lag(env_, 1s);
  EXPECT_TRUE(reading.reachable) << reading.summary;
  EXPECT_FALSE(reading.passed_own_check) << reading.summary;
  EXPECT_GE(reading.value.value_or(0), 1.5) << reading.summary;
  EXPECT_NE(reading.summary.find("above max 1s"), std::string::npos) << reading.summary;
  EXPECT_TRUE(read_lag(env_, 600s).passed_own_check);  // a generous max still passes
  std::cout << "paused replica: " << reading.summary << "\n";

  replica_connection_->query_scalar("SELECT pg_wal_replay_resume()", {});
  ASSERT_TRUE(eventually([&] { return caught_up(); }));
  reading = read_lag(env_, 1s);
  EXPECT_TRUE(reading.passed_own_check) << reading.summary;
  EXPECT_EQ(reading.value, 0.0);
}

// throttle.max_replica_lag with --replica-dsn: the backfill waits while the standby's
// replay is held back, says why, and goes on once it has caught up.
TEST_F(StreamingReplica, BackfillPausesWhileTheReplicaLagsAndGoesOnWhenItCatchesUp) {
  create_users(*primary_, TestServer::postgres, 2000);
  BackfillRun run(database_);
  run.write_plan("users",
                 "      set: {email_address: email}\n"
                 "      throttle: {max_replica_lag: 1s}\n",
                 "users");
  replica_connection_->query_scalar("SELECT pg_wal_replay_pause()", {});
  primary_->execute("INSERT INTO ticks DEFAULT VALUES");
  std::this_thread::sleep_for(1500ms);
  const pid_t apply = run.start({"--replica-dsn", replica_.dsn().text()});
  ASSERT_TRUE(eventually([&] {
    return run.log().find("paused: replica lag") != std::string::npos;
  })) << run.log();
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(run.scalar("SELECT coalesce(sum(rows_done), 0) FROM " + run.checkpoints()), "0");
  replica_connection_->query_scalar("SELECT pg_wal_replay_resume()", {});
  EXPECT_EQ(wait_exit(apply), 0) << run.log();
  EXPECT_NE(run.log().find("> max_replica_lag 1s"), std::string::npos) << run.log();
  EXPECT_NE(run.log().find("users: resuming (replica lag"), std::string::npos) << run.log();
  EXPECT_EQ(run.scalar("SELECT count(*) FROM users WHERE email_address = email"), "2000");
  if (!replica_.dsn().password().empty()) {
    EXPECT_EQ(run.log().find(replica_.dsn().password()), std::string::npos);
  }
}

}  // namespace
}  // namespace zdm::testing
