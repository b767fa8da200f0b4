#include "mysql_dialect.hpp"

#include <stdexcept>
#include <type_traits>

#include "mysql_backfill_support.hpp"
#include "mysql_backup.hpp"
#include "mysql_catalog.hpp"
#include "mysql_copy_room.hpp"
#include "mysql_key_predicate.hpp"
#include "mysql_names.hpp"
#include "mysql_replication.hpp"
#include "mysql_session.hpp"
#include "mysql_step_sql.hpp"
#include "mysql_sync_trigger.hpp"
#include "mysql_table_copy.hpp"

namespace zdm::db {

namespace {

constexpr int kLockWaitTimeout = 1205;         // ER_LOCK_WAIT_TIMEOUT: row lock or metadata lock
constexpr int kDeadlock = 1213;                // ER_LOCK_DEADLOCK
constexpr int kAlgorithmRefused = 1845;        // ER_ALTER_OPERATION_NOT_SUPPORTED
constexpr int kAlgorithmRefusedReason = 1846;  // ER_ALTER_OPERATION_NOT_SUPPORTED_REASON

bool has_constraint(const TableSchema& table, const std::string& name, const std::string& kind) {
  for (const auto& constraint : table.constraints) {
    if (constraint.name == name && constraint.kind == kind)
      return true;
  }
  return false;
}

// Whether the table `schema` describes shows the step done.
bool shows_applied(const TableSchema& schema, const plan::DdlAction& action) {
  return std::visit(
      [&](const auto& step) -> bool {
        using Step = std::decay_t<decltype(step)>;
        if constexpr (std::is_same_v<Step, plan::AddColumn>)
          return schema.column(step.column.name) != nullptr;
        else if constexpr (std::is_same_v<Step, plan::CreateTable>)
          return schema.exists;
        else if constexpr (std::is_same_v<Step, plan::CreateIndex>)
          return schema.index(step.name) != nullptr;
        else if constexpr (std::is_same_v<Step, plan::AddCheck>)
          return has_constraint(schema, step.name, "check");
        else if constexpr (std::is_same_v<Step, plan::AddForeignKey>)
          return has_constraint(schema, step.name, "foreign_key");
        else if constexpr (std::is_same_v<Step, plan::RawSql>)
          return false;
        else if constexpr (std::is_same_v<Step, plan::DropColumn>)
          return schema.column(step.column) == nullptr;
        else if constexpr (std::is_same_v<Step, plan::RenameColumn>)
          return schema.column(step.to) != nullptr && schema.column(step.from) == nullptr;
        else
          return schema.index(step.name) == nullptr;
      },
      action);
}

// The table a step works on; empty for raw sql.
std::string step_table(const plan::DdlAction& action) {
  return std::visit(
      [](const auto& step) -> std::string {
        if constexpr (std::is_same_v<std::decay_t<decltype(step)>, plan::RawSql>)
          return {};
        else
          return step.table;
      },
      action);
}

}  // namespace

MysqlDialect::MysqlDialect(std::string schema, std::string state_schema)
    : schema_(std::move(schema)), state_schema_(std::move(state_schema)) {}

DriverKind MysqlDialect::driver() const {
  return DriverKind::mysql;
}

std::string MysqlDialect::quote(std::string_view identifier) const {
  return mysql::quote(identifier);
}

// The plan's target.schema does not apply: a table lives in the DSN's database.
std::string MysqlDialect::table(std::string_view name) const {
  return quote(name);
}

std::string MysqlDialect::state_table(std::string_view name) const {
  return quote(state_schema_ + "_" + std::string(name));
}

std::string MysqlDialect::placeholder(int /*number*/) const {
  return "?";
}

std::string MysqlDialect::utc_now_query() const {
  return "SELECT DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%d %H:%i:%s.%f')";
}

std::string MysqlDialect::utc_timestamp_parameter(int number) const {
  // TIMESTAMP columns compare in the session's time zone: convert the UTC text to it.
  return "CONVERT_TZ(" + placeholder(number) + ", '+00:00', @@session.time_zone)";
}

std::string MysqlDialect::long_text_type() const {
  return "LONGTEXT";
}

std::string MysqlDialect::identity_column(std::string_view name) const {
  return quote(name) + " BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";
}

std::vector<std::string> MysqlDialect::create_state_namespace() const {
  return {};  // zdm's tables live in the DSN's database, under a name prefix
}

std::vector<std::string> MysqlDialect::session_settings(const plan::Settings& settings) const {
  return mysql::session_settings(settings);
}

std::string MysqlDialect::begin_transaction() const {
  return "START TRANSACTION";
}

bool MysqlDialect::is_retryable(const DbError& error) const {
  return error.vendor_code() == kLockWaitTimeout || error.vendor_code() == kDeadlock;
}

bool MysqlDialect::is_connection_error(const DbError& error) const {
  switch (error.vendor_code()) {
    case 1053:  // ER_SERVER_SHUTDOWN
    case 1927:  // ER_CONNECTION_KILLED
    case 2002:  // CR_CONNECTION_ERROR
    case 2003:  // CR_CONN_HOST_ERROR
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
    case 2055:  // CR_SERVER_LOST_EXTENDED
    case 4031:  // ER_CLIENT_INTERACTION_TIMEOUT
      return true;
    default:
      return false;
  }
}

bool MysqlDialect::primary_knows_replica_lag() const {
  return false;
}

bool MysqlDialect::transactional_ddl() const {
  return false;
}

bool MysqlDialect::is_unsupported_algorithm(const DbError& error) const {
  return error.vendor_code() == kAlgorithmRefused || error.vendor_code() == kAlgorithmRefusedReason;
}

std::vector<std::string> MysqlDialect::lock_holders(Connection& observer,
                                                    std::string_view /*table*/,
                                                    const std::string& own_session) const {
  // information_schema cannot say which tables a transaction has touched (that needs the
  // metadata_lock_info plugin), so every open transaction is a suspect.
  return mysql::lock_holders(observer, own_session);
}

bool MysqlDialect::try_advisory_lock(Connection& session, const std::string& key) const {
  return mysql::try_advisory_lock(session, key);
}

void MysqlDialect::release_advisory_lock(Connection& session, const std::string& key) const {
  mysql::release_advisory_lock(session, key);
}

std::optional<std::string> MysqlDialect::advisory_lock_holder(Connection& observer,
                                                              const std::string& key) const {
  return mysql::advisory_lock_holder(observer, key);
}

TableSchema MysqlDialect::describe_table(Connection& connection, std::string_view table) const {
  return mysql::describe_table(connection, std::string(table));
}

std::optional<long long> MysqlDialect::estimate_rows(Connection& connection,
                                                     std::string_view table) const {
  return mysql::estimate_rows(connection, std::string(table));
}

std::vector<SqlStatement> MysqlDialect::forward(const plan::DdlAction& action) const {
  return mysql::forward_sql(action);
}

bool MysqlDialect::is_applied(Connection& connection, const plan::DdlAction& action) const {
  if (std::holds_alternative<plan::RawSql>(action))
    return false;
  return shows_applied(describe_table(connection, step_table(action)), action);
}

// MySQL has no INVALID indexes: a failed ALTER leaves nothing behind.
std::vector<SqlStatement> MysqlDialect::cleanup_failed_attempt(
    Connection& /*connection*/, const plan::DdlAction& /*action*/) const {
  return {};
}

std::optional<std::vector<SqlStatement>> MysqlDialect::inverse(const plan::DdlAction& action,
                                                               const TableSchema& before) const {
  return mysql::inverse_sql(action, before);
}

std::vector<SqlStatement> MysqlDialect::backup_column(std::string_view table,
                                                      std::string_view column,
                                                      const std::vector<std::string>& primary_key,
                                                      std::string_view backup_table) const {
  return mysql::backup_column(std::string(table), std::string(column), primary_key,
                              std::string(backup_table));
}

std::vector<SqlStatement> MysqlDialect::restore_column(const TableSchema& before,
                                                       std::string_view column,
                                                       std::string_view backup_table) const {
  return mysql::restore_column(before, std::string(column), std::string(backup_table));
}

std::vector<SqlStatement> MysqlDialect::create_sync(const plan::SyncTrigger& sync,
                                                    const TableSchema& table,
                                                    const std::string& migration) const {
  return mysql::create_sync(sync, table, migration);
}

std::vector<SqlStatement> MysqlDialect::drop_sync(const plan::SyncTrigger& sync,
                                                  const std::string& migration) const {
  return mysql::drop_sync(sync, migration);
}

std::vector<std::string> MysqlDialect::copy_refusals(Connection& connection,
                                                     const plan::BackfillTable& backfill,
                                                     const std::string& migration) const {
  return mysql::copy_refusals(connection, backfill, migration);
}

CopyRoom MysqlDialect::copy_room(Connection& connection, std::string_view table) const {
  return mysql::copy_room(connection, std::string(table));
}

TableCopy MysqlDialect::table_copy(const plan::BackfillTable& backfill, const TableSchema& table,
                                   const std::vector<std::string>& key,
                                   const plan::SyncTrigger* sync,
                                   const std::string& migration) const {
  return mysql::table_copy(backfill, table, key, sync, migration);
}

std::optional<SqlStatement> MysqlDialect::carry_auto_increment(Connection& connection,
                                                               const TableCopy& copy,
                                                               std::string_view table) const {
  return mysql::carry_auto_increment(connection, copy, std::string(table));
}

std::vector<SqlStatement> MysqlDialect::drop_table_copy(const std::string& table,
                                                        const std::string& migration) const {
  return mysql::drop_table_copy(table, migration);
}

// "?" cannot be numbered, so first_placeholder does not change the text.
KeyPredicate MysqlDialect::key_after(const std::vector<std::string>& key,
                                     int /*first_placeholder*/) const {
  return mysql::key_after(key);
}

KeyPredicate MysqlDialect::key_at_most(const std::vector<std::string>& key,
                                       int /*first_placeholder*/) const {
  return mysql::key_at_most(key);
}

TimedQuery MysqlDialect::timed_query(const std::string& sql,
                                     std::chrono::milliseconds timeout) const {
  return {{}, mysql::with_statement_time_limit(sql, timeout), {}};
}

ReplicaLag MysqlDialect::replica_lag(Connection& replica) const {
  return mysql::replica_lag(replica);
}

std::optional<ReplicasOfPrimary> MysqlDialect::replicas_of_primary(Connection& /*primary*/) const {
  return std::nullopt;  // a MySQL primary does not know how far its replicas are behind
}

bool MysqlDialect::pages_through_physical_rows() const {
  return false;  // InnoDB rows have no stable physical address to page by
}

std::optional<long long> MysqlDialect::table_pages(Connection& /*connection*/,
                                                   std::string_view /*table*/) const {
  return std::nullopt;
}

std::optional<std::string> MysqlDialect::table_file(Connection& /*connection*/,
                                                    std::string_view /*table*/) const {
  return std::nullopt;
}

KeyPredicate MysqlDialect::page_range(int /*first_placeholder*/) const {
  throw std::logic_error("MySQL tables cannot be paged by physical row position");
}

std::string MysqlDialect::page_bound(long long /*page*/) const {
  throw std::logic_error("MySQL tables cannot be paged by physical row position");
}

bool MysqlDialect::is_integer_type(std::string_view type) const {
  return mysql::is_integer_type(type);
}

std::optional<std::string> MysqlDialect::load_blind_spot(Connection& /*connection*/) const {
  return std::nullopt;  // Threads_running is global: every account reads it
}

long long MysqlDialect::active_sessions(Connection& connection) const {
  return mysql::active_sessions(connection);
}

std::optional<long long> MysqlDialect::transaction_id_age(Connection& /*connection*/,
                                                          std::string_view /*table*/) const {
  return std::nullopt;  // InnoDB transaction ids are 48-bit: no wraparound to fear
}

std::string MysqlDialect::session_id(Connection& connection) const {
  return mysql::session_id(connection);
}

long long MysqlDialect::sessions_waiting_on(Connection& connection,
                                            const std::vector<std::string>& sessions) const {
  return mysql::sessions_waiting_on(connection, sessions);
}

std::string MysqlDialect::differs(std::string_view column, std::string_view expression) const {
  return "NOT (" + quote(column) + " <=> (" + std::string(expression) + "))";
}

}  // namespace zdm::db
