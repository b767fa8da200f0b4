// A step and the state record that says it is done commit together where the server has
// transactional DDL (PostgreSQL), so a run killed in between can neither lose the record
// nor repeat the step; MySQL commits each DDL on its own, so there the record follows.
#include "zdm/engine/statement_runner.hpp"

#include <gtest/gtest.h>

#include "test_databases.hpp"

namespace zdm::testing {
namespace {

class CollectingReporter : public engine::Reporter {
 public:
  void report(const engine::Event& event) override { events.push_back(event); }
  void progress(const engine::BackfillProgress& update) override { updates.push_back(update); }
  std::vector<engine::Event> events;
  std::vector<engine::BackfillProgress> updates;
};

class StatementRunner : public ::testing::TestWithParam<TestServer> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<ScratchDatabase>(GetParam());
    db_ = database_->connect();
    observer_ = database_->connect();
    dialect_ = db::make_dialect(database_->dsn().driver(), "public", "zdm");
    state_ = std::make_unique<engine::StateStore>(*db_, *dialect_);
    log_ = std::make_unique<engine::RunLog>(reporter_, nullptr, "it");
    ctx_ = std::make_unique<engine::RunContext>(
        engine::RunContext{plan_, *db_, *observer_, *dialect_, *state_, *log_, {}, 0, nullptr});
    db_->execute("CREATE TABLE steps_done (n int)");
  }

  bool table_exists(const std::string& name) {
    return dialect_->describe_table(*observer_, name).exists;
  }

  std::string steps_done() {
    return observer_->query_scalar("SELECT count(*) FROM steps_done", {}).value_or("");
  }

  std::vector<db::SqlStatement> create_audit() {
    plan::RawSql raw;
    raw.up = "CREATE TABLE audit (id int)";
    return dialect_->forward(raw);
  }

  plan::Plan plan_;
  CollectingReporter reporter_;
  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<db::Connection> db_, observer_;
  std::unique_ptr<db::Dialect> dialect_;
  std::unique_ptr<engine::StateStore> state_;
  std::unique_ptr<engine::RunLog> log_;
  std::unique_ptr<engine::RunContext> ctx_;
};

TEST_P(StatementRunner, StepAndRecordLandTogether) {
  engine::run_statements_and_record(*ctx_, "expand", create_audit(), "audit",
                                    [&] { db_->execute("INSERT INTO steps_done VALUES (1)"); });
  EXPECT_TRUE(table_exists("audit"));
  EXPECT_EQ(steps_done(), "1");
}

TEST_P(StatementRunner, ARecordThatFailsTakesTheStepWithItWhereDdlIsTransactional) {
  const auto fail = [] { throw std::runtime_error("zdm was killed here"); };
  EXPECT_THROW(engine::run_statements_and_record(*ctx_, "expand", create_audit(), "audit", fail),
               std::runtime_error);
  // PostgreSQL: nothing happened, so a resumed run creates the table once. MySQL: the DDL
  // committed on its own (which is why raw SQL there should be re-runnable).
  EXPECT_EQ(table_exists("audit"), GetParam() == TestServer::mysql);
  EXPECT_EQ(steps_done(), "0");
}

TEST_P(StatementRunner, ConcurrentIndexBuildsRunOutsideTheTransaction) {
  if (GetParam() == TestServer::mysql)
    GTEST_SKIP() << "CONCURRENTLY is PostgreSQL's";
  db_->execute("CREATE TABLE users (id int PRIMARY KEY, email text)");
  plan::RawSql raw;
  raw.up = "CREATE INDEX CONCURRENTLY idx_users_email ON users (email)";
  engine::run_statements_and_record(*ctx_, "expand", dialect_->forward(raw), "users",
                                    [&] { db_->execute("INSERT INTO steps_done VALUES (1)"); });
  EXPECT_EQ(dialect_->describe_table(*observer_, "users").indexes.size(), 2u);
  EXPECT_EQ(steps_done(), "1");
}

INSTANTIATE_TEST_SUITE_P(Servers, StatementRunner,
                         ::testing::Values(TestServer::postgres, TestServer::mysql),
                         [](const auto& info) { return std::string(server_label(info.param)); });

}  // namespace
}  // namespace zdm::testing
