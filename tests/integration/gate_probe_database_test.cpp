// sql and replica_lag gate probes on the real PostgreSQL and MariaDB test servers.
#include <gtest/gtest.h>

#include <chrono>

#include "gate_probe_support.hpp"
#include "test_databases.hpp"
#include "zdm/engine/user_sql.hpp"

namespace zdm::testing {
namespace {

using Clock = std::chrono::steady_clock;

plan::SqlProbe sql_probe(const std::string& sql) {
  plan::SqlProbe probe;
  probe.sql = sql;
  return probe;
}

plan::ReplicaLagProbe replica_lag_probe(std::chrono::milliseconds max) {
  plan::ReplicaLagProbe probe;
  probe.max = max;
  return probe;
}

class SqlGateProbe : public ::testing::TestWithParam<TestServer> {
 protected:
  void SetUp() override {
    connection_ = database_.connect();
    dialect_ = db::make_dialect(database_.dsn().driver(), "public", "zdm");
    const bool pg = GetParam() == TestServer::postgres;
    connection_->execute(pg ? "CREATE TABLE orders (id int PRIMARY KEY, at timestamptz NOT NULL)"
                            : "CREATE TABLE orders (id int PRIMARY KEY, at timestamp(3) NOT NULL)");
    connection_->execute(pg ? "INSERT INTO orders VALUES (1, now() - interval '1 hour'), "
                              "(2, now()), (3, now())"
                            : "INSERT INTO orders VALUES (1, NOW(3) - INTERVAL 1 HOUR), "
                              "(2, NOW(3)), (3, NOW(3))");
    env_.database = connection_.get();
    env_.dialect = dialect_.get();
    const auto ten_minutes_ago = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch() - std::chrono::minutes(10));
    env_.sql_placeholders["phase_started_at"] = engine::sql_timestamp(ten_minutes_ago.count());
  }

  gates::ProbeReading read(const std::string& sql, std::chrono::milliseconds timeout = 5s) {
    return gates::read_probe(sql_probe(sql), timeout, env_);
  }

  bool postgres() const { return GetParam() == TestServer::postgres; }

  ScratchDatabase database_{GetParam()};
  std::unique_ptr<db::Connection> connection_;
  std::unique_ptr<db::Dialect> dialect_;
  gates::ProbeEnvironment env_;
};

TEST_P(SqlGateProbe, ScalarQueryIsTheValue) {
  auto reading = read("SELECT count(*) FROM orders");
  EXPECT_TRUE(reading.reachable);
  EXPECT_TRUE(reading.passed_own_check);
  EXPECT_EQ(reading.value, 3.0);
  EXPECT_EQ(reading.summary.rfind("3 in ", 0), 0u) << reading.summary;

  reading = read("SELECT count(*) FROM orders WHERE at >= {{phase_started_at}}");
  EXPECT_EQ(reading.value, 2.0) << reading.summary;
  reading = read("SELECT avg(id) / 4 FROM orders");
  EXPECT_EQ(reading.value, 0.5) << reading.summary;
}

TEST_P(SqlGateProbe, NullNoRowAndTextAreNoNumber) {
  for (const std::string sql : {"SELECT max(id) FROM orders WHERE id > 100",
                                "SELECT id FROM orders WHERE id > 100", "SELECT 'many'"}) {
    const auto reading = read(sql);
    EXPECT_FALSE(reading.reachable) << sql;
    EXPECT_FALSE(reading.passed_own_check) << sql;
    EXPECT_FALSE(reading.value.has_value()) << sql;
  }
  EXPECT_NE(read("SELECT 'many'").summary.find("not a number"), std::string::npos);
}

TEST_P(SqlGateProbe, QueryErrorIsAFailedReadingAndTheConnectionStaysUsable) {
  const auto reading = read("SELECT count(*) FROM no_such_table");
  EXPECT_FALSE(reading.reachable);
  EXPECT_NE(reading.summary.find("query failed"), std::string::npos) << reading.summary;
  EXPECT_NE(reading.summary.find("no_such_table"), std::string::npos) << reading.summary;
  EXPECT_EQ(read("SELECT count(*) FROM orders").value, 3.0);
}

TEST_P(SqlGateProbe, SlowQueryIsCancelledByTheServerAtTheTimeout) {
  const auto started = Clock::now();
  const auto reading =
      read(postgres() ? "SELECT count(*) FROM pg_sleep(5)" : "SELECT SLEEP(5)", 400ms);
  const auto took = Clock::now() - started;
  EXPECT_FALSE(reading.reachable) << reading.summary;
  EXPECT_FALSE(reading.passed_own_check);
  EXPECT_LT(took, 3s) << reading.summary;
  std::cout << "timed out query: " << reading.summary << "\n";
  // The limit was for that query only: the session's own setting is back, and the
  // connection answers the next query.
  const auto own_limit = connection_->query_scalar(
      postgres() ? "SHOW statement_timeout" : "SELECT @@max_statement_time", {});
  EXPECT_TRUE(own_limit == "0" || own_limit == "0.000000") << own_limit.value_or("NULL");
  EXPECT_EQ(read("SELECT count(*) FROM orders").value, 3.0);
}

// MariaDB's replica lag is found by column name in SHOW SLAVE STATUS.
TEST_P(SqlGateProbe, ResultsNameTheirColumns) {
  const db::Result result = connection_->run("SELECT 1 AS first_one, 2 AS second_one", {});
  EXPECT_EQ(result.columns, (std::vector<std::string>{"first_one", "second_one"}));
  const db::Result prepared =
      connection_->run("SELECT id AS " + dialect_->quote("key") +
                           " FROM orders WHERE id = " + dialect_->placeholder(1),
                       {"1"});
  EXPECT_EQ(prepared.columns, std::vector<std::string>{"key"});
}

TEST_P(SqlGateProbe, RefusesAnEnvironmentWithoutADatabase) {
  gates::ProbeEnvironment empty;
  EXPECT_THROW(gates::read_probe(sql_probe("SELECT 1"), 1s, empty), std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(Servers, SqlGateProbe,
                         ::testing::Values(TestServer::postgres, TestServer::mysql),
                         [](const auto& info) { return std::string(server_label(info.param)); });

// PostgreSQL runs a gate's query in a transaction that is rolled back: a gate only reads.
// (MariaDB cannot roll back everything a statement may do; its gate query runs as given.)
TEST(SqlGateProbePostgres, GateQueryNeverWrites) {
  ScratchDatabase database(TestServer::postgres);
  auto connection = database.connect();
  auto dialect = db::make_dialect(db::DriverKind::postgres, "public", "zdm");
  connection->execute("CREATE TABLE orders (id int PRIMARY KEY)");
  connection->execute("INSERT INTO orders VALUES (1), (2), (3)");
  gates::ProbeEnvironment env;
  env.database = connection.get();
  env.dialect = dialect.get();
  const auto reading = gates::read_probe(
      sql_probe("WITH gone AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM gone"), 5s,
      env);
  EXPECT_EQ(reading.value, 3.0) << reading.summary;
  EXPECT_EQ(connection->query_scalar("SELECT count(*) FROM orders", {}), "3");
}

// ---- replica_lag

TEST(ReplicaLagGateProbe, PostgresPrimaryWithoutReplicasHasLagZero) {
  ScratchDatabase database(TestServer::postgres);
  auto connection = database.connect();
  auto dialect = db::make_dialect(db::DriverKind::postgres, "public", "zdm");
  gates::ProbeEnvironment env;
  env.database = connection.get();
  env.dialect = dialect.get();
  // The streaming replica test may have left its standby connected a moment ago.
  const bool none_connected =
      connection->query_scalar("SELECT count(*) FROM pg_stat_replication", {}) == "0";
  const auto reading = gates::read_probe(replica_lag_probe(1s), 5s, env);
  EXPECT_TRUE(reading.reachable);
  EXPECT_TRUE(reading.passed_own_check);
  if (none_connected) {
    EXPECT_EQ(reading.value, 0.0);
    EXPECT_EQ(reading.summary, "no replicas connected to the primary (lag 0)");
  }
}

TEST(ReplicaLagGateProbe, PostgresServerThatIsNotAReplicaFails) {
  ScratchDatabase database(TestServer::postgres);
  auto dialect = db::make_dialect(db::DriverKind::postgres, "public", "zdm");
  gates::ProbeEnvironment env;
  env.dialect = dialect.get();
  env.replica_dsns.push_back(database.dsn());
  const auto reading = gates::read_probe(replica_lag_probe(1s), 5s, env);
  EXPECT_FALSE(reading.reachable);
  EXPECT_FALSE(reading.passed_own_check);
  EXPECT_NE(reading.summary.find("not a replica"), std::string::npos) << reading.summary;
  EXPECT_NE(reading.summary.find("127.0.0.1:"), std::string::npos) << reading.summary;
}

TEST(ReplicaLagGateProbe, MysqlWithoutReplicaDsnsSaysToPassThem) {
  ScratchDatabase database(TestServer::mysql);
  auto connection = database.connect();
  auto dialect = db::make_dialect(db::DriverKind::mysql, "public", "zdm");
  gates::ProbeEnvironment env;
  env.database = connection.get();
  env.dialect = dialect.get();
  const auto reading = gates::read_probe(replica_lag_probe(1s), 5s, env);
  EXPECT_FALSE(reading.reachable);
  EXPECT_FALSE(reading.passed_own_check);
  EXPECT_NE(reading.summary.find("--replica-dsn"), std::string::npos) << reading.summary;
}

TEST(ReplicaLagGateProbe, MysqlServerThatIsNotAReplicaFails) {
  ScratchDatabase database(TestServer::mysql);
  auto dialect = db::make_dialect(db::DriverKind::mysql, "public", "zdm");
  gates::ProbeEnvironment env;
  env.dialect = dialect.get();
  env.replica_dsns.push_back(database.dsn());
  const auto reading = gates::read_probe(replica_lag_probe(1s), 5s, env);
  EXPECT_FALSE(reading.reachable);
  EXPECT_NE(reading.summary.find("not a replica (SHOW SLAVE STATUS is empty)"), std::string::npos)
      << reading.summary;
}

}  // namespace
}  // namespace zdm::testing
