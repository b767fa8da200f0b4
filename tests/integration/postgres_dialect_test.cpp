// The postgres dialect against the real PostgreSQL 15: every step kind forward, recognised
// as done, and undone back to the snapshot; failed CONCURRENTLY builds; sync triggers;
// column backups; advisory locks; lock holders; catalog reads.

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "../unit/dialect_test_support.hpp"
#include "test_databases.hpp"
#include "zdm/db/dialect.hpp"

namespace zdm::testing {
namespace {

using test::column;

using db::DbError;
using db::SqlStatement;
using db::TableSchema;

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines)
    text += line + "\n";
  return text;
}

class PostgresDialectDb : public ::testing::Test {
 protected:
  PostgresDialectDb()
      : database_(TestServer::postgres),
        connection_(database_.connect()),
        dialect_(db::make_dialect(db::DriverKind::postgres, "public", "zdm")) {
    for (const auto& sql : dialect_->create_state_namespace())
      connection_->execute(sql);
    db().execute(
        "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text);"
        "INSERT INTO users SELECT g, 'User' || g || '@Example.com', 'name ' || g "
        "FROM generate_series(1, 200) AS g;"
        "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, amount numeric(12,2));"
        "INSERT INTO orders SELECT g, g % 200 + 1, g FROM generate_series(1, 300) AS g;");
  }

  db::Connection& db() { return *connection_; }
  const db::Dialect& dialect() const { return *dialect_; }

  void run(const std::vector<SqlStatement>& statements) {
    for (const auto& statement : statements)
      db().execute(statement.sql);
  }

  TableSchema describe(const std::string& table) { return dialect().describe_table(db(), table); }

  // Copies, so that nothing points into a snapshot that is gone.
  std::optional<db::ColumnSchema> column_of(const std::string& table, const std::string& name) {
    const TableSchema schema = describe(table);
    const auto* found = schema.column(name);
    return found ? std::optional(*found) : std::nullopt;
  }
  std::optional<db::IndexSchema> index_of(const std::string& table, const std::string& name) {
    const TableSchema schema = describe(table);
    const auto* found = schema.index(name);
    return found ? std::optional(*found) : std::nullopt;
  }

  // Forward, done; inverse, back to the snapshot and not done any more.
  void round_trip(const plan::DdlAction& action, const std::string& table) {
    const TableSchema before = describe(table);
    EXPECT_FALSE(dialect().is_applied(db(), action));
    const auto undo = dialect().inverse(action, before);
    ASSERT_TRUE(undo.has_value());
    run(dialect().forward(action));
    if (!std::holds_alternative<plan::RawSql>(action)) {
      EXPECT_TRUE(dialect().is_applied(db(), action));
    }
    EXPECT_NE(describe(table), before) << "the step changed nothing";
    run(*undo);
    const TableSchema after = describe(table);
    EXPECT_EQ(after, before) << joined(db::schema_differences(before, after));
    EXPECT_FALSE(dialect().is_applied(db(), action));
  }

  std::string checksum(const std::string& sql) { return db().query_scalar(sql, {}).value_or(""); }

  ScratchDatabase database_;
  std::unique_ptr<db::Connection> connection_;
  std::unique_ptr<db::Dialect> dialect_;
};

// ---- every step kind: forward, is_applied, inverse

TEST_F(PostgresDialectDb, AddColumnRoundTrip) {
  round_trip(plan::AddColumn{"users", column("email_address", "varchar(255)")}, "users");
  round_trip(plan::AddColumn{"users", column("status", "text", false, "'new'")}, "users");
  run(dialect().forward(plan::AddColumn{"users", column("status", "text", false, "'new'")}));
  const auto status = column_of("users", "status");
  ASSERT_TRUE(status.has_value());
  EXPECT_FALSE(status->nullable);
  EXPECT_EQ(status->default_sql, "'new'::text");
}

TEST_F(PostgresDialectDb, CreateTableRoundTrip) {
  const plan::CreateTable create{
      "audit_log",
      {column("tenant", "bigint", false, std::nullopt, true),
       column("id", "bigint", false, std::nullopt, true), column("body", "text"),
       column("created_at", "timestamptz", false, "now()")}};
  EXPECT_FALSE(describe("audit_log").exists);
  round_trip(create, "audit_log");
  run(dialect().forward(create));
  const TableSchema created = describe("audit_log");
  EXPECT_TRUE(created.exists);
  EXPECT_EQ(created.primary_key(), (std::vector<std::string>{"tenant", "id"}));
  ASSERT_EQ(created.columns.size(), 4u);
  EXPECT_EQ(created.columns[3].type, "timestamp with time zone");
}

TEST_F(PostgresDialectDb, CreateIndexConcurrentlyRoundTrip) {
  const plan::CreateIndex index{
      "users", "idx_users_email_lower", {"email", "name"}, true, "name IS NOT NULL"};
  round_trip(index, "users");
  run(dialect().forward(index));
  const auto created = index_of("users", "idx_users_email_lower");
  ASSERT_TRUE(created.has_value());
  EXPECT_TRUE(created->valid);
  EXPECT_TRUE(created->unique);
  EXPECT_FALSE(created->primary);
  EXPECT_EQ(created->columns, (std::vector<std::string>{"email", "name"}));
  EXPECT_NE(created->definition.find("WHERE (name IS NOT NULL)"), std::string::npos)
      << created->definition;
}

TEST_F(PostgresDialectDb, AddCheckRoundTrip) {
  const plan::AddCheck check{"orders", "ck_orders_amount_positive", "amount > 0"};
  round_trip(check, "orders");
  run(dialect().forward(check));
  const TableSchema orders = describe("orders");
  const auto it = std::find_if(orders.constraints.begin(), orders.constraints.end(),
                               [](const auto& c) { return c.name == "ck_orders_amount_positive"; });
  ASSERT_NE(it, orders.constraints.end());
  EXPECT_EQ(it->kind, "check");
  EXPECT_TRUE(it->validated);
  EXPECT_EQ(it->definition, "CHECK ((amount > (0)::numeric))");
}

TEST_F(PostgresDialectDb, AddForeignKeyRoundTrip) {
  const plan::AddForeignKey fk{
      "orders", "fk_orders_user", {"user_id"}, {"users", {"id"}}, "cascade"};
  round_trip(fk, "orders");
  run(dialect().forward(fk));
  const TableSchema orders = describe("orders");
  const auto it = std::find_if(orders.constraints.begin(), orders.constraints.end(),
                               [](const auto& c) { return c.name == "fk_orders_user"; });
  ASSERT_NE(it, orders.constraints.end());
  EXPECT_EQ(it->kind, "foreign_key");
  EXPECT_TRUE(it->validated);
  EXPECT_EQ(it->definition, "FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE");
}

TEST_F(PostgresDialectDb, RawSqlRoundTrip) {
  plan::RawSql raw;
  raw.up = "ALTER TABLE users ADD COLUMN note text";
  raw.down = "ALTER TABLE users DROP COLUMN note";
  round_trip(raw, "users");
}

TEST_F(PostgresDialectDb, RenameColumnRoundTrip) {
  round_trip(plan::RenameColumn{"users", "name", "full_name"}, "users");
}

TEST_F(PostgresDialectDb, DropIndexRoundTrip) {
  db().execute("CREATE UNIQUE INDEX idx_users_lower_email ON users (lower(email), id)");
  round_trip(plan::DropIndex{"users", "idx_users_lower_email"}, "users");
  const auto index = index_of("users", "idx_users_lower_email");
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(index->columns, (std::vector<std::string>{"lower(email)", "id"}));
  EXPECT_TRUE(index->valid);
}

TEST_F(PostgresDialectDb, DropColumnIsAppliedAndHasNoPlainInverse) {
  const plan::DropColumn drop{"users", "name", false};
  EXPECT_FALSE(dialect().is_applied(db(), drop));
  EXPECT_FALSE(dialect().inverse(drop, describe("users")).has_value());
  run(dialect().forward(drop));
  EXPECT_TRUE(dialect().is_applied(db(), drop));
  EXPECT_FALSE(column_of("users", "name").has_value());
}

// ---- failed attempts

TEST_F(PostgresDialectDb, InvalidIndexFromAFailedBuildIsCleanedUp) {
  db().execute("UPDATE users SET email = 'dup@example.com' WHERE id IN (1, 2)");
  const plan::CreateIndex index{"users", "idx_users_email", {"email"}, true, std::nullopt};
  EXPECT_TRUE(dialect().cleanup_failed_attempt(db(), index).empty());

  try {
    run(dialect().forward(index));
    FAIL() << "a unique index over duplicates was built";
  } catch (const DbError& error) {
    EXPECT_EQ(error.sql_state(), "23505") << error.what();
    EXPECT_FALSE(dialect().is_retryable(error));
  }
  const auto invalid = index_of("users", "idx_users_email");
  ASSERT_TRUE(invalid.has_value()) << "CONCURRENTLY should leave an INVALID index behind";
  EXPECT_FALSE(invalid->valid);
  EXPECT_FALSE(dialect().is_applied(db(), index));

  const auto cleanup = dialect().cleanup_failed_attempt(db(), index);
  ASSERT_EQ(cleanup.size(), 1u);
  EXPECT_EQ(cleanup[0].sql, "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"idx_users_email\"");
  EXPECT_FALSE(cleanup[0].transactional);
  run(cleanup);
  EXPECT_FALSE(index_of("users", "idx_users_email").has_value());

  db().execute("UPDATE users SET email = 'other@example.com' WHERE id = 2");
  run(dialect().forward(index));
  EXPECT_TRUE(dialect().is_applied(db(), index));
  EXPECT_TRUE(dialect().cleanup_failed_attempt(db(), index).empty());
}

TEST_F(PostgresDialectDb, ConstraintLeftNotValidIsRedoneFromScratch) {
  db().execute("UPDATE orders SET amount = -1 WHERE id = 7");
  const plan::AddCheck check{"orders", "ck_orders_amount_positive", "amount > 0"};
  const auto statements = dialect().forward(check);
  ASSERT_EQ(statements.size(), 2u);
  db().execute(statements[0].sql);
  EXPECT_THROW(db().execute(statements[1].sql), DbError);  // 23514: a row violates it
  EXPECT_FALSE(dialect().is_applied(db(), check));

  const auto cleanup = dialect().cleanup_failed_attempt(db(), check);
  ASSERT_EQ(cleanup.size(), 1u);
  run(cleanup);
  db().execute("UPDATE orders SET amount = 7 WHERE id = 7");
  run(dialect().forward(check));
  EXPECT_TRUE(dialect().is_applied(db(), check));
  EXPECT_TRUE(dialect().cleanup_failed_attempt(db(), check).empty());
}

// ---- dual_write sync trigger

plan::SyncTrigger lower_email_sync() {
  plan::SyncTrigger sync;
  sync.table = "users";
  sync.set.push_back({"email_address", "lower(email)", {}});
  return sync;
}

std::optional<std::string> email_address_of(db::Connection& c, int id) {
  return c.query_scalar("SELECT email_address FROM users WHERE id = $1", {std::to_string(id)});
}

// INSERT: a target left out is computed, an explicit one kept.
void expect_inserts_filled_unless_written(db::Connection& c) {
  c.execute("INSERT INTO users (id, email) VALUES (1001, 'Alice@Example.COM')");
  EXPECT_EQ(email_address_of(c, 1001), "alice@example.com");
  c.execute(
      "INSERT INTO users (id, email, email_address) VALUES (1002, 'Bob@X.com', 'written@x.com')");
  EXPECT_EQ(email_address_of(c, 1002), "written@x.com");
}

TEST_F(PostgresDialectDb, SyncTriggerKeepsTheNewColumnInStep) {
  db().execute("ALTER TABLE users ADD COLUMN email_address text");
  const TableSchema before = describe("users");
  const plan::SyncTrigger sync = lower_email_sync();
  const std::string migration = "users-email-address";
  run(dialect().create_sync(sync, before, migration));
  run(dialect().create_sync(sync, before, migration));  // idempotent

  auto email_address = [&](int id) { return email_address_of(db(), id); };
  expect_inserts_filled_unless_written(db());
  // UPDATE: recomputed when the expression's value changes, left alone otherwise.
  db().execute("UPDATE users SET email = 'Bob.New@X.com' WHERE id = 1002");
  EXPECT_EQ(email_address(1002), "bob.new@x.com");
  db().execute("UPDATE users SET email_address = 'app@x.com', name = 'b' WHERE id = 1002");
  EXPECT_EQ(email_address(1002), "app@x.com");
  db().execute("UPDATE users SET email = 'BOB.NEW@X.COM' WHERE id = 1002");  // lower() unchanged
  EXPECT_EQ(email_address(1002), "app@x.com");
  // Rows from before the trigger are filled by any UPDATE that leaves them unfilled, one of
  // another column too (it may move the row behind a backfill by ctid pages); an UPDATE that
  // writes NULL into a filled target keeps its NULL until the expression's value changes.
  EXPECT_EQ(email_address(5), std::nullopt);
  db().execute("UPDATE users SET name = 'five' WHERE id = 5");
  EXPECT_EQ(email_address(5), "user5@example.com");
  db().execute("UPDATE users SET email_address = NULL WHERE id = 5");
  EXPECT_EQ(email_address(5), std::nullopt);
  db().execute("UPDATE users SET email = 'Five@Example.com' WHERE id = 5");
  EXPECT_EQ(email_address(5), "five@example.com");

  const TableSchema with_trigger = describe("users");
  ASSERT_EQ(with_trigger.triggers.size(), 1u);
  EXPECT_EQ(with_trigger.triggers[0].name, "zdm_sync_users-email-address_users");

  run(dialect().drop_sync(sync, migration));
  run(dialect().drop_sync(sync, migration));  // idempotent
  EXPECT_EQ(describe("users"), before);
  EXPECT_EQ(db().query_scalar("SELECT count(*) FROM pg_proc WHERE proname LIKE 'zdm_sync%'", {}),
            "0");
}

// A NOT NULL target with a default (as ZDM105 asks for): a row written without it has the
// default by the time the trigger runs, and is filled like a NULL one.
TEST_F(PostgresDialectDb, SyncTriggerFillsATargetLeftAtItsDefault) {
  db().execute("ALTER TABLE users ADD COLUMN email_address text NOT NULL DEFAULT ''");
  run(dialect().create_sync(lower_email_sync(), describe("users"), "users-email-default"));
  auto email_address = [&](int id) { return email_address_of(db(), id); };
  expect_inserts_filled_unless_written(db());
  db().execute("UPDATE users SET name = 'five' WHERE id = 5");
  EXPECT_EQ(email_address(5), "user5@example.com");
  db().execute("UPDATE users SET email_address = 'app@x.com' WHERE id = 6");
  db().execute("UPDATE users SET name = 'six' WHERE id = 6");
  EXPECT_EQ(email_address(6), "app@x.com");

  // Types without an = (json) and defaults written otherwise than the stored value
  // (numeric(10,2) DEFAULT 0 stores 0.00): still compared, and no write fails.
  db().execute(
      "ALTER TABLE users ADD COLUMN doc json NOT NULL DEFAULT '{}', ADD COLUMN score "
      "numeric(10,2) NOT NULL DEFAULT 0");
  plan::SyncTrigger more;
  more.table = "users";
  more.set = {{"doc", "json_build_object('e', email)", {}}, {"score", "length(email)", {}}};
  run(dialect().create_sync(more, describe("users"), "users-doc"));
  db().execute("INSERT INTO users (id, email) VALUES (1003, 'c@x.io')");
  EXPECT_EQ(db().query_scalar("SELECT doc::text || ' ' || score FROM users WHERE id = 1003", {}),
            "{\"e\" : \"c@x.io\"} 6.00");
}

// ---- drop_column with backup

// md5 over every (id, value) of a column, NULLs included.
std::string column_checksum_sql(const std::string& column) {
  return "SELECT md5(string_agg(id || ':' || coalesce(" + column +
         "::text, '<null>'), ',' ORDER BY id)) FROM users";
}

TEST_F(PostgresDialectDb, BackupDropRestoreGivesBackDataAndSchema) {
  db().execute(
      "ALTER TABLE users ADD COLUMN score integer NOT NULL DEFAULT 7;"
      "UPDATE users SET score = id * 3 WHERE id % 5 <> 0");
  const std::string sum_before = checksum(column_checksum_sql("score"));
  const TableSchema before = describe("users");
  const std::string backup = dialect().state_table("backup_users_score");

  run(dialect().backup_column("users", "score", before.primary_key(), backup));
  const plan::DropColumn drop{"users", "score", true};
  run(dialect().forward(drop));
  EXPECT_TRUE(dialect().is_applied(db(), drop));
  // A row written while the column was gone gets its default back.
  db().execute("INSERT INTO users (id, email) VALUES (5000, 'late@example.com')");

  const auto restore = dialect().restore_column(before, "score", backup);
  run(restore);
  run(restore);  // a rollback that is run again does no harm
  EXPECT_EQ(db().query_scalar("SELECT score FROM users WHERE id = 5000", {}), "7");
  db().execute("DELETE FROM users WHERE id = 5000");
  EXPECT_EQ(checksum(column_checksum_sql("score")), sum_before);
  const TableSchema after = describe("users");
  EXPECT_EQ(after, before) << joined(db::schema_differences(before, after));
}

TEST_F(PostgresDialectDb, RestoredMiddleColumnComesBackLast) {
  const std::string sum_before = checksum(column_checksum_sql("email"));
  const TableSchema before = describe("users");
  const std::string backup = dialect().state_table("backup_users_email");
  run(dialect().backup_column("users", "email", before.primary_key(), backup));
  run(dialect().forward(plan::DropColumn{"users", "email", true}));
  run(dialect().restore_column(before, "email", backup));
  EXPECT_EQ(checksum(column_checksum_sql("email")), sum_before);

  // PostgreSQL cannot put a column back in its place: it comes last, which
  // schema_differences does not count as a difference.
  const TableSchema after = describe("users");
  EXPECT_TRUE(db::schema_differences(before, after).empty())
      << joined(db::schema_differences(before, after));
  std::vector<std::string> order;
  for (const auto& c : after.columns)
    order.push_back(c.name);
  EXPECT_EQ(order, (std::vector<std::string>{"id", "name", "email"}));
  ASSERT_NE(after.column("email"), nullptr);
  EXPECT_EQ(*after.column("email"), *before.column("email"));
  EXPECT_FALSE(after.column("email")->nullable);
}

// ---- advisory lock

TEST_F(PostgresDialectDb, AdvisoryLockKeepsASecondSessionOut) {
  auto first = database_.connect();
  auto second = database_.connect();
  const std::string key = "zdm:users-email-address";
  EXPECT_EQ(dialect().advisory_lock_holder(db(), key), std::nullopt);
  EXPECT_TRUE(dialect().try_advisory_lock(*first, key));
  EXPECT_FALSE(dialect().try_advisory_lock(*second, key));
  EXPECT_EQ(dialect().advisory_lock_holder(*second, key), first->session_id());
  EXPECT_EQ(dialect().advisory_lock_holder(db(), "zdm:another-migration"), std::nullopt);
  EXPECT_TRUE(dialect().try_advisory_lock(*second, "zdm:another-migration"));

  dialect().release_advisory_lock(*first, key);
  EXPECT_EQ(dialect().advisory_lock_holder(db(), key), std::nullopt);
  EXPECT_TRUE(dialect().try_advisory_lock(*second, key));
  EXPECT_EQ(dialect().advisory_lock_holder(db(), key), second->session_id());
}

// ---- lock timeouts and who is in the way

TEST_F(PostgresDialectDb, LockHoldersNamesTheSessionInTheWay) {
  auto blocker = database_.connect();
  blocker->execute("BEGIN");
  blocker->query("SELECT count(*) FROM users");

  auto ddl = database_.connect();
  plan::Settings settings;
  settings.lock_timeout = std::chrono::milliseconds(200);
  for (const auto& sql : dialect().session_settings(settings))
    ddl->execute(sql);
  try {
    for (const auto& statement :
         dialect().forward(plan::AddColumn{"users", column("email_address", "text")}))
      ddl->execute(statement.sql);
    FAIL() << "ALTER TABLE got its lock past an open transaction";
  } catch (const DbError& error) {
    EXPECT_EQ(error.sql_state(), "55P03") << error.what();
    EXPECT_TRUE(dialect().is_retryable(error));
  }

  const auto holders = dialect().lock_holders(db(), "users", ddl->session_id());
  ASSERT_EQ(holders.size(), 1u) << joined(holders);
  const std::string prefix = "pid " + blocker->session_id() + ", transaction open ";
  EXPECT_EQ(holders[0].rfind(prefix, 0), 0u) << holders[0];
  EXPECT_NE(holders[0].find("s, idle in transaction: SELECT count(*) FROM users"),
            std::string::npos)
      << holders[0];
  // The blocker itself, as observer, does not see itself.
  EXPECT_TRUE(dialect().lock_holders(*blocker, "users", ddl->session_id()).empty());
  blocker->execute("ROLLBACK");
  EXPECT_TRUE(dialect().lock_holders(db(), "users", ddl->session_id()).empty());
}

// ---- catalog

TEST_F(PostgresDialectDb, EstimateRowsAfterAnalyze) {
  // No autovacuum, so that nothing analyzes the table behind the test's back.
  db().execute(
      "CREATE TABLE counted (id bigint PRIMARY KEY) WITH (autovacuum_enabled = false);"
      "INSERT INTO counted SELECT g FROM generate_series(1, 500) AS g");
  EXPECT_EQ(dialect().estimate_rows(db(), "counted"), std::nullopt);  // never analyzed
  db().execute("ANALYZE counted");
  EXPECT_EQ(dialect().estimate_rows(db(), "counted"), 500);
  db().execute("TRUNCATE counted");
  db().execute("ANALYZE counted");
  EXPECT_EQ(dialect().estimate_rows(db(), "counted"), 0);
  EXPECT_EQ(dialect().estimate_rows(db(), "no_such_table"), std::nullopt);
}

TEST_F(PostgresDialectDb, DescribeTableReadsTheCatalog) {
  EXPECT_FALSE(describe("no_such_table").exists);
  EXPECT_TRUE(describe("no_such_table").columns.empty());

  db().execute(
      "CREATE TABLE \"Odd \"\"Table\" (a integer NOT NULL DEFAULT 1, \"B c\" varchar(10), "
      "dropped text, z numeric(5,2) CHECK (z > 0), PRIMARY KEY (a), UNIQUE (\"B c\"));"
      "ALTER TABLE \"Odd \"\"Table\" DROP COLUMN dropped;"
      "CREATE INDEX zz_idx ON \"Odd \"\"Table\" (\"B c\", (z * 2));"
      "CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;"
      "CREATE TRIGGER t_noop BEFORE UPDATE ON \"Odd \"\"Table\" FOR EACH ROW EXECUTE FUNCTION "
      "noop()");
  const TableSchema odd = describe("Odd \"Table");
  EXPECT_TRUE(odd.exists);
  EXPECT_EQ(odd.table, "Odd \"Table");
  ASSERT_EQ(odd.columns.size(), 3u);
  EXPECT_EQ(odd.columns[0], (db::ColumnSchema{"a", "integer", false, "1"}));
  EXPECT_EQ(odd.columns[1], (db::ColumnSchema{"B c", "character varying(10)", true, std::nullopt}));
  EXPECT_EQ(odd.columns[2].type, "numeric(5,2)");

  std::vector<std::string> index_names, constraint_kinds;
  for (const auto& index : odd.indexes)
    index_names.push_back(index.name);
  EXPECT_EQ(index_names,
            (std::vector<std::string>{"Odd \"Table_B c_key", "Odd \"Table_pkey", "zz_idx"}));
  EXPECT_EQ(odd.primary_key(), std::vector<std::string>{"a"});
  EXPECT_EQ(odd.index("zz_idx")->columns, (std::vector<std::string>{"B c", "(z * 2::numeric)"}));
  for (const auto& constraint : odd.constraints)
    constraint_kinds.push_back(constraint.name + "=" + constraint.kind);
  EXPECT_EQ(constraint_kinds,
            (std::vector<std::string>{"Odd \"Table_B c_key=unique", "Odd \"Table_pkey=primary_key",
                                      "Odd \"Table_z_check=check"}));
  ASSERT_EQ(odd.triggers.size(), 1u);
  EXPECT_EQ(odd.triggers[0].name, "t_noop");
  EXPECT_NE(odd.triggers[0].definition.find("BEFORE UPDATE"), std::string::npos);

  // A snapshot survives its JSON form.
  EXPECT_EQ(db::table_schema_from_json(db::to_json(odd)), odd);
}

}  // namespace
}  // namespace zdm::testing
