#pragma once
// The mysql dialect: SQL generation and catalog queries. Private to src/db.

#include "zdm/db/dialect.hpp"

namespace zdm::db {

class MysqlDialect final : public Dialect {
 public:
  MysqlDialect(std::string schema, std::string state_schema);

  DriverKind driver() const override;
  std::string quote(std::string_view identifier) const override;
  std::string table(std::string_view name) const override;
  std::string state_table(std::string_view name) const override;
  std::string placeholder(int number) const override;
  std::string utc_timestamp_parameter(int number) const override;
  std::string utc_now_query() const override;
  std::string long_text_type() const override;
  std::string identity_column(std::string_view name) const override;
  std::vector<std::string> create_state_namespace() const override;
  std::vector<std::string> session_settings(const plan::Settings& settings) const override;
  std::string begin_transaction() const override;
  bool is_retryable(const DbError& error) const override;
  bool is_unsupported_algorithm(const DbError& error) const override;
  bool transactional_ddl() const override;
  bool primary_knows_replica_lag() const override;
  bool is_connection_error(const DbError& error) const override;
  std::vector<std::string> lock_holders(Connection& observer, std::string_view table,
                                        const std::string& own_session) const override;
  bool try_advisory_lock(Connection& session, const std::string& key) const override;
  void release_advisory_lock(Connection& session, const std::string& key) const override;
  std::optional<std::string> advisory_lock_holder(Connection& observer,
                                                  const std::string& key) const override;
  TableSchema describe_table(Connection& connection, std::string_view table) const override;
  std::optional<long long> estimate_rows(Connection& connection,
                                         std::string_view table) const override;
  std::vector<SqlStatement> forward(const plan::DdlAction& action) const override;
  bool is_applied(Connection& connection, const plan::DdlAction& action) const override;
  std::vector<SqlStatement> cleanup_failed_attempt(Connection& connection,
                                                   const plan::DdlAction& action) const override;
  std::optional<std::vector<SqlStatement>> inverse(const plan::DdlAction& action,
                                                   const TableSchema& before) const override;
  std::vector<SqlStatement> backup_column(std::string_view table, std::string_view column,
                                          const std::vector<std::string>& primary_key,
                                          std::string_view backup_table) const override;
  std::vector<SqlStatement> restore_column(const TableSchema& before, std::string_view column,
                                           std::string_view backup_table) const override;
  std::vector<SqlStatement> create_sync(const plan::SyncTrigger& sync, const TableSchema& table,
                                        const std::string& migration) const override;
  std::vector<SqlStatement> drop_sync(const plan::SyncTrigger& sync,
                                      const std::string& migration) const override;
  std::vector<std::string> copy_refusals(Connection& connection,
                                         const plan::BackfillTable& backfill,
                                         const std::string& migration) const override;
  CopyRoom copy_room(Connection& connection, std::string_view table) const override;
  TableCopy table_copy(const plan::BackfillTable& backfill, const TableSchema& table,
                       const std::vector<std::string>& key, const plan::SyncTrigger* sync,
                       const std::string& migration) const override;
  std::optional<SqlStatement> carry_auto_increment(Connection& connection, const TableCopy& copy,
                                                   std::string_view table) const override;
  std::vector<SqlStatement> drop_table_copy(const std::string& table,
                                            const std::string& migration) const override;
  KeyPredicate key_after(const std::vector<std::string>& key, int first_placeholder) const override;
  KeyPredicate key_at_most(const std::vector<std::string>& key,
                           int first_placeholder) const override;
  std::string differs(std::string_view column, std::string_view expression) const override;
  bool pages_through_physical_rows() const override;
  std::optional<long long> table_pages(Connection& connection,
                                       std::string_view table) const override;
  std::optional<std::string> table_file(Connection& connection,
                                        std::string_view table) const override;
  KeyPredicate page_range(int first_placeholder) const override;
  std::string page_bound(long long page) const override;
  bool is_integer_type(std::string_view type) const override;
  long long active_sessions(Connection& connection) const override;
  std::optional<std::string> load_blind_spot(Connection& connection) const override;
  std::optional<long long> transaction_id_age(Connection& connection,
                                              std::string_view table) const override;
  std::string session_id(Connection& connection) const override;
  long long sessions_waiting_on(Connection& connection,
                                const std::vector<std::string>& sessions) const override;
  TimedQuery timed_query(const std::string& sql, std::chrono::milliseconds timeout) const override;
  ReplicaLag replica_lag(Connection& replica) const override;
  std::optional<ReplicasOfPrimary> replicas_of_primary(Connection& primary) const override;

 private:
  std::string schema_;
  std::string state_schema_;
};

}  // namespace zdm::db
