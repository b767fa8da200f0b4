#pragma once
// Everything that differs between PostgreSQL and MySQL/MariaDB: identifier quoting, the SQL
// of every step kind, lock timeouts, advisory locks and catalog queries. The engine asks a
// Dialect and never branches on the database kind; SQL generation lives here and nowhere
// else. Identifiers reaching a Dialect were checked by the plan loader (letters, digits, _,
// $, at most 63 bytes); the Dialect still quotes every one of them.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zdm/db/connection.hpp"
#include "zdm/db/db_error.hpp"
#include "zdm/db/dsn.hpp"
#include "zdm/db/table_schema.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::db {

// One statement zdm will run, with what --dry-run says about it.
struct SqlStatement {
  std::string sql;
  std::string lock;           // the lock it takes: "SHARE UPDATE EXCLUSIVE on public.users"
  bool transactional = true;  // false: must run outside a transaction block (CONCURRENTLY)
  bool ddl = true;            // runs under the lock timeout, retried while it cannot get it
  // Run instead when the server refuses the algorithm `sql` asks for (MySQL: INSTANT is
  // not possible for every table): empty when there is no equally safe alternative.
  std::string fallback_sql;
  std::string fallback_lock;
  bool operator==(const SqlStatement&) const = default;
};

// A DDL statement: runs under the lock timeout, retried while it cannot get its lock.
inline SqlStatement ddl_statement(std::string sql, std::string lock, bool transactional = true) {
  SqlStatement out;
  out.sql = std::move(sql);
  out.lock = std::move(lock);
  out.transactional = transactional;
  return out;
}

// A statement that changes rows (restoring a backup): not a DDL, so not retried as one.
inline SqlStatement data_statement(std::string sql, std::string lock) {
  SqlStatement out = ddl_statement(std::move(sql), std::move(lock));
  out.ddl = false;
  return out;
}

// A WHERE fragment with positional placeholders, and which value each placeholder binds:
// MySQL's "?" cannot be reused, so "a > ? OR (a = ? AND b > ?)" binds key values {0, 0, 1}.
struct KeyPredicate {
  std::string sql;
  std::vector<int> value_indexes;  // into the key's values, one per placeholder in order
};

// A query from the plan (a gate's sql) that the server cancels after a time limit: run
// `before`, then `sql` with the query's parameters, then `after` (after a failure too).
struct TimedQuery {
  std::vector<std::string> before;
  std::string sql;
  std::vector<std::string> after;
};

// backfill method: copy (MySQL/MariaDB): the rows are copied, with the new values, into a
// new table that triggers keep in step with the original, which one RENAME TABLE then
// swaps out. Every statement can run again after a crash.
struct TableCopy {
  std::string shadow;   // the new table the rows are copied into
  std::string retired;  // the original's name from the swap until it is dropped
  // A fresh copy: drops what an earlier start left, creates the shadow.
  std::vector<SqlStatement> start;
  // Then (again on a resumed copy) the triggers, created while `lock` holds the table, so
  // that no application statement is running when its trigger list changes (MariaDB fails a
  // statement that opened the table just before with "table <shadow> doesn't exist").
  SqlStatement lock;
  std::vector<SqlStatement> keep_in_step;
  std::string unlock;
  // One chunk: chunk_insert + " WHERE <the chunk's keys>" + chunk_suffix, which locks the
  // rows it reads. On a table with an AUTO_INCREMENT column, chunk_lock + the same WHERE +
  // lock_suffix first: there the INSERT … SELECT holds the copy's AUTO-INC lock while it
  // runs (innodb_autoinc_lock_mode 1, MariaDB's default), which the triggers' inserts wait
  // for, so it must not wait on the application; empty: the INSERT may wait.
  std::string chunk_lock;    // SELECT count(*) FROM table, or empty
  std::string lock_suffix;   // LOCK IN SHARE MODE
  std::string chunk_insert;  // INSERT INTO shadow (columns) SELECT <values> FROM table
  std::string chunk_suffix;  // locks the rows read; a row the triggers copied first is kept
  // Run before each chunk's transaction begins (its isolation level).
  std::vector<std::string> before_chunk;
  // Every row copied: the dual_write sync triggers onto the shadow, then the swap.
  std::vector<SqlStatement> swap;
  // After the swap: drops the original, gives the sync triggers back their own names.
  std::vector<SqlStatement> finish;
};

// What a copy of a table takes on the server's disk, and what that disk has free.
struct CopyRoom {
  long long table_bytes = 0;            // data and indexes, by the server's statistics
  bool binary_log = false;              // the copied rows go to the binary log as well
  std::optional<long long> free_bytes;  // on the data directory's disk; nullopt: unknown
  std::string disk;                     // that disk's mount point, when known
  std::string unknown_because;          // why free_bytes is unknown
};

// How far one replica is behind its primary, read on the replica.
struct ReplicaLag {
  std::optional<double> seconds;  // nullopt: unknown, and `problem` says why
  std::string problem;            // "replication stopped (Slave_SQL_Running: No)"
};

// The replicas streaming from a primary, as the primary sees them.
struct ReplicasOfPrimary {
  int count = 0;               // 0: none connected
  double max_lag_seconds = 0;  // 0 when none is behind (or none is connected)
};

class Dialect {
 public:
  virtual ~Dialect() = default;

  virtual DriverKind driver() const = 0;

  // ---- names and values
  virtual std::string quote(std::string_view identifier) const = 0;  // "a""b" / `a``b`
  // A table of the plan: "public"."users" (the plan's schema) / `users` (the DSN's database).
  virtual std::string table(std::string_view name) const = 0;
  // One of zdm's own tables: "zdm"."migrations" (state schema) / `zdm_migrations` (prefix).
  virtual std::string state_table(std::string_view name) const = 0;
  virtual std::string placeholder(int number) const = 0;  // 1-based: $1 / ?
  // A parameter bound to "YYYY-MM-DD HH:MM:SS.mmm" in UTC, as an instant the server compares
  // with its timestamp columns whatever the session's time zone.
  virtual std::string utc_timestamp_parameter(int number) const = 0;
  // A query for the server's clock as "YYYY-MM-DD HH:MM:SS.ffffff" in UTC: the clock its
  // DEFAULT now() columns use, which zdm's own host may not agree with.
  virtual std::string utc_now_query() const = 0;
  // Column types for zdm's own tables.
  virtual std::string long_text_type() const = 0;                        // text / LONGTEXT
  virtual std::string identity_column(std::string_view name) const = 0;  // bigint auto id PK

  // ---- state schema: statements that create zdm's schema (PostgreSQL) if missing.
  virtual std::vector<std::string> create_state_namespace() const = 0;

  // ---- session and errors
  // SET statements for a session that runs DDL: the plan's lock timeout (PostgreSQL
  // lock_timeout; MySQL lock_wait_timeout and innodb_lock_wait_timeout, whole seconds, at
  // least 1) and statement timeout (0: none).
  virtual std::vector<std::string> session_settings(const plan::Settings& settings) const = 0;
  virtual std::string begin_transaction() const = 0;  // BEGIN / START TRANSACTION
  // True for errors worth retrying after a pause: lock timeout, deadlock, serialization.
  virtual bool is_retryable(const DbError& error) const = 0;
  // The server refused the statement's ALGORITHM/LOCK clause (MySQL 1845/1846).
  virtual bool is_unsupported_algorithm(const DbError& error) const = 0;
  // DDL can run inside a transaction and roll back with it (PostgreSQL; MySQL commits
  // implicitly before and after each DDL).
  virtual bool transactional_ddl() const = 0;
  // The session is gone (server restarted, connection killed or lost): reconnecting may
  // help, retrying on this session cannot.
  virtual bool is_connection_error(const DbError& error) const = 0;
  // Sessions other than `own_session` that hold or wait for locks on `table`, or have a
  // transaction open that may (MySQL), one human line each: "pid 4711, transaction open
  // 42s, idle in transaction: SELECT * FROM users". Read from `observer`.
  virtual std::vector<std::string> lock_holders(Connection& observer, std::string_view table,
                                                const std::string& own_session) const = 0;

  // ---- advisory lock, held by the session for the whole run
  virtual bool try_advisory_lock(Connection& session, const std::string& key) const = 0;
  virtual void release_advisory_lock(Connection& session, const std::string& key) const = 0;
  // The session id holding the lock, nullopt when free. Read from another session.
  virtual std::optional<std::string> advisory_lock_holder(Connection& observer,
                                                          const std::string& key) const = 0;

  // ---- catalog
  virtual TableSchema describe_table(Connection& connection, std::string_view table) const = 0;
  // Estimated row count from catalog statistics (no count(*)); nullopt when unknown.
  virtual std::optional<long long> estimate_rows(Connection& connection,
                                                 std::string_view table) const = 0;

  // ---- steps of expand and contract
  // The statements that perform the step, in order.
  virtual std::vector<SqlStatement> forward(const plan::DdlAction& action) const = 0;
  // Whether the catalog shows the step done (column there, index there and VALID, ...).
  // For raw sql: false (it cannot be known).
  virtual bool is_applied(Connection& connection, const plan::DdlAction& action) const = 0;
  // PostgreSQL: an INVALID index with this step's name, left by a failed CONCURRENTLY
  // build, is dropped by these statements before the step runs again. Empty when none.
  virtual std::vector<SqlStatement> cleanup_failed_attempt(Connection& connection,
                                                           const plan::DdlAction& action) const = 0;
  // The statements that undo the step, given the table as it was before it ran. nullopt:
  // the step cannot be undone this way (raw sql without down; drop_column, which zdm
  // undoes from its backup table).
  virtual std::optional<std::vector<SqlStatement>> inverse(const plan::DdlAction& action,
                                                           const TableSchema& before) const = 0;

  // ---- drop_column with backup: copy (primary key, column) into a state table, and put
  // the column back from it
  virtual std::vector<SqlStatement> backup_column(std::string_view table, std::string_view column,
                                                  const std::vector<std::string>& primary_key,
                                                  std::string_view backup_table) const = 0;
  virtual std::vector<SqlStatement> restore_column(const TableSchema& before,
                                                   std::string_view column,
                                                   std::string_view backup_table) const = 0;

  // ---- dual_write sync triggers: keep each `set` column equal to its expression over
  // the row. INSERT: fills target columns left unfilled (NULL, or their constant default,
  // db/constant_default.hpp). UPDATE: fills a target the statement leaves unfilled, and
  // recomputes one when the expression's value changed. `table` is the table's current
  // schema (its defaults; MySQL also qualifies its column names with NEW.). Names derive
  // from the migration name.
  virtual std::vector<SqlStatement> create_sync(const plan::SyncTrigger& sync,
                                                const TableSchema& table,
                                                const std::string& migration) const = 0;
  virtual std::vector<SqlStatement> drop_sync(const plan::SyncTrigger& sync,
                                              const std::string& migration) const = 0;

  // ---- backfill method: copy
  // Why `backfill`'s table cannot be copied and swapped (a foreign key to or from it, a
  // trigger that is not zdm's, a server without RENAME-swappable triggers); empty when it can.
  virtual std::vector<std::string> copy_refusals(Connection& connection,
                                                 const plan::BackfillTable& backfill,
                                                 const std::string& migration) const = 0;
  // The room a copy of `table` needs and the room the server's disk has. Throws
  // std::logic_error where copy_refusals always refuses.
  virtual CopyRoom copy_room(Connection& connection, std::string_view table) const = 0;
  // The copy's SQL; `table` is the table's schema now, `key` the paging key, `sync` the
  // dual_write sync on the same table if the plan has one. Throws std::logic_error where
  // copy_refusals always refuses.
  virtual TableCopy table_copy(const plan::BackfillTable& backfill, const TableSchema& table,
                               const std::vector<std::string>& key, const plan::SyncTrigger* sync,
                               const std::string& migration) const = 0;
  // Just before the swap: the shadow's next AUTO_INCREMENT value raised to the original's,
  // so that ids freed by deletes at the end of the table are not handed out again.
  virtual std::optional<SqlStatement> carry_auto_increment(Connection& connection,
                                                           const TableCopy& copy,
                                                           std::string_view table) const = 0;
  // Undoing a copy that may have stopped anywhere: its triggers and tables, by name.
  virtual std::vector<SqlStatement> drop_table_copy(const std::string& table,
                                                    const std::string& migration) const = 0;

  // ---- backfill: key comparisons for keyset pagination
  // (key) > (values) and (key) <= (values), placeholders numbered from first_placeholder.
  virtual KeyPredicate key_after(const std::vector<std::string>& key,
                                 int first_placeholder) const = 0;
  virtual KeyPredicate key_at_most(const std::vector<std::string>& key,
                                   int first_placeholder) const = 0;

  // "<column> differs from (<expression>)", NULLs compared as values: the backfill updates
  // only rows whose value is not already right (PostgreSQL IS DISTINCT FROM; MySQL <=>).
  virtual std::string differs(std::string_view column, std::string_view expression) const = 0;
  // ---- backfill: tables without a key, splitting, load
  // Whether a table can be paged by physical row position (PostgreSQL ctid pages), for
  // tables with no primary key and no unique NOT NULL key.
  virtual bool pages_through_physical_rows() const = 0;
  // The table's size in pages now; nullopt where pages_through_physical_rows() is false.
  virtual std::optional<long long> table_pages(Connection& connection,
                                               std::string_view table) const = 0;
  // Which file holds the table's rows (PostgreSQL relfilenode). It changes when the table
  // is rewritten (VACUUM FULL, CLUSTER, pg_repack, an ALTER TABLE that rewrites), which
  // moves its rows to new ctids; nullopt where pages_through_physical_rows() is false.
  virtual std::optional<std::string> table_file(Connection& connection,
                                                std::string_view table) const = 0;
  // rows on pages [first, end): "ctid >= $n::tid AND ctid < $n+1::tid", binding
  // page_bound(first) and page_bound(end). Throws std::logic_error without pages.
  virtual KeyPredicate page_range(int first_placeholder) const = 0;
  virtual std::string page_bound(long long page) const = 0;
  // A column type (as describe_table prints it) whose values are 64-bit integers, so that
  // a key range can be split arithmetically between threads.
  virtual bool is_integer_type(std::string_view type) const = 0;
  // Sessions other than this one running a statement now (PostgreSQL: pg_stat_activity
  // state active; MySQL: Threads_running less this one).
  virtual long long active_sessions(Connection& connection) const = 0;
  // Why active_sessions would undercount on this connection (PostgreSQL: a role without
  // pg_read_all_stats sees no other role's state); nullopt when it sees every session.
  virtual std::optional<std::string> load_blind_spot(Connection& connection) const = 0;
  // PostgreSQL: the larger transaction-id age of the table and of the database (how close
  // wraparound is); nullopt where the server has no such limit.
  virtual std::optional<long long> transaction_id_age(Connection& connection,
                                                      std::string_view table) const = 0;
  // This session's id on the server (PostgreSQL backend pid, MySQL connection id).
  virtual std::string session_id(Connection& connection) const = 0;
  // Sessions waiting now on a lock that one of `sessions` (ids from session_id) holds:
  // PostgreSQL pg_blocking_pids; MySQL information_schema.INNODB_LOCK_WAITS (needs PROCESS).
  virtual long long sessions_waiting_on(Connection& connection,
                                        const std::vector<std::string>& sessions) const = 0;
  // ---- health gates
  // `sql` (with its bound parameters) limited to `timeout` on the server: PostgreSQL
  // SET LOCAL statement_timeout in a transaction that is rolled back (a gate only reads);
  // MariaDB SET STATEMENT max_statement_time FOR. The connection must not be in a
  // transaction.
  virtual TimedQuery timed_query(const std::string& sql,
                                 std::chrono::milliseconds timeout) const = 0;
  // The lag of the server `replica` is connected to; a server that is not a replica, or
  // whose replication stopped, has an unknown lag.
  virtual ReplicaLag replica_lag(Connection& replica) const = 0;
  // The lag of the replicas streaming from `primary`, as it sees them; nullopt when the
  // server cannot tell (MySQL: only the replicas know their lag).
  virtual std::optional<ReplicasOfPrimary> replicas_of_primary(Connection& primary) const = 0;
  // Whether replicas_of_primary can ever answer, known before connecting: without it a
  // replica_lag gate needs the replicas named (--replica-dsn).
  virtual bool primary_knows_replica_lag() const = 0;

 protected:
  Dialect() = default;
};

// The dialect for a plan's driver. `schema` is the plan's target.schema (PostgreSQL) and
// `state_schema` its settings.state_schema (schema on PostgreSQL, table prefix on MySQL).
std::unique_ptr<Dialect> make_dialect(DriverKind driver, const std::string& schema,
                                      const std::string& state_schema);

}  // namespace zdm::db
