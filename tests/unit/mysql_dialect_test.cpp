// The MySQL/MariaDB dialect's SQL, generated without a database: quoting, every step kind,
// its inverse, the NEW./OLD. rewriting of sync trigger expressions and keyset predicates.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "../../src/db/mysql/mysql_expression.hpp"
#include "../../src/db/mysql/mysql_names.hpp"
#include "dialect_test_support.hpp"
#include "zdm/db/dialect.hpp"

namespace zdm::db {
namespace {

using test::column;
using test::sql_of;

std::unique_ptr<Dialect> mysql_dialect() {
  return make_dialect(DriverKind::mysql, "public", "zdm");
}

// A dual_write sync on users: `column` kept equal to `expression`.
plan::SyncTrigger users_sync(const std::string& column, const std::string& expression) {
  plan::SyncTrigger sync;
  sync.table = "users";
  sync.set = {{column, expression, {}}};
  return sync;
}

TableSchema users_schema() {
  TableSchema t;
  t.table = "users";
  t.exists = true;
  t.columns = {{"id", "bigint(20)", false, std::nullopt},
               {"email", "varchar(255)", false, std::nullopt},
               {"email_address", "varchar(255)", true, std::nullopt},
               {"Status", "int(11)", true, "0"}};
  t.indexes = {{"PRIMARY", {"id"}, true, true, true, "ALTER TABLE `users` ADD PRIMARY KEY (`id`)"}};
  return t;
}

// ---- names

TEST(MysqlDialect, QuotesWithBackticksDoublingInnerOnes) {
  auto d = mysql_dialect();
  EXPECT_EQ(d->driver(), DriverKind::mysql);
  EXPECT_EQ(d->quote("users"), "`users`");
  EXPECT_EQ(d->quote("a`b"), "`a``b`");
  EXPECT_EQ(d->quote("``"), "``````");
  EXPECT_EQ(d->quote("a\"b"), "`a\"b`");
}

TEST(MysqlDialect, TablesLiveInTheDsnDatabaseAndStateTablesArePrefixed) {
  auto d = mysql_dialect();
  EXPECT_EQ(d->table("users"), "`users`");
  EXPECT_EQ(d->state_table("migrations"), "`zdm_migrations`");
  EXPECT_EQ(make_dialect(DriverKind::mysql, "public", "ops")->state_table("events"),
            "`ops_events`");
}

TEST(MysqlDialect, ValuesAndTypes) {
  auto d = mysql_dialect();
  EXPECT_EQ(d->placeholder(1), "?");
  EXPECT_EQ(d->placeholder(7), "?");
  EXPECT_EQ(d->long_text_type(), "LONGTEXT");
  EXPECT_EQ(d->identity_column("id"), "`id` BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY");
  EXPECT_TRUE(d->create_state_namespace().empty());
  EXPECT_EQ(d->begin_transaction(), "START TRANSACTION");
}

// ---- sessions and errors

TEST(MysqlDialect, SessionSettingsRoundLockTimeoutUpToWholeSeconds) {
  auto d = mysql_dialect();
  plan::Settings settings;
  settings.lock_timeout = std::chrono::milliseconds(2500);
  settings.statement_timeout = std::chrono::milliseconds(1500);
  EXPECT_EQ(d->session_settings(settings),
            (std::vector<std::string>{"SET SESSION lock_wait_timeout = 3",
                                      "SET SESSION innodb_lock_wait_timeout = 3",
                                      "SET SESSION max_statement_time = 1.5"}));
  settings.lock_timeout = std::chrono::milliseconds(200);
  settings.statement_timeout = std::chrono::milliseconds(0);
  EXPECT_EQ(d->session_settings(settings),
            (std::vector<std::string>{"SET SESSION lock_wait_timeout = 1",
                                      "SET SESSION innodb_lock_wait_timeout = 1",
                                      "SET SESSION max_statement_time = 0"}));
  settings.lock_timeout = std::chrono::seconds(2);
  settings.statement_timeout = std::chrono::milliseconds(250);
  EXPECT_EQ(d->session_settings(settings)[0], "SET SESSION lock_wait_timeout = 2");
  EXPECT_EQ(d->session_settings(settings)[2], "SET SESSION max_statement_time = 0.25");
}

TEST(MysqlDialect, LockWaitTimeoutAndDeadlockAreRetryable) {
  auto d = mysql_dialect();
  EXPECT_TRUE(d->is_retryable(DbError("lock wait timeout", "HY000", 1205)));
  EXPECT_TRUE(d->is_retryable(DbError("deadlock", "40001", 1213)));
  EXPECT_FALSE(d->is_retryable(DbError("duplicate", "23000", 1062)));
  EXPECT_FALSE(d->is_retryable(DbError("syntax", "42000", 1064)));
  EXPECT_FALSE(d->is_retryable(DbError("no vendor code")));
}

// ---- forward

TEST(MysqlDialectForward, AddColumnIsInstant) {
  auto d = mysql_dialect();
  const auto statements =
      d->forward(plan::AddColumn{"users", column("email_address", "varchar(255)")});
  ASSERT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements[0].sql,
            "ALTER TABLE `users` ADD COLUMN `email_address` varchar(255), ALGORITHM=INSTANT");
  EXPECT_TRUE(statements[0].ddl);
  EXPECT_NE(statements[0].lock.find("INSTANT"), std::string::npos);
  // Tables INSTANT cannot change (ROW_FORMAT=COMPRESSED, FULLTEXT) get the online rebuild.
  EXPECT_EQ(statements[0].fallback_sql,
            "ALTER TABLE `users` ADD COLUMN `email_address` varchar(255), ALGORITHM=INPLACE, "
            "LOCK=NONE");
  EXPECT_NE(statements[0].fallback_lock.find("LOCK=NONE"), std::string::npos);
  EXPECT_EQ(
      sql_of(d->forward(plan::AddColumn{"users", column("flags", "int", false, "0")})),
      std::vector<std::string>{
          "ALTER TABLE `users` ADD COLUMN `flags` int NOT NULL DEFAULT 0, ALGORITHM=INSTANT"});
}

TEST(MysqlDialectForward, CreateTableWithCompositePrimaryKey) {
  auto d = mysql_dialect();
  plan::CreateTable step{"order_lines",
                         {column("order_id", "bigint", true, std::nullopt, true),
                          column("line", "int", true, std::nullopt, true), column("note", "text"),
                          column("qty", "int", false, "1")}};
  const auto statements = d->forward(step);
  ASSERT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements[0].sql,
            "CREATE TABLE `order_lines` (`order_id` bigint NOT NULL, `line` int NOT NULL, `note` "
            "text, `qty` int NOT NULL DEFAULT 1, PRIMARY KEY (`order_id`, `line`)) ENGINE=InnoDB");
}

TEST(MysqlDialectForward, CreateIndexIsOnline) {
  auto d = mysql_dialect();
  plan::CreateIndex step{"users", "idx_users_email", {"email", "id"}, false, std::nullopt};
  const auto statements = d->forward(step);
  ASSERT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements[0].sql,
            "ALTER TABLE `users` ADD INDEX `idx_users_email` (`email`, `id`), ALGORITHM=INPLACE, "
            "LOCK=NONE");
  EXPECT_NE(statements[0].lock.find("LOCK=NONE"), std::string::npos);
  step.unique = true;
  EXPECT_EQ(sql_of(d->forward(step))[0],
            "ALTER TABLE `users` ADD UNIQUE INDEX `idx_users_email` (`email`, `id`), "
            "ALGORITHM=INPLACE, LOCK=NONE");
}

TEST(MysqlDialectForward, PartialIndexesAreRefused) {
  auto d = mysql_dialect();
  plan::CreateIndex step{"users", "idx", {"email"}, false, std::string("email IS NOT NULL")};
  EXPECT_THROW(d->forward(step), std::invalid_argument);
}

TEST(MysqlDialectForward, CheckAndForeignKeyCopyTheTableAndSayItsShared) {
  auto d = mysql_dialect();
  const auto check = d->forward(plan::AddCheck{"users", "ck_at", "email LIKE '%@%'"});
  ASSERT_EQ(check.size(), 1u);
  EXPECT_EQ(check[0].sql,
            "ALTER TABLE `users` ADD CONSTRAINT `ck_at` CHECK (email LIKE '%@%'), "
            "ALGORITHM=COPY, LOCK=SHARED");
  EXPECT_EQ(check[0].lock.rfind("SHARED", 0), 0u) << check[0].lock;

  plan::AddForeignKey fk{"orders", "fk_orders_user", {"user_id"}, {"users", {"id"}}, "set null"};
  const auto foreign = d->forward(fk);
  ASSERT_EQ(foreign.size(), 1u);
  EXPECT_EQ(foreign[0].sql,
            "ALTER TABLE `orders` ADD CONSTRAINT `fk_orders_user` FOREIGN KEY (`user_id`) "
            "REFERENCES `users` (`id`) ON DELETE SET NULL, ALGORITHM=COPY, LOCK=SHARED");
  EXPECT_EQ(foreign[0].lock.rfind("SHARED", 0), 0u) << foreign[0].lock;
  fk.on_delete.reset();
  EXPECT_EQ(sql_of(d->forward(fk))[0],
            "ALTER TABLE `orders` ADD CONSTRAINT `fk_orders_user` FOREIGN KEY (`user_id`) "
            "REFERENCES `users` (`id`), ALGORITHM=COPY, LOCK=SHARED");
}

TEST(MysqlDialectForward, RawSqlIsSentAsWritten) {
  auto d = mysql_dialect();
  plan::RawSql raw;
  raw.up = "CREATE VIEW v AS SELECT 1";
  EXPECT_EQ(sql_of(d->forward(raw)), std::vector<std::string>{"CREATE VIEW v AS SELECT 1"});
}

TEST(MysqlDialectForward, ContractSteps) {
  auto d = mysql_dialect();
  EXPECT_EQ(sql_of(d->forward(plan::DropColumn{"users", "email", true})),
            std::vector<std::string>{
                "ALTER TABLE `users` DROP COLUMN `email`, ALGORITHM=INPLACE, LOCK=NONE"});
  EXPECT_EQ(sql_of(d->forward(plan::RenameColumn{"users", "email_address", "email"})),
            std::vector<std::string>{"ALTER TABLE `users` RENAME COLUMN `email_address` TO "
                                     "`email`, ALGORITHM=INSTANT"});
  EXPECT_EQ(sql_of(d->forward(plan::DropIndex{"users", "idx_old"})),
            std::vector<std::string>{
                "ALTER TABLE `users` DROP INDEX `idx_old`, ALGORITHM=INPLACE, LOCK=NONE"});
}

TEST(MysqlDialectForward, HostileNamesStayQuoted) {
  auto d = mysql_dialect();
  const auto sql = sql_of(d->forward(plan::DropIndex{"us`ers", "i`dx"}))[0];
  EXPECT_EQ(sql, "ALTER TABLE `us``ers` DROP INDEX `i``dx`, ALGORITHM=INPLACE, LOCK=NONE");
}

// ---- inverse

TEST(MysqlDialectInverse, UndoesEachExpandStep) {
  auto d = mysql_dialect();
  const TableSchema before = users_schema();
  EXPECT_EQ(sql_of(*d->inverse(plan::AddColumn{"users", column("x", "int")}, before)),
            std::vector<std::string>{
                "ALTER TABLE `users` DROP COLUMN `x`, ALGORITHM=INPLACE, LOCK=NONE"});
  EXPECT_EQ(sql_of(*d->inverse(plan::CreateTable{"t", {column("id", "int")}}, TableSchema{})),
            std::vector<std::string>{"DROP TABLE `t`"});
  EXPECT_EQ(sql_of(*d->inverse(plan::CreateIndex{"users", "idx", {"email"}, false, {}}, before)),
            std::vector<std::string>{
                "ALTER TABLE `users` DROP INDEX `idx`, ALGORITHM=INPLACE, LOCK=NONE"});
  EXPECT_EQ(sql_of(*d->inverse(plan::AddCheck{"users", "ck", "id > 0"}, before)),
            std::vector<std::string>{
                "ALTER TABLE `users` DROP CONSTRAINT `ck`, ALGORITHM=INPLACE, LOCK=NONE"});
  EXPECT_EQ(
      sql_of(*d->inverse(plan::RenameColumn{"users", "a", "b"}, before)),
      std::vector<std::string>{"ALTER TABLE `users` RENAME COLUMN `b` TO `a`, ALGORITHM=INSTANT"});
}

TEST(MysqlDialectInverse, ForeignKeyDropsTheIndexMysqlCreatedForIt) {
  auto d = mysql_dialect();
  TableSchema orders;
  orders.table = "orders";
  orders.exists = true;
  orders.indexes = {{"PRIMARY", {"id"}, true, true, true, "…"}};
  plan::AddForeignKey fk{"orders", "fk_user", {"user_id"}, {"users", {"id"}}, std::nullopt};
  EXPECT_EQ(sql_of(*d->inverse(fk, orders)),
            (std::vector<std::string>{
                "ALTER TABLE `orders` DROP FOREIGN KEY `fk_user`, ALGORITHM=INPLACE, LOCK=NONE",
                "ALTER TABLE `orders` DROP INDEX `fk_user`, ALGORITHM=INPLACE, LOCK=NONE"}));
  // An index that starts with the key's columns was there: MySQL used it, created none.
  orders.indexes.push_back({"idx_user_created", {"user_id", "created"}, false, false, true, "…"});
  EXPECT_EQ(sql_of(*d->inverse(fk, orders)),
            std::vector<std::string>{
                "ALTER TABLE `orders` DROP FOREIGN KEY `fk_user`, ALGORITHM=INPLACE, LOCK=NONE"});
}

TEST(MysqlDialectInverse, RawSqlNeedsDownAndDropColumnHasNone) {
  auto d = mysql_dialect();
  plan::RawSql raw;
  raw.up = "CREATE VIEW v AS SELECT 1";
  EXPECT_EQ(d->inverse(raw, TableSchema{}), std::nullopt);
  raw.down = "DROP VIEW v";
  EXPECT_EQ(sql_of(*d->inverse(raw, TableSchema{})), std::vector<std::string>{"DROP VIEW v"});
  EXPECT_EQ(d->inverse(plan::DropColumn{"users", "email", false}, users_schema()), std::nullopt);
}

TEST(MysqlDialectInverse, DropIndexRecreatesItFromTheSnapshot) {
  auto d = mysql_dialect();
  TableSchema before = users_schema();
  before.indexes.push_back({"idx_email",
                            {"email"},
                            true,
                            false,
                            true,
                            "ALTER TABLE `users` ADD UNIQUE INDEX `idx_email` (`email`(100))"});
  EXPECT_EQ(sql_of(*d->inverse(plan::DropIndex{"users", "idx_email"}, before)),
            std::vector<std::string>{"ALTER TABLE `users` ADD UNIQUE INDEX IF NOT EXISTS "
                                     "`idx_email` (`email`(100)), ALGORITHM=INPLACE, LOCK=NONE"});
  EXPECT_TRUE(d->inverse(plan::DropIndex{"users", "nope"}, before)->empty());
}

// ---- backup and restore

TEST(MysqlDialectBackup, CopiesKeyAndColumnIntoTheBackupTable) {
  auto d = mysql_dialect();
  EXPECT_EQ(sql_of(d->backup_column("users", "email", {"id"}, "`zdm_backup_1`")),
            std::vector<std::string>{"CREATE TABLE `zdm_backup_1` (PRIMARY KEY (`id`)) "
                                     "ENGINE=InnoDB AS SELECT `id`, `email` FROM `users`"});
  EXPECT_THROW(d->backup_column("users", "email", {}, "`b`"), std::invalid_argument);
}

TEST(MysqlDialectBackup, RestoreAddsNullableFillsThenTightens) {
  auto d = mysql_dialect();
  TableSchema before = users_schema();
  before.indexes.push_back({"idx_email_id",
                            {"email", "id"},
                            false,
                            false,
                            true,
                            "ALTER TABLE `users` ADD INDEX `idx_email_id` (`email`, `id`)"});
  const auto statements = d->restore_column(before, "email", "`zdm_backup_1`");
  EXPECT_EQ(sql_of(statements),
            (std::vector<std::string>{
                "ALTER TABLE `users` ADD COLUMN `email` varchar(255) AFTER `id`, "
                "ALGORITHM=INSTANT",
                "UPDATE `users` AS zdm_live JOIN `zdm_backup_1` AS zdm_saved ON zdm_live.`id` = "
                "zdm_saved.`id` SET zdm_live.`email` = zdm_saved.`email`",
                "ALTER TABLE `users` MODIFY COLUMN `email` varchar(255) NOT NULL, "
                "ALGORITHM=INPLACE, LOCK=NONE",
                "ALTER TABLE `users` DROP INDEX IF EXISTS `idx_email_id`, ADD INDEX "
                "`idx_email_id` (`email`, `id`), ALGORITHM=INPLACE, LOCK=NONE"}));
  EXPECT_FALSE(statements[1].ddl);

  const auto nullable = sql_of(d->restore_column(before, "Status", "`b`"));
  ASSERT_EQ(nullable.size(), 2u);
  EXPECT_EQ(nullable[0],
            "ALTER TABLE `users` ADD COLUMN `Status` int(11) DEFAULT 0 AFTER `email_address`, "
            "ALGORITHM=INSTANT");
  EXPECT_THROW(d->restore_column(before, "missing", "`b`"), std::invalid_argument);
}

// ---- sync triggers and the NEW./OLD. rewriting

TEST(MysqlExpression, QualifiesBareColumnReferences) {
  const std::vector<std::string> columns{"id", "email", "Status", "first name"};
  using mysql::qualify_columns;
  EXPECT_EQ(qualify_columns("email", columns, "NEW"), "NEW.`email`");
  EXPECT_EQ(qualify_columns("LOWER(email)", columns, "NEW"), "LOWER(NEW.`email`)");
  EXPECT_EQ(qualify_columns("lower( `email` )", columns, "OLD"), "lower( OLD.`email` )");
  EXPECT_EQ(qualify_columns("CONCAT(EMAIL, '-', status)", columns, "NEW"),
            "CONCAT(NEW.`email`, '-', NEW.`Status`)");
  EXPECT_EQ(qualify_columns("`first name`", columns, "NEW"), "NEW.`first name`");
  EXPECT_EQ(qualify_columns("id+1", columns, "NEW"), "NEW.`id`+1");
}

TEST(MysqlExpression, LeavesLiteralsCommentsAndQualifiedNamesAlone) {
  const std::vector<std::string> columns{"id", "email", "x"};
  using mysql::qualify_columns;
  EXPECT_EQ(qualify_columns("'email' = email", columns, "NEW"), "'email' = NEW.`email`");
  EXPECT_EQ(qualify_columns("\"email\"", columns, "NEW"), "\"email\"");
  EXPECT_EQ(qualify_columns("'it''s email' ", columns, "NEW"), "'it''s email' ");
  EXPECT_EQ(qualify_columns("'a\\' email' ", columns, "NEW"), "'a\\' email' ");
  EXPECT_EQ(qualify_columns("NEW.email", columns, "NEW"), "NEW.email");
  EXPECT_EQ(qualify_columns("u . email", columns, "NEW"), "u . email");
  EXPECT_EQ(qualify_columns("email.x", columns, "NEW"), "email.x");
  EXPECT_EQ(qualify_columns("email -- email\n", columns, "NEW"), "NEW.`email` -- email\n");
  EXPECT_EQ(qualify_columns("email # email", columns, "NEW"), "NEW.`email` # email");
  EXPECT_EQ(qualify_columns("/* email */ email", columns, "NEW"), "/* email */ NEW.`email`");
  EXPECT_EQ(qualify_columns("id--id", columns, "NEW"), "NEW.`id`--NEW.`id`");
  EXPECT_EQ(qualify_columns("@email + @@x", columns, "NEW"), "@email + @@x");
  EXPECT_EQ(qualify_columns("x'0F' + X'0F'", columns, "NEW"), "x'0F' + X'0F'");
  EXPECT_EQ(qualify_columns("x (1)", columns, "NEW"), "x (1)");  // a function call
  EXPECT_EQ(qualify_columns("1e5 + 0x1F + x", columns, "NEW"), "1e5 + 0x1F + NEW.`x`");
  EXPECT_EQ(qualify_columns("'unterminated email", columns, "NEW"), "'unterminated email");
}

TEST(MysqlExpression, TokensGiveTheTextBack) {
  const std::string sql = "CASE WHEN `a``b` > 1 THEN 'x''y' /* c */ ELSE @v END -- t";
  std::string back;
  for (const auto& token : mysql::tokenize(sql))
    back += token.text;
  EXPECT_EQ(back, sql);
  EXPECT_EQ(mysql::identifier_name({mysql::TokenKind::quoted_identifier, "`a``b`"}), "a`b");
}

// A target with a constant default has it, not NULL, when an INSERT leaves it out.
TEST(MysqlDialectSync, TriggersTakeAConstantDefaultForUnfilled) {
  auto d = mysql_dialect();
  const plan::SyncTrigger sync = users_sync("Status", "LENGTH(email)");
  const auto statements = d->create_sync(sync, users_schema(), "m");
  EXPECT_NE(statements[0].sql.find("IF (NEW.`Status` IS NULL OR CAST(NEW.`Status` AS BINARY) = "
                                   "CAST((0) AS BINARY)) THEN SET NEW.`Status` = "
                                   "(LENGTH(NEW.`email`));"),
            std::string::npos)
      << statements[0].sql;
  EXPECT_NE(statements[1].sql.find("IF ((NEW.`Status` IS NULL OR CAST(NEW.`Status` AS BINARY) = "
                                   "CAST((0) AS BINARY)) AND CAST(NEW.`Status` AS BINARY) <=> "
                                   "CAST(OLD.`Status` AS BINARY)) OR NOT"),
            std::string::npos)
      << statements[1].sql;
}

TEST(MysqlDialectSync, TriggersFillOnInsertAndRecomputeOnUpdate) {
  auto d = mysql_dialect();
  const plan::SyncTrigger sync = users_sync("email_address", "LOWER(email)");
  const auto statements = d->create_sync(sync, users_schema(), "users-email");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[0].sql,
            "CREATE OR REPLACE TRIGGER `zdm_sync_users-email_users_ins` BEFORE INSERT ON "
            "`users` FOR EACH ROW BEGIN IF NEW.`email_address` IS NULL THEN SET "
            "NEW.`email_address` = (LOWER(NEW.`email`)); END IF; END");
  EXPECT_EQ(
      statements[1].sql,
      "CREATE OR REPLACE TRIGGER `zdm_sync_users-email_users_upd` BEFORE UPDATE ON "
      "`users` FOR EACH ROW BEGIN IF (NEW.`email_address` IS NULL AND CAST(NEW.`email_address` "
      "AS BINARY) <=> CAST(OLD.`email_address` AS BINARY)) OR NOT (CAST((LOWER(NEW.`email`)) "
      "AS BINARY) <=> "
      "CAST((LOWER(OLD.`email`)) AS BINARY)) "
      "THEN SET NEW.`email_address` = (LOWER(NEW.`email`)); END IF; END");
  // Both names: a backfill by copy moves the triggers to the copy under a second name.
  EXPECT_EQ(sql_of(d->drop_sync(sync, "users-email")),
            (std::vector<std::string>{"DROP TRIGGER IF EXISTS `zdm_sync_users-email_users_ins`",
                                      "DROP TRIGGER IF EXISTS `zdm_sync_users-email_users_upd`",
                                      "DROP TRIGGER IF EXISTS `zdm_sync_users-email_users_ins2`",
                                      "DROP TRIGGER IF EXISTS `zdm_sync_users-email_users_upd2`"}));
}

TEST(MysqlDialectSync, LongTriggerNamesFitIn64CharactersAndStayDistinct) {
  auto d = mysql_dialect();
  plan::SyncTrigger sync;
  sync.table = std::string(63, 't');
  sync.set = {{"b", "a", {}}};
  const std::string migration(63, 'm');
  const auto drops = d->drop_sync(sync, migration);
  ASSERT_EQ(drops.size(), 4u);
  for (const auto& drop : drops) {
    const std::string name = drop.sql.substr(drop.sql.find('`'));
    EXPECT_LE(name.size(), 64u + 2u) << name;
  }
  EXPECT_NE(drops[0].sql, drops[1].sql);
  sync.table = std::string(62, 't') + "u";
  EXPECT_NE(d->drop_sync(sync, migration)[0].sql, drops[0].sql);
  EXPECT_EQ(mysql::fit_identifier("short", "_ins"), "short_ins");
}

// ---- backfill method: copy

plan::BackfillTable email_backfill() {
  plan::BackfillTable entry;
  entry.table = "users";
  entry.set = {{"email_address", "LOWER(email)", {}}};
  entry.method = plan::BackfillMethod::copy;
  return entry;
}

// Without AUTO_INCREMENT a chunk is one INSERT … SELECT that locks the rows it reads,
// waiting on those the application holds.
TEST(MysqlDialectCopy, ChunkCopiesEveryColumnWithTheBackfillsValuesAndKeepsNewerRows) {
  auto d = mysql_dialect();
  const auto copy = d->table_copy(email_backfill(), users_schema(), {"id"}, nullptr, "m");
  EXPECT_EQ(copy.shadow, "_zdm_m_users_new");
  EXPECT_EQ(copy.retired, "_zdm_m_users_old");
  EXPECT_EQ(copy.chunk_insert,
            "INSERT INTO `_zdm_m_users_new` (`id`, `email`, `email_address`, `Status`) SELECT "
            "`id`, `email`, (LOWER(email)), `Status` FROM `users`");
  EXPECT_EQ(copy.chunk_suffix,
            " LOCK IN SHARE MODE ON DUPLICATE KEY UPDATE `_zdm_m_users_new`.`id` = "
            "`_zdm_m_users_new`.`id`");
  EXPECT_EQ(copy.chunk_lock, "");
  EXPECT_EQ(copy.before_chunk,
            (std::vector<std::string>{"SET TRANSACTION ISOLATION LEVEL READ COMMITTED"}));
}

// With AUTO_INCREMENT the INSERT holds the copy's AUTO-INC lock while it runs: the rows are
// locked by a count first, and the INSERT skips a row someone else holds now.
TEST(MysqlDialectCopy, WithAutoIncrementAChunkLocksItsRowsBeforeTheInsert) {
  auto d = mysql_dialect();
  auto schema = users_schema();
  schema.columns[0].auto_increment = true;
  const auto copy = d->table_copy(email_backfill(), schema, {"id"}, nullptr, "m");
  EXPECT_EQ(copy.chunk_lock, "SELECT count(*) FROM `users`");
  EXPECT_EQ(copy.lock_suffix, " LOCK IN SHARE MODE");
  EXPECT_EQ(copy.chunk_suffix,
            " LOCK IN SHARE MODE SKIP LOCKED ON DUPLICATE KEY UPDATE `_zdm_m_users_new`.`id` = "
            "`_zdm_m_users_new`.`id`");
}

TEST(MysqlDialectCopy, WhereKeepsOtherRowsAsTheyAreInChunksAndTriggers) {
  auto d = mysql_dialect();
  auto entry = email_backfill();
  entry.where_sql = "email_address IS NULL";
  const auto copy = d->table_copy(entry, users_schema(), {"id"}, nullptr, "m");
  EXPECT_NE(copy.chunk_insert.find("CASE WHEN (email_address IS NULL) THEN (LOWER(email)) ELSE "
                                   "`email_address` END"),
            std::string::npos)
      << copy.chunk_insert;
  EXPECT_NE(copy.keep_in_step[0].sql.find("CASE WHEN (NEW.`email_address` IS NULL) THEN "
                                          "(LOWER(NEW.`email`)) ELSE NEW.`email_address` END"),
            std::string::npos)
      << copy.keep_in_step[0].sql;
}

TEST(MysqlDialectCopy, TriggersCarryInsertsUpdatesKeyMovesAndDeletesOnACompositeKey) {
  auto d = mysql_dialect();
  const auto copy = d->table_copy(email_backfill(), users_schema(), {"id", "email"}, nullptr, "m");
  ASSERT_EQ(copy.keep_in_step.size(), 3u);
  // An upsert (every column but the key's updated), and on UPDATE before the DELETE of a
  // moved row's old key.
  const std::string upsert =
      "INSERT INTO `_zdm_m_users_new` (`id`, `email`, `email_address`, `Status`) VALUES "
      "(NEW.`id`, NEW.`email`, (LOWER(NEW.`email`)), NEW.`Status`) ON DUPLICATE KEY UPDATE "
      "`email_address` = VALUES(`email_address`), `Status` = VALUES(`Status`);";
  EXPECT_EQ(copy.keep_in_step[0].sql,
            "CREATE OR REPLACE TRIGGER `zdm_copy_m_users_ins` AFTER "
            "INSERT ON `users` FOR EACH ROW BEGIN " +
                upsert + " END");
  EXPECT_EQ(copy.keep_in_step[1].sql,
            "CREATE OR REPLACE TRIGGER `zdm_copy_m_users_upd` AFTER UPDATE ON `users` FOR EACH "
            "ROW BEGIN " +
                upsert +
                " IF NOT (NEW.`id` <=> OLD.`id` AND NEW.`email` <=> OLD.`email`) THEN "
                "DELETE FROM `_zdm_m_users_new` WHERE `id` = OLD.`id` AND `email` = "
                "OLD.`email`; END IF; END");
  EXPECT_EQ(copy.keep_in_step[2].sql,
            "CREATE OR REPLACE TRIGGER `zdm_copy_m_users_del` AFTER DELETE ON `users` FOR EACH "
            "ROW BEGIN DELETE FROM `_zdm_m_users_new` WHERE `id` = OLD.`id` AND `email` = "
            "OLD.`email`; END");
}

TEST(MysqlDialectCopy, StartDropsTriggersBeforeTheTableTheyWriteInto) {
  auto d = mysql_dialect();
  const auto copy = d->table_copy(email_backfill(), users_schema(), {"id"}, nullptr, "m");
  const auto sql = sql_of(copy.start);
  ASSERT_EQ(sql.size(), 5u);
  EXPECT_EQ(sql[0], "DROP TRIGGER IF EXISTS `zdm_copy_m_users_ins`");
  EXPECT_EQ(sql[3], "DROP TABLE IF EXISTS `_zdm_m_users_new`");
  EXPECT_EQ(sql[4], "CREATE TABLE `_zdm_m_users_new` LIKE `users`");
  // The triggers are created while the table is write-locked, then it is unlocked.
  EXPECT_EQ(copy.lock.sql, "LOCK TABLES `users` WRITE");
  EXPECT_EQ(copy.unlock, "UNLOCK TABLES");
  EXPECT_EQ(sql_of(d->drop_table_copy("users", "m")),
            (std::vector<std::string>{"DROP TRIGGER IF EXISTS `zdm_copy_m_users_ins`",
                                      "DROP TRIGGER IF EXISTS `zdm_copy_m_users_upd`",
                                      "DROP TRIGGER IF EXISTS `zdm_copy_m_users_del`",
                                      "DROP TABLE IF EXISTS `_zdm_m_users_new`",
                                      "DROP TABLE IF EXISTS `_zdm_m_users_old`"}));
}

// The sync triggers go onto the copy under their second name, the RENAME swaps both tables
// at once, and after the original is dropped they get their own names back.
TEST(MysqlDialectCopy, SwapCarriesTheSyncTriggersOverAndBack) {
  auto d = mysql_dialect();
  const plan::SyncTrigger sync = users_sync("email_address", "LOWER(email)");
  const auto copy = d->table_copy(email_backfill(), users_schema(), {"id"}, &sync, "m");
  const auto swap = sql_of(copy.swap);
  ASSERT_EQ(swap.size(), 3u);
  EXPECT_EQ(swap[0].rfind("CREATE OR REPLACE TRIGGER `zdm_sync_m_users_ins2` BEFORE INSERT ON "
                          "`_zdm_m_users_new` ",
                          0),
            0u)
      << swap[0];
  EXPECT_EQ(swap[2], "RENAME TABLE `users` TO `_zdm_m_users_old`, `_zdm_m_users_new` TO `users`");
  const auto finish = sql_of(copy.finish);
  ASSERT_EQ(finish.size(), 5u);
  EXPECT_EQ(finish[0], "DROP TABLE IF EXISTS `_zdm_m_users_old`");
  EXPECT_EQ(finish[1].rfind(
                "CREATE OR REPLACE TRIGGER `zdm_sync_m_users_ins` BEFORE INSERT ON `users` ", 0),
            0u)
      << finish[1];
  EXPECT_EQ(finish[3], "DROP TRIGGER IF EXISTS `zdm_sync_m_users_ins2`");
  EXPECT_EQ(
      sql_of(d->table_copy(email_backfill(), users_schema(), {"id"}, nullptr, "m").finish).size(),
      1u);
}

TEST(MysqlDialectCopy, LongNamesFitIn64Characters) {
  auto d = mysql_dialect();
  auto entry = email_backfill();
  entry.table = std::string(63, 't');
  const auto copy = d->table_copy(entry, users_schema(), {"id"}, nullptr, std::string(63, 'm'));
  EXPECT_LE(copy.shadow.size(), 64u);
  EXPECT_LE(copy.retired.size(), 64u);
  EXPECT_NE(copy.shadow, copy.retired);
  for (const auto& statement : copy.keep_in_step) {
    const auto name = statement.sql.substr(statement.sql.find('`'));
    EXPECT_LE(name.find('`', 1), 65u) << statement.sql;
  }
}

TEST(PostgresDialectCopy, IsRefusedWithTheReason) {
  auto d = make_dialect(DriverKind::postgres, "public", "zdm");
  EXPECT_THROW(d->table_copy(email_backfill(), users_schema(), {"id"}, nullptr, "m"),
               std::logic_error);
  EXPECT_TRUE(d->drop_table_copy("users", "m").empty());
}

// ---- keyset predicates

TEST(MysqlDialectKeys, SingleColumnKey) {
  auto d = mysql_dialect();
  const KeyPredicate after = d->key_after({"id"}, 1);
  EXPECT_EQ(after.sql, "`id` > ?");
  EXPECT_EQ(after.value_indexes, std::vector<int>{0});
  const KeyPredicate most = d->key_at_most({"id"}, 3);
  EXPECT_EQ(most.sql, "`id` <= ?");
  EXPECT_EQ(most.value_indexes, std::vector<int>{0});
}

TEST(MysqlDialectKeys, TwoColumnKey) {
  auto d = mysql_dialect();
  const KeyPredicate after = d->key_after({"a", "b"}, 1);
  EXPECT_EQ(after.sql, "((`a` > ?) OR (`a` = ? AND `b` > ?))");
  EXPECT_EQ(after.value_indexes, (std::vector<int>{0, 0, 1}));
  const KeyPredicate most = d->key_at_most({"a", "b"}, 4);
  EXPECT_EQ(most.sql, "((`a` < ?) OR (`a` = ? AND `b` <= ?))");
  EXPECT_EQ(most.value_indexes, (std::vector<int>{0, 0, 1}));
}

TEST(MysqlDialectKeys, ThreeColumnKey) {
  auto d = mysql_dialect();
  const KeyPredicate after = d->key_after({"a", "b", "c"}, 1);
  EXPECT_EQ(after.sql, "((`a` > ?) OR (`a` = ? AND `b` > ?) OR (`a` = ? AND `b` = ? AND `c` > ?))");
  EXPECT_EQ(after.value_indexes, (std::vector<int>{0, 0, 1, 0, 1, 2}));
  const KeyPredicate most = d->key_at_most({"a", "b", "c"}, 1);
  EXPECT_EQ(most.sql, "((`a` < ?) OR (`a` = ? AND `b` < ?) OR (`a` = ? AND `b` = ? AND `c` <= ?))");
  EXPECT_EQ(most.value_indexes, (std::vector<int>{0, 0, 1, 0, 1, 2}));
  EXPECT_THROW(d->key_after({}, 1), std::invalid_argument);
}

}  // namespace
}  // namespace zdm::db
