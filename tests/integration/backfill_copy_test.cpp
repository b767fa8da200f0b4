// backfill method: copy on the real MariaDB: the rows are copied into a shadow table kept
// in step by triggers while the application inserts, updates, moves and deletes rows, then
// swapped in; the sync triggers, AUTO_INCREMENT and the table's definition carry over; a
// copy killed mid-way resumes or rolls back; tables a swap would break are refused.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <random>
#include <thread>

#include "backfill_test_support.hpp"
#include "limited_account.hpp"

namespace zdm::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kRows = 40000;

std::string plan_text(const std::string& backfill_extra, bool sync = true) {
  std::string text =
      "zdm: 1\nname: it-copy\ntarget: {driver: mysql}\nphases:\n"
      "  expand:\n    steps:\n"
      "      - add_column: {table: users, column: email_address, type: \"varchar(255)\"}\n";
  if (sync)
    text += "  dual_write:\n    sync: {table: users, set: {email_address: email}}\n";
  return text +
         "  backfill:\n    - table: users\n      set: {email_address: email}\n"
         "      method: copy\n" +
         backfill_extra;
}

// What the application did while the copy ran, from its own bookkeeping.
struct Workload {
  std::atomic<long long> inserted{0};
  std::atomic<long long> deleted{0};
  std::atomic<long long> moved{0};
  std::atomic<long long> updated{0};
  std::atomic<long long> failed{0};
  std::atomic<long long> statements{0};
  std::string first_error;
  std::mutex mutex;
};

// One client: inserts, updates of email, key moves (id to -id) and deletes, one statement
// per transaction. A client touches only ids ≡ its number (mod clients), so that its
// bookkeeping is exact. Without AUTO_INCREMENT it picks its new rows' ids itself, past
// the table's end.
void run_client(const ScratchDatabase& database, int client, int clients, bool auto_increment,
                const std::atomic<bool>& stop, Workload& load) {
  auto c = database.connect();
  std::mt19937 random(static_cast<unsigned>(client));
  std::uniform_int_distribution<int> any_row(0, kRows / clients - 1);
  for (long long i = 0; !stop; ++i) {
    const std::string id = std::to_string(any_row(random) * clients + client + 1);
    try {
      switch (i % 4) {
        case 0: {
          const std::string email =
              "ins-" + std::to_string(client) + "-" + std::to_string(i) + "@example.com";
          if (auto_increment)
            c->run("INSERT INTO users (email) VALUES (?)", {email});
          else
            c->run("INSERT INTO users (id, email) VALUES (?, ?)",
                   {std::to_string(10LL * kRows + i * clients + client), email});
          ++load.inserted;
          break;
        }
        case 1:
          load.updated += c->run(
                               "UPDATE users SET email = CONCAT('upd', id, '-', ?, "
                               "'@example.com') WHERE id = ?",
                               {std::to_string(i), id})
                              .affected_rows;
          break;
        case 2:
          load.moved += c->run("UPDATE users SET id = -id WHERE id = ?", {id}).affected_rows;
          break;
        default:
          load.deleted += c->run("DELETE FROM users WHERE id = ?", {id}).affected_rows;
      }
    } catch (const std::exception& error) {
      ++load.failed;
      std::lock_guard lock(load.mutex);
      if (load.first_error.empty())
        load.first_error = "statement " + std::to_string(i % 4) + ": " + error.what();
    }
    ++load.statements;
  }
}

class BackfillCopy : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<ScratchDatabase>(TestServer::mysql);
    run_ = std::make_unique<BackfillRun>(*database_);
    create_users(*database_->connect(), TestServer::mysql, kRows);
  }
  std::string scalar(const std::string& sql) const { return run_->scalar(sql); }
  std::string zdm_tables() const {
    return scalar(
        "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_NAME LIKE '\\_zdm\\_%'");
  }
  std::string email_address_columns() const {
    return scalar(
        "SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
        "AND TABLE_NAME = 'users' AND COLUMN_NAME = 'email_address'");
  }
  std::string triggers() const {
    return scalar(
        "SELECT coalesce(group_concat(TRIGGER_NAME ORDER BY TRIGGER_NAME), '') FROM "
        "information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = DATABASE()");
  }
  // The dry run of the copy plan: its backfill entry for users, or null (with a failure).
  nlohmann::json dry_run_backfill_of_users() {
    run_->write_plan_text(plan_text("", false));
    const auto dry = run_->apply({"--dry-run", "--format", "json"});
    EXPECT_EQ(dry.exit_code, 0) << dry.out << dry.err;
    const auto plan = nlohmann::json::parse(dry.out, nullptr, false);
    if (plan.is_object() && plan.contains("phases")) {
      for (const auto& phase : plan.at("phases")) {
        if (phase.value("phase", std::string()) == "backfill")
          return phase.at("tables").at(0);
      }
    }
    ADD_FAILURE() << "no backfill phase in the dry run: " << dry.out;
    return nullptr;
  }
  // users.id without AUTO_INCREMENT: the copy's chunks are one statement each.
  void drop_auto_increment() {
    database_->connect()->execute("ALTER TABLE users MODIFY id bigint NOT NULL");
  }
  // The application inserts, updates, moves keys and deletes while the copy runs (slowed to
  // a few seconds): none of its statements fails, and the swapped-in table holds exactly
  // what it wrote.
  void check_copy_beside_the_application(bool auto_increment) {
    run_->write_plan_text(
        plan_text("      threads: 2\n      throttle: {max_rows_per_second: 15000}\n"));
    constexpr int kClients = 4;
    Workload load;
    std::atomic<bool> stop = false;
    std::vector<std::thread> clients;
    for (int i = 0; i < kClients; ++i) {
      clients.emplace_back(
          [&, i] { run_client(*database_, i, kClients, auto_increment, stop, load); });
    }
    std::this_thread::sleep_for(200ms);
    const auto applied = run_->apply();
    std::this_thread::sleep_for(200ms);
    stop = true;
    for (auto& client : clients)
      client.join();
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
    EXPECT_EQ(load.failed, 0) << load.first_error;
    EXPECT_GT(load.inserted, 100);
    EXPECT_GT(load.moved, 20);
    EXPECT_GT(load.deleted, 20);
    const long long rows = kRows + load.inserted - load.deleted;
    EXPECT_EQ(scalar("SELECT count(*) FROM users"), std::to_string(rows));
    EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE email_address <=> email"),
              std::to_string(rows));
    EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE email LIKE 'ins-%'"),
              std::to_string(load.inserted.load()));
    EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE id < 0"), std::to_string(load.moved.load()));
    EXPECT_EQ(zdm_tables(), "0");
    std::cout << "[ copy ] beside the application" << (auto_increment ? "" : " (no AUTO_INCREMENT)")
              << ": " << load.inserted << " inserts, " << load.updated << " updates, " << load.moved
              << " key moves, " << load.deleted << " deletes: " << load.failed << " of "
              << load.statements << " statements failed\n";
  }
  pid_t start_and_wait_for(long long rows) {
    const pid_t run = run_->start();
    EXPECT_TRUE(run_->wait_for_rows(rows)) << run_->log();
    kill(run, SIGKILL);
    EXPECT_EQ(wait_exit(run), 128 + SIGKILL);
    return run;
  }

  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<BackfillRun> run_;
};

TEST_F(BackfillCopy, SwapsInACopyWithTheSameDefinitionSyncTriggersAndAutoIncrement) {
  auto c = database_->connect();
  c->execute("DELETE FROM users WHERE id > " + std::to_string(kRows - 10));  // ids freed at the end
  run_->write_plan_text(plan_text("      threads: 2\n"));
  const auto applied = run_->apply({"--format", "json"});
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_NE(applied.out.find("\"copy_started\""), std::string::npos);
  EXPECT_NE(applied.out.find("\"copy_swapped\""), std::string::npos);
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE email_address = email"),
            std::to_string(kRows - 10));
  EXPECT_EQ(zdm_tables(), "0");
  EXPECT_EQ(triggers(), "zdm_sync_it-copy_users_ins,zdm_sync_it-copy_users_upd");
  // The sync triggers work on the new table; a new row does not take a freed id.
  c->execute("UPDATE users SET email = 'changed@example.com' WHERE id = 7");
  EXPECT_EQ(scalar("SELECT email_address FROM users WHERE id = 7"), "changed@example.com");
  c->execute("INSERT INTO users (email) VALUES ('new@example.com')");
  EXPECT_GT(std::stoll(scalar("SELECT id FROM users WHERE email = 'new@example.com'")), kRows);
  // Rolled back all the way, the table is as before, by the snapshots' account.
  const auto rollback =
      test::run_zdm({"rollback", "it-copy", "--yes"}, {"ZDM_DSN=" + database_->dsn().text()});
  ASSERT_EQ(rollback.exit_code, 0) << rollback.err;
  EXPECT_EQ(rollback.err.find("differs from the snapshot"), std::string::npos) << rollback.err;
  EXPECT_EQ(triggers(), "");
  EXPECT_EQ(email_address_columns(), "0");
}

// With AUTO_INCREMENT: not even as a deadlock's victim, which the chunks' AUTO-INC lock
// made of 1 in 10,000 before the triggers upserted first.
TEST_F(BackfillCopy, KeepsTheApplicationsWritesInStepWithoutFailingThem) {
  check_copy_beside_the_application(true);
}

// Without AUTO_INCREMENT the chunks' one INSERT … SELECT waits on the rows the application
// holds, and on the application's uncommitted insert just past the range's end.
TEST_F(BackfillCopy, KeepsTheApplicationsWritesInStepWithChunksThatWaitOnThem) {
  drop_auto_increment();
  check_copy_beside_the_application(false);
}

// Killed mid-copy, the shadow and its triggers stay; zdm apply resumes the copy from the
// checkpoints (each row copied once by the chunks) and swaps.
TEST_F(BackfillCopy, KilledMidCopyResumesFromTheCheckpoints) {
  run_->write_plan_text(
      plan_text("      threads: 2\n      chunk: {min_rows: 500, max_rows: 500}\n"
                "      throttle: {max_rows_per_second: 8000}\n"));
  start_and_wait_for(6000);
  EXPECT_EQ(zdm_tables(), "1");
  EXPECT_NE(triggers().find("zdm_copy_it-copy_users_upd"), std::string::npos) << triggers();
  auto c = database_->connect();
  c->execute("UPDATE users SET email = 'while-stopped@example.com' WHERE id = " +
             std::to_string(kRows - 1));
  const auto resumed = run_->apply({"--format", "json"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("\"resumed\":true"), std::string::npos) << resumed.out;
  // The row updated while zdm was stopped was carried by the triggers: the chunks found it
  // copied already and did not count it.
  EXPECT_EQ(scalar("SELECT sum(rows_done) FROM " + run_->checkpoints()), std::to_string(kRows - 1));
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE email_address = email"),
            std::to_string(kRows));
  EXPECT_EQ(scalar("SELECT email_address FROM users WHERE id = " + std::to_string(kRows - 1)),
            "while-stopped@example.com");
  EXPECT_EQ(zdm_tables(), "0");
}

// Killed mid-copy and rolled back: the copy's triggers and table are gone with the column.
TEST_F(BackfillCopy, KilledMidCopyRollsBackToTheTableAsItWas) {
  run_->write_plan_text(
      plan_text("      chunk: {min_rows: 500, max_rows: 500}\n"
                "      throttle: {max_rows_per_second: 8000}\n"));
  start_and_wait_for(3000);
  const auto rollback =
      test::run_zdm({"rollback", "it-copy", "--yes"}, {"ZDM_DSN=" + database_->dsn().text()});
  ASSERT_EQ(rollback.exit_code, 0) << rollback.err;
  EXPECT_EQ(rollback.err.find("differs from the snapshot"), std::string::npos) << rollback.err;
  EXPECT_EQ(zdm_tables(), "0");
  EXPECT_EQ(triggers(), "");
  database_->connect()->execute("INSERT INTO users (email) VALUES ('after@example.com')");
  EXPECT_EQ(scalar("SELECT count(*) FROM users"), std::to_string(kRows + 1));
}

// A foreign key or a trigger of the application's would not follow the swap: refused
// before expand, naming it and the fix; the dry run reports the same.
TEST_F(BackfillCopy, RefusesATableWhoseForeignKeysOrTriggersASwapWouldBreak) {
  auto c = database_->connect();
  c->execute(
      "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, "
      "CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id))");
  c->execute("CREATE TABLE audit (id bigint)");
  c->execute(
      "CREATE TRIGGER users_audit AFTER DELETE ON users FOR EACH ROW "
      "INSERT INTO audit VALUES (OLD.id)");
  run_->write_plan_text(plan_text(""));
  const auto refused = run_->apply();
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("foreign key fk_orders_user (orders references users)"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("trigger users_audit would stay on the original table"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("set method: update"), std::string::npos) << refused.err;
  EXPECT_EQ(email_address_columns(), "0");
  const auto dry = run_->apply({"--dry-run"});
  EXPECT_NE(dry.exit_code, 0);
  EXPECT_NE((dry.out + dry.err).find("fk_orders_user"), std::string::npos) << dry.out << dry.err;
}

// With AUTO_INCREMENT a chunk of the copy is two statements: a locking count of the chunk's
// rows, bounded by the chunk's end, then the INSERT … SELECT of the same rows.
TEST_F(BackfillCopy, TheDryRunShowsEachChunkLockingItsRowsThenCopyingThem) {
  const auto table = dry_run_backfill_of_users();
  ASSERT_TRUE(table.is_object());
  EXPECT_TRUE(table.at("chunk_update").is_null()) << table;
  const auto chunk = table.at("copy").at("chunk").get<std::vector<std::string>>();
  ASSERT_EQ(chunk.size(), 2u) << table;
  EXPECT_EQ(chunk[0],
            "SELECT count(*) FROM `users` WHERE (`id` > ?) AND (`id` <= ?) LOCK IN SHARE MODE");
  EXPECT_EQ(chunk[1].rfind("INSERT INTO `_zdm_", 0), 0u) << chunk[1];
  EXPECT_NE(chunk[1].find("WHERE (`id` > ?) AND (`id` <= ?) LOCK IN SHARE MODE SKIP LOCKED"),
            std::string::npos)
      << chunk[1];
}

// Without AUTO_INCREMENT a chunk is the INSERT … SELECT alone, locking what it reads.
TEST_F(BackfillCopy, TheDryRunShowsOneStatementAChunkWithoutAutoIncrement) {
  drop_auto_increment();
  const auto table = dry_run_backfill_of_users();
  ASSERT_TRUE(table.is_object());
  const auto chunk = table.at("copy").at("chunk").get<std::vector<std::string>>();
  ASSERT_EQ(chunk.size(), 1u) << table;
  EXPECT_EQ(chunk[0].rfind("INSERT INTO `_zdm_", 0), 0u) << chunk[0];
  EXPECT_NE(chunk[0].find("WHERE (`id` > ?) AND (`id` <= ?) LOCK IN SHARE MODE ON DUPLICATE"),
            std::string::npos)
      << chunk[0];
}

// Before a copy starts, zdm reads the table's size and the free space of the disk under the
// server's data (information_schema.DISKS: the disks plugin, which the test server loads,
// read with the FILE privilege). The dry run shows both; a login without FILE copies too,
// and the log says what the copy needs and why zdm could not check it.
TEST_F(BackfillCopy, TheDisksRoomForTheCopyIsReadOrSaidToBeUnknown) {
  database_->connect()->execute("ANALYZE TABLE users");
  const auto table = dry_run_backfill_of_users();
  ASSERT_TRUE(table.is_object());
  const auto& room = table.at("copy").at("room");
  ASSERT_TRUE(room.is_object()) << table;
  const long long table_bytes = room.at("table_bytes").get<long long>();
  EXPECT_GT(table_bytes, 1000000) << room;  // 40,000 rows
  EXPECT_FALSE(room.at("binary_log").get<bool>()) << room;
  EXPECT_EQ(room.at("needed_bytes").get<long long>(), table_bytes * 120 / 100) << room;
  ASSERT_TRUE(room.at("free_bytes").is_number()) << room;
  EXPECT_GT(room.at("free_bytes").get<long long>(), 0) << room;
  EXPECT_TRUE(room.at("disk").is_string()) << room;
  EXPECT_TRUE(room.at("unknown_because").is_null()) << room;

  LimitedAccount limited(*database_);
  const auto applied = run_->apply({}, limited.dsn());
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_NE(applied.err.find("users: the copy needs about"), std::string::npos) << applied.err;
  EXPECT_NE(applied.err.find("the disks plugin (INSTALL SONAME 'disks') and the FILE privilege"),
            std::string::npos)
      << applied.err;
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE email_address = email"),
            std::to_string(kRows));
}

}  // namespace
}  // namespace zdm::testing
