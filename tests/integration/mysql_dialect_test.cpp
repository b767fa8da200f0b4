// The MySQL/MariaDB dialect against the real MariaDB 10.11: every step runs, shows as
// applied and is undone back to the same schema; sync triggers, backup and restore, the
// advisory lock, lock holders and keyset pagination work on the server. Each test has a
// database of its own.

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "../unit/dialect_test_support.hpp"
#include "test_databases.hpp"
#include "zdm/db/dialect.hpp"

namespace zdm::testing {
namespace {

using test::column;

using db::Connection;
using db::DbError;
using db::SqlStatement;
using db::TableSchema;

class MysqlDialectIntegration : public ::testing::Test {
 protected:
  MysqlDialectIntegration()
      : dialect_(db::make_dialect(db::DriverKind::mysql, "public", "zdm")),
        connection_(database_.connect()) {}

  Connection& db() { return *connection_; }
  const db::Dialect& dialect() const { return *dialect_; }

  void run(const std::vector<SqlStatement>& statements) {
    for (const auto& statement : statements)
      db().execute(statement.sql);
  }

  TableSchema describe(const std::string& table) { return dialect().describe_table(db(), table); }

  // Runs the step and checks it shows as applied (and did not before); then runs its inverse
  // and checks the table is back to what it was.
  void round_trip(const plan::DdlAction& action, const std::string& table) {
    const TableSchema before = describe(table);
    EXPECT_FALSE(dialect().is_applied(db(), action)) << plan::step_kind(action);
    const auto undo = dialect().inverse(action, before);
    ASSERT_TRUE(undo.has_value()) << plan::step_kind(action);
    run(dialect().forward(action));
    EXPECT_TRUE(dialect().is_applied(db(), action)) << plan::step_kind(action);
    EXPECT_NE(describe(table), before) << plan::step_kind(action);
    run(*undo);
    EXPECT_FALSE(dialect().is_applied(db(), action)) << plan::step_kind(action);
    const TableSchema after = describe(table);
    EXPECT_EQ(after, before) << plan::step_kind(action) << ": "
                             << testing_differences(before, after);
  }

  static std::string testing_differences(const TableSchema& before, const TableSchema& now) {
    std::string out;
    for (const auto& line : db::schema_differences(before, now))
      out += line + "\n";
    return out;
  }

  // A digest of every row, to compare data before and after.
  std::string checksum(const std::string& table, const std::string& columns) {
    return db()
        .query_scalar("SELECT MD5(GROUP_CONCAT(CONCAT_WS('|', " + columns +
                          ") ORDER BY id SEPARATOR '\\n')) FROM " + table,
                      {})
        .value_or("(null)");
  }

  void create_users() {
    db().execute(
        "CREATE TABLE users (id BIGINT NOT NULL PRIMARY KEY, email VARCHAR(255) NOT NULL, "
        "email_address VARCHAR(255) NULL, status INT NOT NULL DEFAULT 0) ENGINE=InnoDB");
    db().execute(
        "INSERT INTO users (id, email, status) VALUES (1, 'Ann@Example.com', 1), "
        "(2, 'bob@example.com', 0), (3, 'Cy@X.org', 2)");
  }

  ScratchDatabase database_{TestServer::mysql};
  std::unique_ptr<db::Dialect> dialect_;
  std::unique_ptr<Connection> connection_;
};

// ---- catalog

// AUTO_INCREMENT is part of a column's description (a copy's chunks depend on it) and of
// the rollback point's snapshot; a snapshot written before it was read says false.
TEST_F(MysqlDialectIntegration, DescribesAnAutoIncrementColumnAndKeepsItInTheSnapshot) {
  db().execute("CREATE TABLE counted (id BIGINT AUTO_INCREMENT PRIMARY KEY, n INT)");
  const TableSchema t = describe("counted");
  ASSERT_EQ(t.columns.size(), 2u);
  EXPECT_EQ(t.columns[0], (db::ColumnSchema{"id", "bigint(20)", false, std::nullopt, true}));
  EXPECT_FALSE(t.columns[1].auto_increment);
  EXPECT_EQ(db::table_schema_from_json(db::to_json(t)), t);
  auto old_snapshot = db::to_json(t);
  old_snapshot["columns"][0].erase("auto_increment");
  EXPECT_FALSE(db::table_schema_from_json(old_snapshot).columns[0].auto_increment);
  EXPECT_FALSE(db::to_json(t)["columns"][1].contains("auto_increment"));
}

TEST_F(MysqlDialectIntegration, DescribesColumnsIndexesConstraintsAndTriggers) {
  db().execute("CREATE TABLE parent (id INT PRIMARY KEY) ENGINE=InnoDB");
  db().execute(
      "CREATE TABLE t (a INT NOT NULL, b VARCHAR(40) NOT NULL, c TEXT, d VARCHAR(5) DEFAULT "
      "'NULL', e INT DEFAULT 3, p INT, PRIMARY KEY (a, b), UNIQUE KEY uq_e (e), KEY k_b (b(10), "
      "e DESC), CONSTRAINT ck_a CHECK (a > 0), CONSTRAINT fk_p FOREIGN KEY (p) REFERENCES parent "
      "(id) ON DELETE CASCADE) ENGINE=InnoDB");
  db().execute("CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW SET NEW.e = NEW.e + 1");

  const TableSchema t = describe("t");
  ASSERT_TRUE(t.exists);
  EXPECT_EQ(t.table, "t");
  ASSERT_EQ(t.columns.size(), 6u);
  EXPECT_EQ(t.columns[0], (db::ColumnSchema{"a", "int(11)", false, std::nullopt}));
  EXPECT_EQ(t.columns[2], (db::ColumnSchema{"c", "text", true, std::nullopt}));
  EXPECT_EQ(t.columns[3], (db::ColumnSchema{"d", "varchar(5)", true, "'NULL'"}));
  EXPECT_EQ(t.columns[4], (db::ColumnSchema{"e", "int(11)", true, "3"}));
  EXPECT_EQ(t.primary_key(), (std::vector<std::string>{"a", "b"}));

  std::vector<std::string> index_names;
  for (const auto& index : t.indexes)
    index_names.push_back(index.name);
  EXPECT_EQ(index_names, (std::vector<std::string>{"PRIMARY", "fk_p", "k_b", "uq_e"}));
  EXPECT_EQ(t.index("k_b")->definition, "ALTER TABLE `t` ADD INDEX `k_b` (`b`(10), `e` DESC)");
  EXPECT_TRUE(t.index("uq_e")->unique);

  std::vector<std::tuple<std::string, std::string, std::string>> constraints;
  for (const auto& c : t.constraints)
    constraints.emplace_back(c.name, c.kind, c.definition);
  EXPECT_EQ(constraints,
            (std::vector<std::tuple<std::string, std::string, std::string>>{
                {"PRIMARY", "primary_key", "PRIMARY KEY (`a`, `b`)"},
                {"ck_a", "check", "CHECK (`a` > 0)"},
                {"fk_p", "foreign_key",
                 "FOREIGN KEY (`p`) REFERENCES `parent` (`id`) ON UPDATE RESTRICT ON DELETE "
                 "CASCADE"},
                {"uq_e", "unique", "UNIQUE (`e`)"}}));
  ASSERT_EQ(t.triggers.size(), 1u);
  EXPECT_EQ(t.triggers[0].name, "t_bi");
  EXPECT_EQ(t.triggers[0].definition, "BEFORE INSERT FOR EACH ROW SET NEW.e = NEW.e + 1");

  // Every index definition recreates the index as it was.
  for (const auto& index : t.indexes) {
    if (index.primary || index.name == "fk_p")
      continue;
    db().execute("ALTER TABLE t DROP INDEX `" + index.name + "`");
    db().execute(index.definition);
  }
  EXPECT_EQ(describe("t"), t);

  const TableSchema missing = describe("no_such_table");
  EXPECT_FALSE(missing.exists);
  EXPECT_TRUE(missing.columns.empty());
}

TEST_F(MysqlDialectIntegration, EstimatesRowsFromTheCatalog) {
  create_users();
  db().execute("ANALYZE TABLE users");
  const auto rows = dialect().estimate_rows(db(), "users");
  ASSERT_TRUE(rows.has_value());
  EXPECT_GE(*rows, 0);
  EXPECT_EQ(dialect().estimate_rows(db(), "no_such_table"), std::nullopt);
}

TEST_F(MysqlDialectIntegration, SessionSettingsApply) {
  plan::Settings settings;
  settings.lock_timeout = std::chrono::milliseconds(1500);
  settings.statement_timeout = std::chrono::milliseconds(2500);
  for (const auto& statement : dialect().session_settings(settings))
    db().execute(statement);
  EXPECT_EQ(db().query_scalar("SELECT @@SESSION.lock_wait_timeout", {}), "2");
  EXPECT_EQ(db().query_scalar("SELECT @@SESSION.innodb_lock_wait_timeout", {}), "2");
  EXPECT_EQ(db().query_scalar("SELECT @@SESSION.max_statement_time", {}), "2.500000");
  db().execute(dialect().begin_transaction());
  db().execute("ROLLBACK");
}

// ---- steps: forward, is_applied, inverse

TEST_F(MysqlDialectIntegration, AddColumnRoundTrips) {
  create_users();
  round_trip(plan::AddColumn{"users", column("nickname", "varchar(40)")}, "users");
  round_trip(plan::AddColumn{"users", column("flags", "int", false, "7")}, "users");
}

TEST_F(MysqlDialectIntegration, CreateTableRoundTrips) {
  round_trip(
      plan::CreateTable{"order_lines",
                        {column("order_id", "bigint", false, std::nullopt, true),
                         column("line", "int", false, std::nullopt, true), column("body", "text")}},
      "order_lines");
}

TEST_F(MysqlDialectIntegration, CreateTableHasTheCompositePrimaryKey) {
  run(dialect().forward(plan::CreateTable{
      "order_lines",
      {column("order_id", "bigint", true, std::nullopt, true),
       column("line", "int", true, std::nullopt, true), column("qty", "int", false, "1")}}));
  const TableSchema t = describe("order_lines");
  EXPECT_EQ(t.primary_key(), (std::vector<std::string>{"order_id", "line"}));
  EXPECT_EQ(t.columns[2], (db::ColumnSchema{"qty", "int(11)", false, "1"}));
  EXPECT_EQ(db().query_scalar("SELECT ENGINE FROM information_schema.tables WHERE TABLE_SCHEMA = "
                              "DATABASE() AND TABLE_NAME = 'order_lines'",
                              {}),
            "InnoDB");
}

TEST_F(MysqlDialectIntegration, CreateIndexRoundTrips) {
  create_users();
  round_trip(plan::CreateIndex{"users", "idx_users_email", {"email", "status"}, true, {}}, "users");
}

TEST_F(MysqlDialectIntegration, AddCheckRoundTripsAndValidatesExistingRows) {
  create_users();
  round_trip(plan::AddCheck{"users", "ck_users_email_at", "email LIKE '%@%'"}, "users");
  db().execute("INSERT INTO users (id, email) VALUES (4, 'no-at-sign')");
  const TableSchema before = describe("users");
  EXPECT_THROW(run(dialect().forward(plan::AddCheck{"users", "ck_at", "email LIKE '%@%'"})),
               DbError);
  EXPECT_EQ(describe("users"), before);
}

TEST_F(MysqlDialectIntegration, AddForeignKeyRoundTripsWithTheIndexItCreated) {
  create_users();
  db().execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT) ENGINE=InnoDB");
  db().execute("INSERT INTO orders VALUES (10, 1), (11, 2), (12, NULL)");
  const plan::AddForeignKey fk{
      "orders", "fk_orders_user", {"user_id"}, {"users", {"id"}}, "cascade"};
  round_trip(fk, "orders");

  // With an index that starts with user_id, MySQL creates none, and the inverse drops none.
  db().execute("CREATE INDEX idx_orders_user ON orders (user_id, id)");
  round_trip(fk, "orders");
}

TEST_F(MysqlDialectIntegration, AddForeignKeyValidatesExistingRows) {
  create_users();
  db().execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, user_id BIGINT) ENGINE=InnoDB");
  db().execute("INSERT INTO orders VALUES (10, 99)");
  try {
    run(dialect().forward(
        plan::AddForeignKey{"orders", "fk_orders_user", {"user_id"}, {"users", {"id"}}, {}}));
    FAIL() << "a foreign key over an orphan row was added";
  } catch (const DbError& error) {
    EXPECT_EQ(error.vendor_code(), 1452) << error.what();
  }
}

TEST_F(MysqlDialectIntegration, RawSqlRunsUpAndDown) {
  create_users();
  plan::RawSql raw;
  raw.up = "ALTER TABLE users ADD COLUMN raw_col INT";
  raw.down = "ALTER TABLE users DROP COLUMN raw_col";
  const TableSchema before = describe("users");
  EXPECT_FALSE(dialect().is_applied(db(), raw));
  run(dialect().forward(raw));
  EXPECT_NE(describe("users").column("raw_col"), nullptr);
  EXPECT_FALSE(dialect().is_applied(db(), raw));  // cannot be known
  run(*dialect().inverse(raw, before));
  EXPECT_EQ(describe("users"), before);
}

TEST_F(MysqlDialectIntegration, RenameColumnRoundTrips) {
  create_users();
  db().execute("CREATE INDEX idx_ea ON users (email_address)");
  round_trip(plan::RenameColumn{"users", "email_address", "contact"}, "users");
}

TEST_F(MysqlDialectIntegration, DropIndexRoundTripsFromTheSnapshot) {
  create_users();
  db().execute("CREATE UNIQUE INDEX idx_prefix ON users (email(20), status DESC)");
  round_trip(plan::DropIndex{"users", "idx_prefix"}, "users");
  db().execute("CREATE FULLTEXT INDEX ft_email ON users (email)");
  round_trip(plan::DropIndex{"users", "ft_email"}, "users");
}

TEST_F(MysqlDialectIntegration, DropColumnRunsOnlineEvenWhenIndexed) {
  create_users();
  db().execute("CREATE INDEX idx_status ON users (status)");
  const plan::DropColumn drop{"users", "status", false};
  EXPECT_FALSE(dialect().is_applied(db(), drop));
  run(dialect().forward(drop));
  EXPECT_TRUE(dialect().is_applied(db(), drop));
  EXPECT_EQ(describe("users").index("idx_status"), nullptr);
}

TEST_F(MysqlDialectIntegration, CleanupOfAFailedAttemptIsNothing) {
  create_users();
  EXPECT_TRUE(dialect()
                  .cleanup_failed_attempt(
                      db(), plan::CreateIndex{"users", "idx", {"email"}, false, std::nullopt})
                  .empty());
}

// ---- drop_column with backup

TEST_F(MysqlDialectIntegration, BackupDropRestoreGivesTheSameDataAndSchema) {
  db().execute(
      "CREATE TABLE accounts (id BIGINT NOT NULL, region CHAR(2) NOT NULL, email VARCHAR(255) "
      "NOT NULL DEFAULT 'none', note TEXT, PRIMARY KEY (id, region), KEY idx_email (email), KEY "
      "idx_region_email (region, email)) ENGINE=InnoDB");
  db().execute(
      "INSERT INTO accounts (id, region, email, note) SELECT seq, IF(seq % 2 = 0, 'eu', 'us'), "
      "CONCAT('user', seq, '@example.com'), IF(seq % 3 = 0, NULL, CONCAT('n', seq)) "
      "FROM seq_1_to_500");
  const std::string columns = "id, region, email, IFNULL(note, '<null>')";
  const std::string data_before = checksum("accounts", columns);
  const TableSchema before = describe("accounts");
  const std::string backup = dialect().state_table("backup_accounts_email");

  run(dialect().backup_column("accounts", "email", before.primary_key(), backup));
  run(dialect().forward(plan::DropColumn{"accounts", "email", true}));
  EXPECT_EQ(describe("accounts").column("email"), nullptr);
  db().execute("INSERT INTO accounts (id, region) VALUES (1000, 'eu')");  // after the drop
  run(dialect().restore_column(before, "email", backup));

  EXPECT_EQ(db().query_scalar("SELECT email FROM accounts WHERE id = 1000", {}), "none");
  db().execute("DELETE FROM accounts WHERE id = 1000");
  EXPECT_EQ(checksum("accounts", columns), data_before);
  const TableSchema after = describe("accounts");
  EXPECT_EQ(after, before) << testing_differences(before, after);

  // A nullable column, NULLs included.
  const std::string note_backup = dialect().state_table("backup_accounts_note");
  run(dialect().backup_column("accounts", "note", before.primary_key(), note_backup));
  run(dialect().forward(plan::DropColumn{"accounts", "note", true}));
  run(dialect().restore_column(before, "note", note_backup));
  EXPECT_EQ(checksum("accounts", columns), data_before);
  EXPECT_EQ(describe("accounts"), before);
}

// contract drops an index on a column and then the column; rollback undoes them in reverse:
// restoring the column already puts the index back, and undoing drop_index then does nothing.
TEST_F(MysqlDialectIntegration, UndoingDropColumnThenDropIndexRestoresBoth) {
  create_users();
  db().execute("CREATE INDEX idx_email ON users (email)");
  db().execute("CREATE INDEX idx_email_status ON users (email, status)");
  const TableSchema before = describe("users");
  const std::string backup = dialect().state_table("backup_users_email");
  const plan::DropIndex drop_index{"users", "idx_email"};
  const auto undo_drop_index = *dialect().inverse(drop_index, before);

  run(dialect().forward(drop_index));
  run(dialect().backup_column("users", "email", before.primary_key(), backup));
  run(dialect().forward(plan::DropColumn{"users", "email", true}));
  run(dialect().restore_column(before, "email", backup));
  run(undo_drop_index);
  const TableSchema after = describe("users");
  EXPECT_EQ(after, before) << testing_differences(before, after);
}

// A dual_write sync on users: `column` kept equal to `expression`.
plan::SyncTrigger users_sync(const std::string& column, const std::string& expression) {
  plan::SyncTrigger sync;
  sync.table = "users";
  sync.set = {{column, expression, {}}};
  return sync;
}

// ---- dual_write sync triggers

TEST_F(MysqlDialectIntegration, SyncTriggersKeepTheTargetInStep) {
  create_users();
  const plan::SyncTrigger sync = users_sync("email_address", "LOWER(email)");
  const TableSchema before = describe("users");
  run(dialect().create_sync(sync, before, "users-email"));
  EXPECT_EQ(describe("users").triggers.size(), 2u);
  run(dialect().create_sync(sync, before, "users-email"));  // a re-run replaces them

  db().execute("INSERT INTO users (id, email) VALUES (10, 'Dee@Example.COM')");
  EXPECT_EQ(db().query_scalar("SELECT email_address FROM users WHERE id = 10", {}),
            "dee@example.com");
  // An explicitly written target is kept on insert.
  db().execute(
      "INSERT INTO users (id, email, email_address) VALUES (11, 'Eve@X.org', 'chosen@x.org')");
  EXPECT_EQ(db().query_scalar("SELECT email_address FROM users WHERE id = 11", {}), "chosen@x.org");
  // Changing the source recomputes the target; other changes leave it alone.
  db().execute("UPDATE users SET email = 'EVE@NEW.ORG' WHERE id = 11");
  EXPECT_EQ(db().query_scalar("SELECT email_address FROM users WHERE id = 11", {}), "eve@new.org");
  db().execute("UPDATE users SET email_address = 'manual@x.org', status = 5 WHERE id = 10");
  EXPECT_EQ(db().query_scalar("SELECT email_address FROM users WHERE id = 10", {}), "manual@x.org");
  // A written target is kept while the expression's value stays (a change of case in email
  // does not change LOWER(email)), and recomputed when it changes.
  db().execute("UPDATE users SET email = 'DEE@EXAMPLE.COM' WHERE id = 10");
  EXPECT_EQ(db().query_scalar("SELECT email_address FROM users WHERE id = 10", {}), "manual@x.org");
  db().execute("UPDATE users SET email = 'Dee@Other.org' WHERE id = 10");
  EXPECT_EQ(db().query_scalar("SELECT email_address FROM users WHERE id = 10", {}),
            "dee@other.org");
  // Rows from before the trigger get the target from any UPDATE that leaves it unfilled, one
  // of another column too; an UPDATE that writes NULL into a filled target keeps its NULL.
  db().execute("UPDATE users SET status = 7 WHERE id = 1");
  EXPECT_EQ(db().query_scalar("SELECT email_address FROM users WHERE id = 1", {}),
            "ann@example.com");
  db().execute("UPDATE users SET email_address = NULL WHERE id = 1");
  EXPECT_EQ(db().query_scalar("SELECT email_address FROM users WHERE id = 1", {}), std::nullopt);
  db().execute("UPDATE users SET email = 'Ann@Other.com' WHERE id = 1");
  EXPECT_EQ(db().query_scalar("SELECT email_address FROM users WHERE id = 1", {}), "ann@other.com");

  run(dialect().drop_sync(sync, "users-email"));
  EXPECT_EQ(describe("users"), before);
  run(dialect().drop_sync(sync, "users-email"));  // idempotent
}

// A NOT NULL target with a default (as ZDM105 asks for): a row written without it has the
// default by the time the trigger runs, and is filled like a NULL one.
TEST_F(MysqlDialectIntegration, SyncTriggersFillATargetLeftAtItsDefault) {
  create_users();
  const plan::SyncTrigger sync = users_sync("status", "LENGTH(email)");
  run(dialect().create_sync(sync, describe("users"), "users-status"));
  auto status = [&](int id) {
    return db().query_scalar("SELECT status FROM users WHERE id = ?", {std::to_string(id)});
  };
  db().execute("INSERT INTO users (id, email) VALUES (10, 'dee@x.org')");
  EXPECT_EQ(status(10), "9");
  db().execute("INSERT INTO users (id, email, status) VALUES (11, 'eve@x.org', 42)");
  EXPECT_EQ(status(11), "42");
  db().execute("UPDATE users SET email_address = 'b' WHERE id = 2");  // status 0: the default
  EXPECT_EQ(status(2), "15");
  db().execute("UPDATE users SET email_address = 'c' WHERE id = 3");  // status 2: written
  EXPECT_EQ(status(3), "2");
}

// The table's collation is case-insensitive ('Ann' = 'ANN'): a change of case only must still
// reach the target.
TEST_F(MysqlDialectIntegration, SyncTriggersSeeChangesOfCase) {
  create_users();
  const plan::SyncTrigger sync = users_sync("email_address", "email");
  run(dialect().create_sync(sync, describe("users"), "copy-email"));
  db().execute("INSERT INTO users (id, email) VALUES (10, 'Dee@Example.com')");
  db().execute("UPDATE users SET email = 'DEE@EXAMPLE.COM' WHERE id = 10");
  EXPECT_EQ(db().query_scalar("SELECT BINARY email_address FROM users WHERE id = 10", {}),
            "DEE@EXAMPLE.COM");
  db().execute("UPDATE users SET email = NULL WHERE id = 10 AND 1 = 0");  // no row: no change
  db().execute("UPDATE users SET email_address = NULL, status = 3 WHERE id = 10");
  EXPECT_EQ(db().query_scalar("SELECT email_address FROM users WHERE id = 10", {}), std::nullopt);
}

// ---- advisory lock

TEST_F(MysqlDialectIntegration, AdvisoryLockKeepsASecondSessionOut) {
  auto other = database_.connect();
  for (const std::string& key : {std::string("users-email"), std::string(200, 'k')}) {
    EXPECT_EQ(dialect().advisory_lock_holder(*other, key), std::nullopt);
    ASSERT_TRUE(dialect().try_advisory_lock(db(), key)) << key;
    EXPECT_FALSE(dialect().try_advisory_lock(*other, key));
    EXPECT_EQ(dialect().advisory_lock_holder(*other, key), db().session_id());
    dialect().release_advisory_lock(db(), key);
    EXPECT_EQ(dialect().advisory_lock_holder(*other, key), std::nullopt);
    EXPECT_TRUE(dialect().try_advisory_lock(*other, key));
    dialect().release_advisory_lock(*other, key);
  }
}

TEST_F(MysqlDialectIntegration, AdvisoryLocksOfDifferentDatabasesAreIndependent) {
  ScratchDatabase second(TestServer::mysql);
  auto elsewhere = second.connect();
  ASSERT_TRUE(dialect().try_advisory_lock(db(), "same-name"));
  EXPECT_TRUE(dialect().try_advisory_lock(*elsewhere, "same-name"));
  dialect().release_advisory_lock(*elsewhere, "same-name");
  dialect().release_advisory_lock(db(), "same-name");
}

// ---- lock timeouts and who holds the lock

TEST_F(MysqlDialectIntegration, LockHoldersNameTheOpenTransactionThatBlocksDdl) {
  create_users();
  auto holder = database_.connect();
  holder->execute("START TRANSACTION");
  holder->query("SELECT * FROM users WHERE id = 1");
  const std::string holder_id = holder->session_id();

  auto ddl = database_.connect();
  const std::string ddl_id = ddl->session_id();
  plan::Settings settings;
  settings.lock_timeout = std::chrono::seconds(3);
  for (const auto& statement : dialect().session_settings(settings))
    ddl->execute(statement);
  const auto alter = dialect().forward(plan::AddColumn{"users", column("x", "int")});
  auto waiting = std::async(std::launch::async, [&]() -> std::optional<DbError> {
    try {
      ddl->execute(alter[0].sql);
    } catch (const DbError& error) {
      return error;
    }
    return std::nullopt;
  });

  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  auto observer = database_.connect();
  const auto others = dialect().lock_holders(*observer, "users", "0");
  const auto holders = dialect().lock_holders(*observer, "users", ddl_id);
  const std::optional<DbError> failure = waiting.get();

  ASSERT_TRUE(failure.has_value()) << "the ALTER did not wait for the open transaction";
  EXPECT_EQ(failure->vendor_code(), 1205) << failure->what();
  EXPECT_TRUE(dialect().is_retryable(*failure));

  std::string all;
  for (const auto& line : holders)
    all += line + "\n";
  EXPECT_NE(all.find("session " + holder_id + " ("), std::string::npos) << all;
  EXPECT_NE(all.find("transaction open "), std::string::npos) << all;
  EXPECT_EQ(all.find("session " + ddl_id + " ("), std::string::npos) << all;
  EXPECT_EQ(all.find("session " + observer->session_id() + " ("), std::string::npos) << all;

  // Seen from anyone else, the ALTER is there too, waiting for the metadata lock.
  std::string everyone;
  for (const auto& line : others)
    everyone += line + "\n";
  EXPECT_NE(everyone.find("session " + ddl_id + " ("), std::string::npos) << everyone;
  EXPECT_NE(everyone.find("Waiting for table metadata lock"), std::string::npos) << everyone;

  holder->execute("ROLLBACK");
  for (const auto& line : dialect().lock_holders(*observer, "users", ddl_id))
    EXPECT_EQ(line.find("session " + holder_id + " ("), std::string::npos) << line;
  ddl->execute(alter[0].sql);  // free now
}

// ---- keyset pagination

// Pages through `table` ordered by `key`, `page` rows at a time, with key_after; returns the
// keys seen, each as "a,b,…".
std::vector<std::string> page_through(Connection& db, const db::Dialect& dialect,
                                      const std::string& table, const std::vector<std::string>& key,
                                      int page) {
  std::string list;
  for (const auto& k : key)
    list += (list.empty() ? "" : ", ") + dialect.quote(k);
  std::vector<std::string> seen;
  std::optional<db::Row> last;
  for (;;) {
    std::string sql = "SELECT " + list + " FROM " + dialect.table(table);
    std::vector<db::Value> params;
    if (last) {
      const db::KeyPredicate after = dialect.key_after(key, 1);
      sql += " WHERE " + after.sql;
      for (int index : after.value_indexes)
        params.push_back((*last)[static_cast<std::size_t>(index)]);
    }
    sql += " ORDER BY " + list + " LIMIT " + std::to_string(page);
    const auto rows = db.query(sql, params);
    if (rows.empty())
      break;
    for (const auto& row : rows) {
      std::string text;
      for (const auto& value : row)
        text += (text.empty() ? "" : ",") + value.value_or("NULL");
      seen.push_back(text);
    }
    last = rows.back();
  }
  return seen;
}

TEST_F(MysqlDialectIntegration, KeyPredicatesPageThroughEveryRowOnce) {
  db().execute(
      "CREATE TABLE grid (a INT NOT NULL, b VARCHAR(5) NOT NULL, c INT NOT NULL, PRIMARY KEY (a, "
      "b, c)) ENGINE=InnoDB");
  db().execute(
      "INSERT INTO grid SELECT x.seq, CHAR(96 + y.seq), z.seq FROM seq_1_to_5 x, seq_1_to_4 y, "
      "seq_1_to_3 z");
  const auto all = db().query("SELECT CONCAT_WS(',', a, b, c) FROM grid ORDER BY a, b, c");
  ASSERT_EQ(all.size(), 60u);
  std::vector<std::string> expected;
  for (const auto& row : all)
    expected.push_back(*row[0]);

  for (int page : {1, 7, 60, 100}) {
    EXPECT_EQ(page_through(db(), dialect(), "grid", {"a", "b", "c"}, page), expected) << page;
  }
  // Two and one key columns.
  db().execute(
      "CREATE TABLE grid2 (PRIMARY KEY (a, b)) ENGINE=InnoDB AS SELECT DISTINCT a, b FROM grid");
  db().execute("CREATE TABLE grid1 (PRIMARY KEY (a)) ENGINE=InnoDB AS SELECT DISTINCT a FROM grid");
  std::vector<std::string> expected2;
  for (const auto& row : db().query("SELECT CONCAT_WS(',', a, b) FROM grid2 ORDER BY a, b"))
    expected2.push_back(*row[0]);
  ASSERT_EQ(expected2.size(), 20u);
  EXPECT_EQ(page_through(db(), dialect(), "grid2", {"a", "b"}, 3), expected2);
  EXPECT_EQ(page_through(db(), dialect(), "grid1", {"a"}, 2),
            (std::vector<std::string>{"1", "2", "3", "4", "5"}));

  // key_at_most bounds a chunk: everything up to and including (2, 'c', 2).
  const db::KeyPredicate most = dialect().key_at_most({"a", "b", "c"}, 1);
  const std::vector<std::string> bound{"2", "c", "2"};
  std::vector<db::Value> params;
  for (int index : most.value_indexes)
    params.push_back(bound[static_cast<std::size_t>(index)]);
  const auto counted = db().query("SELECT COUNT(*) FROM grid WHERE " + most.sql, params);
  EXPECT_EQ(counted[0][0], "20");  // a=1: 12 rows; a=2: b in a, b (6 rows) and c with c<=2 (2)
}

}  // namespace
}  // namespace zdm::testing
