// The postgres dialect's SQL, without a database: quoting, every step kind forward and
// back, keyset predicates, sync triggers, column backups.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "dialect_test_support.hpp"
#include "zdm/db/dialect.hpp"

namespace zdm::db {
namespace {

using test::column;
using test::sql_of;

std::unique_ptr<Dialect> postgres(const std::string& schema = "public",
                                  const std::string& state_schema = "zdm") {
  return make_dialect(DriverKind::postgres, schema, state_schema);
}

// The quoted name after `keyword` in `sql`, unquoted: CREATE OR REPLACE TRIGGER "x" -> x.
std::string quoted_name_after(const std::string& sql, const std::string& keyword) {
  const auto start = sql.find(keyword + " \"");
  if (start == std::string::npos)
    return "";
  std::string name;
  for (size_t i = start + keyword.size() + 2; i < sql.size(); ++i) {
    if (sql[i] == '"') {
      if (i + 1 < sql.size() && sql[i + 1] == '"') {
        name += '"';
        ++i;
        continue;
      }
      break;
    }
    name += sql[i];
  }
  return name;
}

// ---- names and values

TEST(PostgresDialectSql, QuotesIdentifiers) {
  auto d = postgres();
  EXPECT_EQ(d->driver(), DriverKind::postgres);
  EXPECT_EQ(d->quote("users"), "\"users\"");
  EXPECT_EQ(d->quote("Users"), "\"Users\"");
  EXPECT_EQ(d->quote("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(d->quote("\"\""), "\"\"\"\"\"\"");
  EXPECT_EQ(d->quote("price$usd"), "\"price$usd\"");
  EXPECT_EQ(d->quote("x; DROP TABLE t; --"), "\"x; DROP TABLE t; --\"");
}

TEST(PostgresDialectSql, QualifiesTablesWithTheirSchema) {
  auto d = postgres("app\"s", "zdm$state");
  EXPECT_EQ(d->table("users"), "\"app\"\"s\".\"users\"");
  EXPECT_EQ(d->state_table("migrations"), "\"zdm$state\".\"migrations\"");
  EXPECT_EQ(d->create_state_namespace(),
            std::vector<std::string>{"CREATE SCHEMA IF NOT EXISTS \"zdm$state\""});
}

TEST(PostgresDialectSql, PlaceholdersAndTypes) {
  auto d = postgres();
  EXPECT_EQ(d->placeholder(1), "$1");
  EXPECT_EQ(d->placeholder(12), "$12");
  EXPECT_EQ(d->long_text_type(), "text");
  EXPECT_EQ(d->identity_column("id"), "\"id\" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
  EXPECT_EQ(d->begin_transaction(), "BEGIN");
}

TEST(PostgresDialectSql, SessionSettings) {
  auto d = postgres();
  plan::Settings settings;
  settings.lock_timeout = std::chrono::milliseconds(1500);
  settings.statement_timeout = std::chrono::milliseconds(0);
  EXPECT_EQ(d->session_settings(settings),
            (std::vector<std::string>{"SET lock_timeout = '1500ms'", "SET statement_timeout = 0"}));
  settings.statement_timeout = std::chrono::minutes(1);
  EXPECT_EQ(d->session_settings(settings)[1], "SET statement_timeout = '60000ms'");
}

TEST(PostgresDialectSql, RetriesLockTimeoutsDeadlocksAndSerializationFailures) {
  auto d = postgres();
  EXPECT_TRUE(d->is_retryable(DbError("lock timeout", "55P03")));
  EXPECT_TRUE(d->is_retryable(DbError("deadlock", "40P01")));
  EXPECT_TRUE(d->is_retryable(DbError("serialization", "40001")));
  EXPECT_FALSE(d->is_retryable(DbError("no such table", "42P01")));
  EXPECT_FALSE(d->is_retryable(DbError("unique violation", "23505")));
  EXPECT_FALSE(d->is_retryable(DbError("no state")));
}

// ---- forward

TEST(PostgresDialectSql, AddColumn) {
  auto d = postgres();
  const auto plain = d->forward(plan::AddColumn{"users", column("email_address", "varchar(255)")});
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].sql,
            "ALTER TABLE \"public\".\"users\" ADD COLUMN \"email_address\" varchar(255)");
  EXPECT_EQ(plain[0].lock, "ACCESS EXCLUSIVE on public.users (brief)");
  EXPECT_TRUE(plain[0].transactional);
  EXPECT_TRUE(plain[0].ddl);

  const auto with_default =
      d->forward(plan::AddColumn{"orders", column("status", "text", false, "'new'")});
  EXPECT_EQ(with_default[0].sql,
            "ALTER TABLE \"public\".\"orders\" ADD COLUMN \"status\" text NOT NULL DEFAULT 'new'");
}

TEST(PostgresDialectSql, CreateTableWithCompositeKey) {
  auto d = postgres();
  plan::CreateTable create{
      "audit_log",
      {column("tenant", "bigint", false, std::nullopt, true),
       column("id", "bigint", false, std::nullopt, true), column("body", "text"),
       column("created_at", "timestamptz", false, "now()")}};
  const auto statements = d->forward(create);
  ASSERT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements[0].sql,
            "CREATE TABLE \"public\".\"audit_log\" (\"tenant\" bigint NOT NULL, \"id\" bigint NOT "
            "NULL, \"body\" text, \"created_at\" timestamptz NOT NULL DEFAULT now(), PRIMARY KEY "
            "(\"tenant\", \"id\"))");
  EXPECT_TRUE(statements[0].transactional);

  plan::CreateTable no_key{"notes", {column("body", "text")}};
  EXPECT_EQ(d->forward(no_key)[0].sql, "CREATE TABLE \"public\".\"notes\" (\"body\" text)");
}

TEST(PostgresDialectSql, CreateIndexConcurrently) {
  auto d = postgres();
  plan::CreateIndex index{"orders",
                          "idx_orders_open",
                          {"customer_id", "created_at"},
                          true,
                          "status IN ('new', 'paid')"};
  const auto statements = d->forward(index);
  ASSERT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements[0].sql,
            "CREATE UNIQUE INDEX CONCURRENTLY \"idx_orders_open\" ON \"public\".\"orders\" "
            "(\"customer_id\", \"created_at\") WHERE status IN ('new', 'paid')");
  EXPECT_FALSE(statements[0].transactional);
  EXPECT_TRUE(statements[0].ddl);
  EXPECT_EQ(statements[0].lock, "SHARE UPDATE EXCLUSIVE on public.orders");

  plan::CreateIndex plain{"users", "idx_users_email", {"email"}, false, std::nullopt};
  EXPECT_EQ(d->forward(plain)[0].sql,
            "CREATE INDEX CONCURRENTLY \"idx_users_email\" ON \"public\".\"users\" (\"email\")");
}

TEST(PostgresDialectSql, AddCheckIsNotValidThenValidate) {
  auto d = postgres();
  const auto statements = d->forward(plan::AddCheck{"orders", "ck_amount", "amount > 0"});
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[0].sql,
            "ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT \"ck_amount\" CHECK (amount > 0) "
            "NOT VALID");
  EXPECT_EQ(statements[0].lock, "ACCESS EXCLUSIVE on public.orders (brief)");
  EXPECT_EQ(statements[1].sql,
            "ALTER TABLE \"public\".\"orders\" VALIDATE CONSTRAINT \"ck_amount\"");
  EXPECT_EQ(statements[1].lock, "SHARE UPDATE EXCLUSIVE on public.orders");
  EXPECT_TRUE(statements[0].transactional);
  EXPECT_TRUE(statements[1].transactional);
}

TEST(PostgresDialectSql, AddForeignKeyIsNotValidThenValidate) {
  auto d = postgres();
  plan::AddForeignKey fk{
      "orders", "fk_orders_user", {"user_id", "tenant"}, {"users", {"id", "tenant"}}, "set null"};
  const auto statements = d->forward(fk);
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[0].sql,
            "ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT \"fk_orders_user\" FOREIGN KEY "
            "(\"user_id\", \"tenant\") REFERENCES \"public\".\"users\" (\"id\", \"tenant\") ON "
            "DELETE SET NULL NOT VALID");
  EXPECT_EQ(statements[0].lock, "SHARE ROW EXCLUSIVE on public.orders and public.users (brief)");
  EXPECT_EQ(statements[1].sql,
            "ALTER TABLE \"public\".\"orders\" VALIDATE CONSTRAINT \"fk_orders_user\"");
  EXPECT_EQ(statements[1].lock,
            "SHARE UPDATE EXCLUSIVE on public.orders, ROW SHARE on public.users");

  fk.on_delete.reset();
  EXPECT_EQ(d->forward(fk)[0].sql.find("ON DELETE"), std::string::npos);
  fk.on_delete = "explode";
  EXPECT_THROW(d->forward(fk), std::invalid_argument);
}

TEST(PostgresDialectSql, RawSqlRunsAsWritten) {
  auto d = postgres();
  plan::RawSql raw;
  raw.up = "CREATE EXTENSION IF NOT EXISTS citext";
  const auto statements = d->forward(raw);
  ASSERT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements[0],
            ddl_statement("CREATE EXTENSION IF NOT EXISTS citext", "unknown (raw SQL)"));
}

TEST(PostgresDialectSql, RawSqlThatCannotRunInATransactionRunsAlone) {
  auto d = postgres();
  const auto transactional = [&](const std::string& up) {
    plan::RawSql raw;
    raw.up = up;
    return d->forward(raw).at(0).transactional;
  };
  EXPECT_TRUE(transactional("ALTER TABLE users ALTER COLUMN email DROP NOT NULL"));
  EXPECT_FALSE(transactional("create index concurrently idx_a ON users (a)"));
  EXPECT_FALSE(transactional("VACUUM users"));
  EXPECT_FALSE(transactional("BEGIN; UPDATE users SET a = 1; COMMIT"));
  EXPECT_FALSE(transactional("ALTER SYSTEM SET work_mem = '8MB'"));
}

TEST(PostgresDialectSql, ContractSteps) {
  auto d = postgres();
  EXPECT_EQ(sql_of(d->forward(plan::DropColumn{"users", "email", true})),
            std::vector<std::string>{"ALTER TABLE \"public\".\"users\" DROP COLUMN \"email\""});
  EXPECT_EQ(sql_of(d->forward(plan::RenameColumn{"users", "email_address", "email"})),
            std::vector<std::string>{
                "ALTER TABLE \"public\".\"users\" RENAME COLUMN \"email_address\" TO \"email\""});
  const auto drop = d->forward(plan::DropIndex{"users", "idx_users_email_old"});
  ASSERT_EQ(drop.size(), 1u);
  EXPECT_EQ(drop[0].sql, "DROP INDEX CONCURRENTLY \"public\".\"idx_users_email_old\"");
  EXPECT_FALSE(drop[0].transactional);
  EXPECT_EQ(drop[0].lock, "SHARE UPDATE EXCLUSIVE on public.users");
}

// ---- inverse

TEST(PostgresDialectSql, InverseOfExpandSteps) {
  auto d = postgres();
  const TableSchema before;
  EXPECT_EQ(sql_of(*d->inverse(plan::AddColumn{"users", column("email_address", "text")}, before)),
            std::vector<std::string>{
                "ALTER TABLE \"public\".\"users\" DROP COLUMN IF EXISTS \"email_address\""});
  EXPECT_EQ(sql_of(*d->inverse(plan::CreateTable{"audit_log", {column("id", "bigint")}}, before)),
            std::vector<std::string>{"DROP TABLE IF EXISTS \"public\".\"audit_log\""});

  const auto index = *d->inverse(plan::CreateIndex{"users", "idx", {"email"}, false, {}}, before);
  ASSERT_EQ(index.size(), 1u);
  EXPECT_EQ(index[0].sql, "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"idx\"");
  EXPECT_FALSE(index[0].transactional);

  EXPECT_EQ(sql_of(*d->inverse(plan::AddCheck{"orders", "ck", "amount > 0"}, before)),
            std::vector<std::string>{
                "ALTER TABLE \"public\".\"orders\" DROP CONSTRAINT IF EXISTS \"ck\""});
  plan::AddForeignKey fk{"orders", "fk", {"user_id"}, {"users", {"id"}}, std::nullopt};
  EXPECT_EQ(sql_of(*d->inverse(fk, before)),
            std::vector<std::string>{
                "ALTER TABLE \"public\".\"orders\" DROP CONSTRAINT IF EXISTS \"fk\""});
}

TEST(PostgresDialectSql, InverseOfRawSqlIsItsDown) {
  auto d = postgres();
  plan::RawSql raw;
  raw.up = "CREATE EXTENSION citext";
  EXPECT_FALSE(d->inverse(raw, TableSchema{}).has_value());
  raw.down = "DROP EXTENSION citext";
  EXPECT_EQ(sql_of(*d->inverse(raw, TableSchema{})),
            std::vector<std::string>{"DROP EXTENSION citext"});
}

TEST(PostgresDialectSql, InverseOfContractSteps) {
  auto d = postgres();
  TableSchema before;
  before.table = "users";
  before.exists = true;
  before.indexes.push_back({"idx_users_email",
                            {"email"},
                            true,
                            false,
                            true,
                            "CREATE UNIQUE INDEX idx_users_email ON public.users USING btree "
                            "(email) WHERE (email IS NOT NULL)"});

  EXPECT_FALSE(d->inverse(plan::DropColumn{"users", "email", true}, before).has_value());
  EXPECT_EQ(
      sql_of(*d->inverse(plan::RenameColumn{"users", "a", "b"}, before)),
      std::vector<std::string>{"ALTER TABLE \"public\".\"users\" RENAME COLUMN \"b\" TO \"a\""});

  const auto recreate = d->inverse(plan::DropIndex{"users", "idx_users_email"}, before);
  ASSERT_TRUE(recreate.has_value());
  ASSERT_EQ(recreate->size(), 1u);
  EXPECT_EQ((*recreate)[0].sql,
            "CREATE UNIQUE INDEX CONCURRENTLY idx_users_email ON public.users USING btree (email) "
            "WHERE (email IS NOT NULL)");
  EXPECT_FALSE((*recreate)[0].transactional);

  EXPECT_FALSE(d->inverse(plan::DropIndex{"users", "idx_unknown"}, before).has_value());
}

// ---- keyset

TEST(PostgresDialectSql, KeyPredicatesAreRowComparisons) {
  auto d = postgres();
  const auto after = d->key_after({"tenant", "id"}, 3);
  EXPECT_EQ(after.sql, "(\"tenant\", \"id\") > ($3, $4)");
  EXPECT_EQ(after.value_indexes, (std::vector<int>{0, 1}));
  const auto at_most = d->key_at_most({"id"}, 1);
  EXPECT_EQ(at_most.sql, "(\"id\") <= ($1)");
  EXPECT_EQ(at_most.value_indexes, (std::vector<int>{0}));
  const auto odd = d->key_after({"a\"b", "c$d", "e"}, 2);
  EXPECT_EQ(odd.sql, "(\"a\"\"b\", \"c$d\", \"e\") > ($2, $3, $4)");
  EXPECT_EQ(odd.value_indexes, (std::vector<int>{0, 1, 2}));
  EXPECT_THROW(d->key_after({}, 1), std::invalid_argument);
}

// ---- sync triggers

plan::SyncTrigger email_sync(const std::string& table = "users") {
  plan::SyncTrigger sync;
  sync.table = table;
  sync.set.push_back({"email_address", "lower(email)", {}});
  return sync;
}

TEST(PostgresDialectSql, SyncTriggerFunctionAndTrigger) {
  auto d = postgres();
  const auto statements = d->create_sync(email_sync(), TableSchema{}, "users-email");
  ASSERT_EQ(statements.size(), 2u);
  const std::string& function = statements[0].sql;
  EXPECT_EQ(function.rfind("CREATE OR REPLACE FUNCTION \"zdm\".\"zdm_sync_users-email_users\"() "
                           "RETURNS trigger LANGUAGE plpgsql AS $zdm$",
                           0),
            0u)
      << function;
  EXPECT_NE(function.find("IF NEW.\"email_address\" IS NULL THEN"), std::string::npos) << function;
  // UPDATE: a row left unfilled is filled, and a change of the expression's value recomputes.
  EXPECT_NE(function.find("IF (NEW.\"email_address\" IS NULL AND NEW.\"email_address\" IS NOT "
                          "DISTINCT FROM OLD.\"email_address\") OR (SELECT lower(email) FROM "
                          "(SELECT NEW.*) AS \"users\") IS DISTINCT FROM (SELECT lower(email) FROM "
                          "(SELECT OLD.*) AS \"users\") THEN"),
            std::string::npos)
      << function;
  EXPECT_EQ(statements[1].sql,
            "CREATE OR REPLACE TRIGGER \"zdm_sync_users-email_users\" BEFORE INSERT OR UPDATE ON "
            "\"public\".\"users\" FOR EACH ROW EXECUTE FUNCTION "
            "\"zdm\".\"zdm_sync_users-email_users\"()");
  EXPECT_EQ(statements[1].lock, "SHARE ROW EXCLUSIVE on public.users (brief)");

  EXPECT_EQ(sql_of(d->drop_sync(email_sync(), "users-email")),
            (std::vector<std::string>{
                "DROP TRIGGER IF EXISTS \"zdm_sync_users-email_users\" ON \"public\".\"users\"",
                "DROP FUNCTION IF EXISTS \"zdm\".\"zdm_sync_users-email_users\"()"}));
}

// A target with a constant default has it, not NULL, when an INSERT leaves it out.
TEST(PostgresDialectSql, SyncFunctionTakesAConstantDefaultForUnfilled) {
  auto d = postgres();
  TableSchema users;
  users.columns = {
      ColumnSchema{"email_address", "character varying(255)", false, "''::character varying"}};
  const std::string function = d->create_sync(email_sync(), users, "m")[0].sql;
  EXPECT_NE(function.find("IF (NEW.\"email_address\" IS NULL OR NEW.\"email_address\"::text = "
                          "((''::character varying)::character varying(255))::text) THEN"),
            std::string::npos)
      << function;
  users.columns[0].default_sql = "now()";  // volatile: comparing would call it
  EXPECT_EQ(d->create_sync(email_sync(), users, "m")[0].sql.find("now()"), std::string::npos);
}

TEST(PostgresDialectSql, SyncFunctionHandlesEveryTarget) {
  auto d = postgres();
  plan::SyncTrigger sync = email_sync();
  sync.set.push_back({"amount_cents", "round(amount * 100)", {}});
  const std::string function = d->create_sync(sync, TableSchema{}, "m")[0].sql;
  EXPECT_NE(function.find("#variable_conflict use_column"), std::string::npos) << function;
  for (const std::string target : {"NEW.\"email_address\"", "NEW.\"amount_cents\""}) {
    EXPECT_NE(function.find("IF " + target + " IS NULL THEN"), std::string::npos) << function;
  }
  EXPECT_NE(function.find("NEW.\"amount_cents\" := (SELECT round(amount * 100) FROM (SELECT "
                          "NEW.*) AS \"users\");"),
            std::string::npos)
      << function;
}

TEST(PostgresDialectSql, SyncFunctionBodyAvoidsItsOwnDollarQuote) {
  auto d = postgres();
  plan::SyncTrigger sync = email_sync();
  sync.set[0].expression = "email || '$zdm$'";
  const std::string function = d->create_sync(sync, TableSchema{}, "m")[0].sql;
  EXPECT_NE(function.find("AS $zdm1$"), std::string::npos) << function;
  EXPECT_EQ(function.substr(function.size() - 6), "$zdm1$") << function;
}

TEST(PostgresDialectSql, SyncNamesFitIn63Bytes) {
  auto d = postgres();
  const std::string migration(63, 'm');
  const std::string table_a = std::string(62, 't') + "a";
  const std::string table_b = std::string(62, 't') + "b";
  const std::string name_a =
      quoted_name_after(d->create_sync(email_sync(table_a), {}, migration)[1].sql, "TRIGGER");
  const std::string name_b =
      quoted_name_after(d->create_sync(email_sync(table_b), {}, migration)[1].sql, "TRIGGER");
  EXPECT_LE(name_a.size(), 63u);
  EXPECT_LE(name_b.size(), 63u);
  EXPECT_EQ(name_a.rfind("zdm_sync_mmm", 0), 0u) << name_a;
  EXPECT_NE(name_a, name_b);
  // The function carries the same name; drop_sync finds it again.
  EXPECT_NE(d->create_sync(email_sync(table_a), {}, migration)[0].sql.find(name_a),
            std::string::npos);
  EXPECT_EQ(quoted_name_after(d->drop_sync(email_sync(table_a), migration)[0].sql, "EXISTS"),
            name_a);

  // Exactly 63 bytes: kept whole.
  const std::string fits = std::string(63 - 9 - 1 - 5, 'x');  // zdm_sync_ + fits + _ + users
  const std::string kept =
      quoted_name_after(d->create_sync(email_sync(), {}, fits)[1].sql, "TRIGGER");
  EXPECT_EQ(kept, "zdm_sync_" + fits + "_users");
  EXPECT_EQ(kept.size(), 63u);
}

TEST(PostgresDialectSql, SyncNamesDoNotSplitMultibyteCharacters) {
  auto d = postgres();
  std::string table;
  for (int i = 0; i < 40; ++i)
    table += "\xc3\xa9";  // é, two bytes each
  const std::string name =
      quoted_name_after(d->create_sync(email_sync(table), {}, "migration")[1].sql, "TRIGGER");
  EXPECT_LE(name.size(), 63u);
  const std::string prefix = name.substr(0, name.size() - 9);  // before _<8 hex digits>
  EXPECT_EQ((prefix.size() - std::string("zdm_sync_migration_").size()) % 2, 0u) << name;
}

// ---- column backup

TEST(PostgresDialectSql, BackupColumnKeepsTheKey) {
  auto d = postgres();
  const auto statements =
      d->backup_column("users", "email", {"tenant", "id"}, d->state_table("backup_1"));
  EXPECT_EQ(sql_of(statements),
            (std::vector<std::string>{
                "CREATE TABLE \"zdm\".\"backup_1\" AS SELECT \"tenant\", \"id\", \"email\" FROM "
                "\"public\".\"users\"",
                "ALTER TABLE \"zdm\".\"backup_1\" ADD PRIMARY KEY (\"tenant\", \"id\")"}));
  EXPECT_THROW(d->backup_column("users", "email", {}, d->state_table("b")), std::invalid_argument);
}

TEST(PostgresDialectSql, RestoreColumnAddsFillsThenConstrains) {
  auto d = postgres();
  TableSchema before;
  before.table = "users";
  before.exists = true;
  before.columns = {{"id", "bigint", false, std::nullopt},
                    {"email", "character varying(255)", false, "''::character varying"}};
  before.indexes = {{"users_pkey", {"id"}, true, true, true, "CREATE UNIQUE INDEX ..."}};
  const auto statements = d->restore_column(before, "email", d->state_table("backup_1"));
  EXPECT_EQ(sql_of(statements),
            (std::vector<std::string>{
                "ALTER TABLE \"public\".\"users\" ADD COLUMN IF NOT EXISTS \"email\" character "
                "varying(255) DEFAULT ''::character varying",
                "UPDATE \"public\".\"users\" AS t SET \"email\" = b.\"email\" FROM "
                "\"zdm\".\"backup_1\" AS b WHERE t.\"id\" = b.\"id\" AND t.\"email\" IS DISTINCT "
                "FROM b.\"email\"",
                "ALTER TABLE \"public\".\"users\" ALTER COLUMN \"email\" SET NOT NULL"}));
  EXPECT_FALSE(statements[1].ddl);

  before.columns[1].nullable = true;
  EXPECT_EQ(d->restore_column(before, "email", d->state_table("backup_1")).size(), 2u);
  EXPECT_THROW(d->restore_column(before, "missing", d->state_table("backup_1")),
               std::invalid_argument);
}

}  // namespace
}  // namespace zdm::db
