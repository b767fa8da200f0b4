#include "postgres_dialect.hpp"

#include <stdexcept>

#include "postgres_backfill_support.hpp"
#include "postgres_catalog.hpp"
#include "postgres_column_backup.hpp"
#include "postgres_keyset.hpp"
#include "postgres_locks.hpp"
#include "postgres_names.hpp"
#include "postgres_replication.hpp"
#include "postgres_step_sql.hpp"
#include "postgres_step_state.hpp"
#include "postgres_sync_trigger.hpp"

namespace zdm::db {

namespace {

// A duration for SET: '2000ms'; 0 (none) as 0.
std::string milliseconds(plan::Duration duration) {
  if (duration.count() <= 0)
    return "0";
  return "'" + std::to_string(duration.count()) + "ms'";
}

}  // namespace

PostgresDialect::PostgresDialect(std::string schema, std::string state_schema)
    : schema_(std::move(schema)), state_schema_(std::move(state_schema)) {}

DriverKind PostgresDialect::driver() const {
  return DriverKind::postgres;
}

std::string PostgresDialect::quote(std::string_view identifier) const {
  return pg::quote_identifier(identifier);
}

std::string PostgresDialect::table(std::string_view name) const {
  return pg::qualified_name(schema_, name);
}

std::string PostgresDialect::state_table(std::string_view name) const {
  return pg::qualified_name(state_schema_, name);
}

std::string PostgresDialect::placeholder(int number) const {
  return "$" + std::to_string(number);
}

std::string PostgresDialect::utc_now_query() const {
  return "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')";
}

std::string PostgresDialect::utc_timestamp_parameter(int number) const {
  // AT TIME ZONE turns the UTC wall time into a timestamptz.
  return "(CAST(" + placeholder(number) + " AS timestamp) AT TIME ZONE 'UTC')";
}

std::string PostgresDialect::long_text_type() const {
  return "text";
}

std::string PostgresDialect::identity_column(std::string_view name) const {
  return quote(name) + " bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
}

std::vector<std::string> PostgresDialect::create_state_namespace() const {
  return {"CREATE SCHEMA IF NOT EXISTS " + quote(state_schema_)};
}

std::vector<std::string> PostgresDialect::session_settings(const plan::Settings& settings) const {
  return {"SET lock_timeout = " + milliseconds(settings.lock_timeout),
          "SET statement_timeout = " + milliseconds(settings.statement_timeout)};
}

std::string PostgresDialect::begin_transaction() const {
  return "BEGIN";
}

bool PostgresDialect::is_retryable(const DbError& error) const {
  const std::string& state = error.sql_state();
  return state == "55P03"      // lock_not_available (lock_timeout)
         || state == "40P01"   // deadlock_detected
         || state == "40001";  // serialization_failure
}

// PostgreSQL has no ALGORITHM clause to refuse.
bool PostgresDialect::is_connection_error(const DbError& error) const {
  const std::string& state = error.sql_state();
  return state.rfind("08", 0) == 0  // connection_exception
         || state == "57P01"        // admin_shutdown (also pg_terminate_backend)
         || state == "57P02"        // crash_shutdown
         || state == "57P03";       // cannot_connect_now (starting up)
}

bool PostgresDialect::primary_knows_replica_lag() const {
  return true;
}

bool PostgresDialect::transactional_ddl() const {
  return true;
}

bool PostgresDialect::is_unsupported_algorithm(const DbError& /*error*/) const {
  return false;
}

std::vector<std::string> PostgresDialect::lock_holders(Connection& observer, std::string_view table,
                                                       const std::string& own_session) const {
  return pg::lock_holders(observer, this->table(table), own_session);
}

bool PostgresDialect::try_advisory_lock(Connection& session, const std::string& key) const {
  return pg::try_advisory_lock(session, key);
}

void PostgresDialect::release_advisory_lock(Connection& session, const std::string& key) const {
  pg::release_advisory_lock(session, key);
}

std::optional<std::string> PostgresDialect::advisory_lock_holder(Connection& observer,
                                                                 const std::string& key) const {
  return pg::advisory_lock_holder(observer, key);
}

TableSchema PostgresDialect::describe_table(Connection& connection, std::string_view table) const {
  return pg::describe_table(connection, schema_, table);
}

std::optional<long long> PostgresDialect::estimate_rows(Connection& connection,
                                                        std::string_view table) const {
  return pg::estimate_rows(connection, schema_, table);
}

std::vector<SqlStatement> PostgresDialect::forward(const plan::DdlAction& action) const {
  return pg::forward_statements(schema_, action);
}

bool PostgresDialect::is_applied(Connection& connection, const plan::DdlAction& action) const {
  return pg::step_is_applied(connection, schema_, action);
}

std::vector<SqlStatement> PostgresDialect::cleanup_failed_attempt(
    Connection& connection, const plan::DdlAction& action) const {
  return pg::failed_attempt_cleanup(connection, schema_, action);
}

std::optional<std::vector<SqlStatement>> PostgresDialect::inverse(const plan::DdlAction& action,
                                                                  const TableSchema& before) const {
  return pg::inverse_statements(schema_, action, before);
}

std::vector<SqlStatement> PostgresDialect::backup_column(
    std::string_view table, std::string_view column, const std::vector<std::string>& primary_key,
    std::string_view backup_table) const {
  return pg::backup_column_statements(schema_, table, column, primary_key, backup_table);
}

std::vector<SqlStatement> PostgresDialect::restore_column(const TableSchema& before,
                                                          std::string_view column,
                                                          std::string_view backup_table) const {
  return pg::restore_column_statements(schema_, before, column, backup_table);
}

std::vector<SqlStatement> PostgresDialect::create_sync(const plan::SyncTrigger& sync,
                                                       const TableSchema& table,
                                                       const std::string& migration) const {
  return pg::create_sync_statements({schema_, state_schema_}, sync, table, migration);
}

std::vector<SqlStatement> PostgresDialect::drop_sync(const plan::SyncTrigger& sync,
                                                     const std::string& migration) const {
  return pg::drop_sync_statements({schema_, state_schema_}, sync, migration);
}

// In place, a PostgreSQL backfill already runs as fast as one UPDATE of the whole table
// (bench/README.md): a copy and swap would add its risks for nothing.
std::vector<std::string> PostgresDialect::copy_refusals(Connection& /*connection*/,
                                                        const plan::BackfillTable& /*backfill*/,
                                                        const std::string& /*migration*/) const {
  return {
      "method: copy is for MariaDB; on PostgreSQL the in-place update (method: "
      "update) already runs as fast as one UPDATE of the whole table"};
}

CopyRoom PostgresDialect::copy_room(Connection& /*connection*/, std::string_view /*table*/) const {
  throw std::logic_error("PostgreSQL backfills in place (method: update)");
}

TableCopy PostgresDialect::table_copy(const plan::BackfillTable& /*backfill*/,
                                      const TableSchema& /*table*/,
                                      const std::vector<std::string>& /*key*/,
                                      const plan::SyncTrigger* /*sync*/,
                                      const std::string& /*migration*/) const {
  throw std::logic_error("PostgreSQL backfills in place (method: update)");
}

std::optional<SqlStatement> PostgresDialect::carry_auto_increment(
    Connection& /*connection*/, const TableCopy& /*copy*/, std::string_view /*table*/) const {
  return std::nullopt;
}

std::vector<SqlStatement> PostgresDialect::drop_table_copy(const std::string& /*table*/,
                                                           const std::string& /*migration*/) const {
  return {};
}

KeyPredicate PostgresDialect::key_after(const std::vector<std::string>& key,
                                        int first_placeholder) const {
  return pg::row_comparison(key, ">", first_placeholder);
}

KeyPredicate PostgresDialect::key_at_most(const std::vector<std::string>& key,
                                          int first_placeholder) const {
  return pg::row_comparison(key, "<=", first_placeholder);
}

TimedQuery PostgresDialect::timed_query(const std::string& sql,
                                        std::chrono::milliseconds timeout) const {
  // SET LOCAL ends with the transaction, so the session's own statement_timeout (the
  // plan's settings) is back for the next statement; ROLLBACK because a gate only reads.
  return {{"BEGIN", "SET LOCAL statement_timeout = " + milliseconds(timeout)}, sql, {"ROLLBACK"}};
}

ReplicaLag PostgresDialect::replica_lag(Connection& replica) const {
  return pg::replica_lag(replica);
}

std::optional<ReplicasOfPrimary> PostgresDialect::replicas_of_primary(Connection& primary) const {
  return pg::replicas_of_primary(primary);
}

bool PostgresDialect::pages_through_physical_rows() const {
  return true;
}

std::optional<long long> PostgresDialect::table_pages(Connection& connection,
                                                      std::string_view table) const {
  return pg::table_pages(connection, schema_, table);
}

std::optional<std::string> PostgresDialect::table_file(Connection& connection,
                                                       std::string_view table) const {
  return pg::table_file(connection, schema_, table);
}

KeyPredicate PostgresDialect::page_range(int first_placeholder) const {
  return pg::page_range(first_placeholder);
}

std::string PostgresDialect::page_bound(long long page) const {
  return pg::page_bound(page);
}

bool PostgresDialect::is_integer_type(std::string_view type) const {
  return pg::is_integer_type(type);
}

std::optional<std::string> PostgresDialect::load_blind_spot(Connection& connection) const {
  return pg::load_blind_spot(connection);
}

long long PostgresDialect::active_sessions(Connection& connection) const {
  return pg::active_sessions(connection);
}

std::optional<long long> PostgresDialect::transaction_id_age(Connection& connection,
                                                             std::string_view table) const {
  return pg::transaction_id_age(connection, schema_, table);
}

std::string PostgresDialect::session_id(Connection& connection) const {
  return pg::session_id(connection);
}

long long PostgresDialect::sessions_waiting_on(Connection& connection,
                                               const std::vector<std::string>& sessions) const {
  return pg::sessions_waiting_on(connection, sessions);
}

std::string PostgresDialect::differs(std::string_view column, std::string_view expression) const {
  return quote(column) + " IS DISTINCT FROM (" + std::string(expression) + ")";
}

}  // namespace zdm::db
