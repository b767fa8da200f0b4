// How the backfill pages through a table, on the real servers: key gaps, composite keys,
// another unique key named with key:, tables without a key (ctid pages on PostgreSQL, with
// rows that updates or a rewrite move under the sweep; a refusal naming the fix on MySQL),
// and threads: N killed mid-way and resumed exactly.
#include <gtest/gtest.h>
#include <signal.h>

#include "backfill_test_support.hpp"
#include "zdm/engine/backfill_sql.hpp"

namespace zdm::testing {
namespace {

bool is_postgres(TestServer server) {
  return server == TestServer::postgres;
}

class BackfillPaging : public ::testing::TestWithParam<TestServer> {
 protected:
  void SetUp() override {
    database_ = std::make_unique<ScratchDatabase>(GetParam());
    run_ = std::make_unique<BackfillRun>(*database_);
  }
  std::unique_ptr<db::Connection> connect() const { return database_->connect(); }
  bool postgres() const { return is_postgres(GetParam()); }

  // Ids in three far-apart runs of `each`: 1.., 1,000,000.., 10^12..
  void create_sparse_users(int each) {
    create_users(*connect(), GetParam(), 3 * each);
    connect()->execute("UPDATE users SET id = id + 1000000 - " + std::to_string(each) +
                       " WHERE id > " + std::to_string(each) +
                       " AND id <= " + std::to_string(2 * each));
    connect()->execute("UPDATE users SET id = id + 1000000000000 - " + std::to_string(2 * each) +
                       " WHERE id > " + std::to_string(2 * each) + " AND id < 1000000");
  }

  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<BackfillRun> run_;
};

// Each chunk's last key is found by walking the index from the cursor, so the chunks hold
// the same number of rows across gaps of a million and of a trillion ids.
TEST_P(BackfillPaging, KeyGapsGiveNeitherEmptyNorGiantChunks) {
  create_sparse_users(450);
  auto c = connect();
  c->execute("ALTER TABLE users ADD COLUMN email_address varchar(255)");
  const auto dialect = db::make_dialect(database_->dsn().driver(), "public", "zdm");
  plan::BackfillTable entry;
  entry.table = "users";
  entry.set = {plan::ColumnAssignment{"email_address", "email", {}}};
  const std::vector<std::string> key = {"id"};
  std::optional<engine::KeyValues> after;
  std::vector<long long> chunks;
  for (;;) {
    const auto end = engine::chunk_end_query(*dialect, "users", key, {}, after, 100);
    const auto found = c->query(end.sql, end.params);
    std::optional<engine::KeyValues> up_to;
    if (!found.empty())
      up_to = engine::KeyValues{*found.front()[0]};
    const auto update = engine::keyset_chunk_update(*dialect, entry, key, {}, after, up_to);
    chunks.push_back(c->run(update.sql, update.params).affected_rows);
    if (!up_to)
      break;
    after = up_to;
  }
  ASSERT_EQ(chunks.size(), 14u);  // 13 full chunks and the 50 rows left
  for (size_t i = 0; i + 1 < chunks.size(); ++i)
    EXPECT_EQ(chunks[i], 100) << "chunk " << i;
  EXPECT_EQ(chunks.back(), 50);
  EXPECT_EQ(run_->scalar("SELECT count(*) FROM users WHERE email_address = email"), "1350");
}

TEST_P(BackfillPaging, CompositeKeyWithGapsFillsEveryRowOnce) {
  auto c = connect();
  c->execute(
      "CREATE TABLE orders (tenant integer NOT NULL, seq bigint NOT NULL,"
      " email varchar(255) NOT NULL, PRIMARY KEY (tenant, seq))");
  c->execute(postgres() ? "INSERT INTO orders SELECT t, s * 1000, 'o' || t || '-' || s FROM "
                          "generate_series(1, 3) t, generate_series(1, 700) s"
                        : "INSERT INTO orders SELECT t.seq, s.seq * 1000, CONCAT('o', t.seq, '-', "
                          "s.seq) FROM seq_1_to_3 t, seq_1_to_700 s");
  run_->write_plan("orders",
                   "      set: {email_address: email}\n"
                   "      chunk: {min_rows: 130, max_rows: 130}\n",
                   "orders");
  const auto result = run_->apply();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(run_->scalar("SELECT count(*) FROM orders WHERE email_address = email"), "2100");
  EXPECT_EQ(run_->scalar("SELECT rows_done FROM " + run_->checkpoints()), "2100");
  EXPECT_NE(result.err.find("orders: backfilling by primary key ([\"tenant\",\"seq\"])"),
            std::string::npos)
      << result.err;
}

TEST_P(BackfillPaging, KeyMayNameAUniqueNotNullIndex) {
  create_users(*connect(), GetParam(), 1000);
  connect()->execute("ALTER TABLE users ADD COLUMN code varchar(20)");
  connect()->execute(postgres() ? "UPDATE users SET code = 'c' || (5000 - id)"
                                : "UPDATE users SET code = CONCAT('c', 5000 - id)");
  connect()->execute(postgres() ? "ALTER TABLE users ALTER COLUMN code SET NOT NULL"
                                : "ALTER TABLE users MODIFY code varchar(20) NOT NULL");
  connect()->execute("CREATE UNIQUE INDEX users_code ON users (code)");
  run_->write_plan("users",
                   "      set: {email_address: email}\n      key: [code]\n"
                   "      chunk: {min_rows: 64, max_rows: 64}\n",
                   "users");
  const auto result = run_->apply();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("backfilling by unique index users_code ([\"code\"])"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(run_->scalar("SELECT count(*) FROM users WHERE email_address = email"), "1000");
}

TEST_P(BackfillPaging, AKeyThatAllowsNullsIsRefusedBeforeAnythingRuns) {
  create_users(*connect(), GetParam(), 100);
  connect()->execute("ALTER TABLE users ADD COLUMN code varchar(20)");
  connect()->execute("CREATE UNIQUE INDEX users_code ON users (code)");
  run_->write_plan("users", "      set: {email_address: email}\n      key: [code]\n", "users");
  const auto result = run_->apply();
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("allows NULLs"), std::string::npos) << result.err;
  // expand did not run: the column it adds is not there.
  EXPECT_EQ(run_->scalar(postgres() ? "SELECT count(*) FROM information_schema.columns WHERE "
                                      "table_name = 'users' AND column_name = 'email_address'"
                                    : "SELECT count(*) FROM information_schema.columns WHERE "
                                      "table_schema = DATABASE() AND table_name = 'users' AND "
                                      "column_name = 'email_address'"),
            "0");
}

TEST_P(BackfillPaging, ATableWithoutAKeyPagesByCtidOrIsRefusedWithTheFix) {
  auto c = connect();
  c->execute("CREATE TABLE logs (email varchar(255) NOT NULL)");
  c->execute(postgres() ? "INSERT INTO logs SELECT 'l' || g || '@x' FROM generate_series(1, 5000) g"
                        : "INSERT INTO logs SELECT CONCAT('l', seq, '@x') FROM seq_1_to_5000");
  if (postgres())
    c->execute("ANALYZE logs");
  run_->write_plan("logs",
                   "      set: {email_address: email}\n      threads: 2\n"
                   "      chunk: {min_rows: 300, max_rows: 300}\n",
                   "logs");
  const auto result = run_->apply();
  if (!postgres()) {
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find("logs has no primary key and no unique index"), std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("PRIMARY KEY"), std::string::npos) << result.err;
    return;
  }
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("backfilling by ctid pages"), std::string::npos) << result.err;
  EXPECT_EQ(run_->scalar("SELECT count(*) FROM logs WHERE email_address = email"), "5000");
  EXPECT_EQ(run_->scalar("SELECT count(*) FROM " + run_->checkpoints() + " WHERE done = 1"), "2");
  EXPECT_EQ(run_->scalar("SELECT sum(rows_done) FROM " + run_->checkpoints()), "5000");
}

// threads: 4, killed with SIGKILL mid-way and resumed: a trigger records every row update
// zdm committed; each row is there exactly once.
TEST_P(BackfillPaging, ParallelBackfillKilledMidwayResumesWithoutMissingOrRepeatingRows) {
  constexpr int kRows = 20000;
  create_users(*connect(), GetParam(), kRows);
  auto c = connect();
  c->execute("CREATE TABLE updates_seen (id bigint NOT NULL)");
  if (postgres()) {
    c->execute(
        "CREATE FUNCTION note_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "INSERT INTO updates_seen VALUES (NEW.id); RETURN NEW; END $$");
    c->execute(
        "CREATE TRIGGER users_seen BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION "
        "note_update()");
  } else {
    c->execute(
        "CREATE TRIGGER users_seen AFTER UPDATE ON users FOR EACH ROW INSERT INTO "
        "updates_seen VALUES (NEW.id)");
  }
  run_->write_plan("users",
                   "      set: {email_address: email}\n      threads: 4\n"
                   "      chunk: {min_rows: 200, max_rows: 200}\n"
                   "      throttle: {max_rows_per_second: 5000}\n",
                   "users");
  const pid_t run = run_->start();
  ASSERT_TRUE(run_->wait_for_rows(5000)) << run_->log();
  kill(run, SIGKILL);
  EXPECT_EQ(wait_exit(run), 128 + SIGKILL);
  const long long before_resume = std::stoll(run_->scalar("SELECT count(*) FROM updates_seen"));
  EXPECT_LT(before_resume, kRows);
  const auto resumed = run_->apply();
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("4 ranges on as many threads, resuming from the checkpoint"),
            std::string::npos)
      << resumed.err;
  EXPECT_EQ(run_->scalar("SELECT count(*) FROM updates_seen"), std::to_string(kRows));
  EXPECT_EQ(run_->scalar("SELECT count(DISTINCT id) FROM updates_seen"), std::to_string(kRows));
  EXPECT_EQ(run_->scalar("SELECT count(*) FROM users WHERE email_address = email"),
            std::to_string(kRows));
  EXPECT_EQ(run_->scalar("SELECT sum(rows_done) FROM " + run_->checkpoints()),
            std::to_string(kRows));
  std::cout << "[ parallel ] killed after " << before_resume << " of " << kRows
            << " rows; resumed to all, each once\n";
}

INSTANTIATE_TEST_SUITE_P(Servers, BackfillPaging,
                         ::testing::Values(TestServer::postgres, TestServer::mysql),
                         [](const auto& info) { return std::string(server_label(info.param)); });

// PostgreSQL: logs (email, seen), no key, `rows` rows on full pages.
void create_logs(const ScratchDatabase& database, int rows) {
  auto c = database.connect();
  c->execute("CREATE TABLE logs (email varchar(255) NOT NULL, seen int NOT NULL DEFAULT 0)");
  c->execute("INSERT INTO logs (email) SELECT 'l' || g || '@x' FROM generate_series(1, " +
             std::to_string(rows) + ") g");
  c->execute("ANALYZE logs");
}

std::filesystem::path pause_file_of(const ScratchDatabase& database) {
  return std::filesystem::temp_directory_path() / (database.name() + ".pause");
}

// PostgreSQL, a table without a key, paged by ctid: an application UPDATE that leaves the
// source alone moves every row not yet filled to pages past the sweep's end (the pages are
// full); the sync trigger fills them as they move, so none is left behind.
TEST(BackfillByPages, RowsMovedPastTheSweepByAnUpdateAreFilledByTheSyncTrigger) {
  ScratchDatabase database(TestServer::postgres);
  BackfillRun run(database);
  auto c = database.connect();
  create_logs(database, 5000);
  const auto pause_file = pause_file_of(database);
  std::ofstream(pause_file) << "test\n";
  run.write_plan_text(
      "zdm: 1\nname: it-backfill\ntarget: {driver: postgres}\nphases:\n"
      "  expand:\n    steps:\n"
      "      - add_column: {table: logs, column: email_address, type: \"varchar(255)\"}\n"
      "  dual_write:\n    sync: {table: logs, set: {email_address: email}}\n"
      "  backfill:\n    - table: logs\n      set: {email_address: email}\n"
      "      chunk: {min_rows: 300, max_rows: 300}\n"
      "      throttle: {pause_file: " +
      pause_file.string() + "}\n");
  const pid_t apply = run.start();
  const bool waiting = wait_until(*c, "SELECT count(*) FROM " + run.checkpoints(),
                                  [](const std::string& n) { return n == "1"; });
  const std::string pages_before =
      *c->query_scalar("SELECT max((ctid::text::point)[0])::bigint + 1 FROM logs", {});
  c->execute("UPDATE logs SET seen = 1");
  const long long rows_past_the_sweep = std::stoll(*c->query_scalar(
      "SELECT count(*) FROM logs WHERE (ctid::text::point)[0] >= " + pages_before, {}));
  std::filesystem::remove(pause_file);
  ASSERT_TRUE(waiting) << run.log();
  ASSERT_EQ(wait_exit(apply), 0) << run.log();
  EXPECT_GT(rows_past_the_sweep, 4000) << "the update did not move the rows past the sweep";
  EXPECT_EQ(run.scalar("SELECT count(*) FROM logs WHERE email_address IS DISTINCT FROM email"),
            "0");
  EXPECT_EQ(run.scalar("SELECT sum(rows_done) FROM " + run.checkpoints()), "0");
}

// PostgreSQL, a table without a key, paged by ctid on two threads: VACUUM FULL between two
// chunks moves rows not filled yet to the pages the first range's cursor has passed; zdm
// sees the table's new file and sweeps again from the first page, so no row is missed and
// none is updated twice.
TEST(BackfillByPages, ARewriteDuringTheSweepStartsItAgain) {
  ScratchDatabase database(TestServer::postgres);
  BackfillRun run(database);
  auto c = database.connect();
  create_logs(database, 6000);
  const auto pause_file = pause_file_of(database);
  run.write_plan("logs",
                 "      set: {email_address: email}\n      threads: 2\n"
                 "      chunk: {min_rows: 300, max_rows: 300}\n"
                 "      throttle: {max_rows_per_second: 3000, pause_file: " +
                     pause_file.string() + "}\n",
                 "logs");
  const pid_t apply = run.start();
  const bool started = run.wait_for_rows(1500);
  std::ofstream(pause_file) << "test\n";
  const bool paused = wait_until(*c, "SELECT 1", [&](const std::string&) {
    return run.log().find("logs: paused: pause file") != std::string::npos;
  });
  const std::string filled = *c->query_scalar("SELECT count(email_address) FROM logs", {});
  c->execute("DELETE FROM logs WHERE email_address IS NOT NULL");
  c->execute("VACUUM FULL logs");
  const std::string unfilled_behind = *c->query_scalar(
      "SELECT count(*) FROM logs WHERE (ctid::text::point)[0] < (SELECT (last_key::json->>0)::int "
      "FROM " +
          run.checkpoints() + " WHERE range_index = 0)",
      {});
  std::filesystem::remove(pause_file);
  ASSERT_TRUE(started && paused) << run.log();
  ASSERT_EQ(wait_exit(apply), 0) << run.log();
  EXPECT_NE(unfilled_behind, "0") << "the rewrite moved no unfilled row behind the cursor";
  EXPECT_NE(run.log().find("logs was rewritten during its backfill by ctid pages"),
            std::string::npos)
      << run.log();
  EXPECT_EQ(run.scalar("SELECT count(*) FROM logs WHERE email_address IS DISTINCT FROM email"),
            "0");
  EXPECT_EQ(run.scalar("SELECT count(*) FROM logs"), std::to_string(6000 - std::stoll(filled)));
  EXPECT_EQ(run.scalar("SELECT sum(rows_done) FROM " + run.checkpoints()), "6000");
  std::cout << "[ rewrite ] " << filled << " rows filled and deleted, " << unfilled_behind
            << " unfilled rows behind the cursor after VACUUM FULL\n";
}

}  // namespace
}  // namespace zdm::testing
