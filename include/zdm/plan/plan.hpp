#pragma once
// The typed plan: what a plan file says once it has been loaded and checked.
// Every part that a later error may need to point at carries its source location.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "zdm/plan/expectation.hpp"
#include "zdm/plan/source_location.hpp"

namespace zdm::plan {

using Duration = std::chrono::milliseconds;

enum class Driver { postgres, mysql };
enum class PhaseKind { expand, dual_write, backfill, read_switch, contract };
enum class GateFailAction { abort, pause, rollback, confirm };

inline constexpr PhaseKind kPhaseOrder[] = {PhaseKind::expand, PhaseKind::dual_write,
                                            PhaseKind::backfill, PhaseKind::read_switch,
                                            PhaseKind::contract};

const char* to_string(Driver driver);
const char* to_string(PhaseKind phase);
const char* to_string(GateFailAction action);
std::optional<PhaseKind> phase_from_string(const std::string& name);

// A string whose value may have come from the environment (${VAR}). Such values are
// never printed back when they are secrets, so the template is kept beside the value.
struct TemplatedString {
  std::string value;  // after ${VAR} expansion
  std::string text;   // as written in the plan
  bool from_environment = false;
  std::vector<std::string> unset_variables;  // only for fields whose expansion is deferred
  SourceLocation at;
};

// ---- steps of expand and contract ----

struct ColumnDefinition {
  std::string name;
  std::string type;
  bool nullable = true;
  bool primary_key = false;
  std::optional<std::string> default_sql;
  SourceLocation at;
};

struct AddColumn {
  std::string table;
  ColumnDefinition column;
};

struct CreateTable {
  std::string table;
  std::vector<ColumnDefinition> columns;
};

struct CreateIndex {
  std::string table;
  std::string name;
  std::vector<std::string> columns;
  bool unique = false;
  std::optional<std::string> where_sql;  // partial index (PostgreSQL only)
};

struct AddCheck {
  std::string table;
  std::string name;
  std::string expression;
};

struct ForeignKeyReference {
  std::string table;
  std::vector<std::string> columns;
};

struct AddForeignKey {
  std::string table;
  std::string name;
  std::vector<std::string> columns;
  ForeignKeyReference references;
  std::optional<std::string> on_delete;  // no action | restrict | cascade | set null | set default
};

struct RawSql {
  std::string up;
  std::optional<std::string> down;  // without it the step cannot be rolled back
  SourceLocation up_at;
  SourceLocation down_at;
};

struct DropColumn {
  std::string table;
  std::string column;
  bool backup = false;
};

struct RenameColumn {
  std::string table;
  std::string from;
  std::string to;
};

struct DropIndex {
  std::string table;
  std::string name;
};

using DdlAction = std::variant<AddColumn, CreateTable, CreateIndex, AddCheck, AddForeignKey, RawSql,
                               DropColumn, RenameColumn, DropIndex>;

struct DdlStep {
  std::string name;  // explicit `name:` or derived from the action
  bool named_explicitly = false;
  DdlAction action;
  SourceLocation at;
};

const char* step_kind(const DdlAction& action);

// ---- dual_write ----

struct ColumnAssignment {  // column: SQL expression over the same row
  std::string column;
  std::string expression;
  SourceLocation at;
};

struct SyncTrigger {
  std::string table;
  std::vector<ColumnAssignment> set;
  SourceLocation at;
};

struct SqlCheck {
  std::string name;
  std::string sql;
  Expectation expect;
  SourceLocation at;
  SourceLocation sql_at;
};

struct DualWritePhase {
  std::vector<SyncTrigger> sync;
  std::vector<SqlCheck> checks;
  Duration observe{0};
  Duration every{std::chrono::seconds(30)};
  SourceLocation at;
};

// ---- backfill ----

struct ChunkSettings {
  Duration target_time{200};
  // The chunk time aimed at while the workload waits on the backfill's locks; unset: a
  // twentieth of target_time (backfill::ChunkSizer::contended_target).
  std::optional<Duration> contended_target_time;
  long long min_rows = 100;
  long long max_rows = 100000;
};

// What slows or stops a backfill between chunks (src/backfill/throttle.cpp).
struct ThrottleSettings {
  std::optional<Duration> max_replica_lag;  // pause while a replica is further behind
  long long max_rows_per_second = 0;        // 0: unlimited
  long long max_load = 0;                   // pause while more sessions are active (0: no limit)
  long long critical_load = 0;              // stop the phase (exit 3) at this many (0: no limit)
  std::string pause_file;                   // pause while this file exists ("": none)
  // PostgreSQL: stop when the table's or database's transaction-id age reaches this,
  // long before wraparound (vacuum_failsafe_age's default); 0: never.
  long long max_xid_age = 1'600'000'000;
  std::optional<SourceLocation> max_xid_age_at;  // where the plan sets it, if it does
};

// How a backfill writes the new shape: in place (UPDATE of each chunk), or by copying the
// table into a new one and swapping it in (MySQL/MariaDB: InnoDB grows a row in place at
// three times the cost of writing it anew).
enum class BackfillMethod { update, copy };

struct BackfillTable {
  std::string table;
  BackfillMethod method = BackfillMethod::update;
  std::vector<ColumnAssignment> set;
  std::optional<std::string> where_sql;
  std::vector<std::string> key;  // empty: the primary key, else a unique NOT NULL key
  int threads = 1;               // disjoint key ranges worked at the same time
  ChunkSettings chunk;
  ThrottleSettings throttle;
  SourceLocation at;
  SourceLocation method_at;  // where `method` was given, else `at`
};

struct BackfillPhase {
  std::vector<BackfillTable> tables;
  SourceLocation at;
};

// ---- read_switch ----

struct HttpRequest {
  std::string method = "GET";
  TemplatedString url;
  std::optional<std::string> body;
  std::vector<std::pair<std::string, TemplatedString>> headers;  // values are secrets
  std::vector<int> expect_status;                                // empty: any 2xx
  Duration timeout{std::chrono::seconds(10)};
  // http gates only (the loader refuses them on read_switch steps):
  std::optional<std::string> body_contains;  // the body must contain this text
  std::optional<std::string> json_pointer;   // RFC 6901; the number there is the gate's value
  SourceLocation at;
};

struct Command {
  std::vector<std::string> argv;
  Duration timeout{std::chrono::minutes(5)};
  SourceLocation at;
};

using HookAction = std::variant<HttpRequest, Command>;

struct HookStep {
  std::string name;
  bool named_explicitly = false;
  HookAction action;
  std::optional<HookAction> rollback;
  SourceLocation at;
};

struct Ramp {
  std::vector<int> percents;
  Duration hold{0};
  SourceLocation at;
};

struct ReadSwitchPhase {
  std::vector<HookStep> steps;
  std::optional<Ramp> ramp;
  SourceLocation at;
};

// ---- expand / contract ----

struct DdlPhase {
  std::vector<DdlStep> steps;
  SourceLocation at;
};

struct ContractPhase {
  Duration soak{0};
  std::vector<DdlStep> steps;
  SourceLocation at;
};

// ---- gates ----

struct SqlProbe {
  std::string sql;
  SourceLocation at;
};

struct PrometheusProbe {
  TemplatedString url;
  std::string query;
  SourceLocation at;
};

struct ReplicaLagProbe {
  Duration max{std::chrono::seconds(5)};
  SourceLocation at;
};

using GateProbe = std::variant<SqlProbe, HttpRequest, PrometheusProbe, Command, ReplicaLagProbe>;

const char* gate_kind(const GateProbe& probe);

struct Gate {
  std::string name;
  GateProbe probe;
  std::optional<Expectation> expect;
  std::vector<PhaseKind> before;
  std::vector<PhaseKind> after;
  std::vector<PhaseKind> during;
  Duration every{std::chrono::seconds(30)};
  Duration timeout{std::chrono::seconds(10)};
  int retries = 0;
  GateFailAction on_fail = GateFailAction::abort;
  SourceLocation at;
};

// ---- the plan ----

struct Target {
  Driver driver = Driver::postgres;
  std::optional<TemplatedString> dsn;
  std::string schema = "public";
  SourceLocation at;
};

struct RetryBackoff {
  Duration initial{200};
  Duration max{std::chrono::seconds(10)};
};

// How zdm gets its own connections back after the server went away: `attempts`
// reconnections (waits doubling from `backoff`), then the breaker opens: one wait of
// `open_for`, one probe, and the run either resumes or stops (exit 1, state kept).
struct Reconnect {
  int attempts = 3;
  Duration backoff{std::chrono::seconds(1)};
  Duration open_for{std::chrono::seconds(30)};
};

struct Settings {
  Duration lock_timeout{std::chrono::seconds(2)};
  int ddl_retries = 30;
  RetryBackoff retry_backoff;
  Duration statement_timeout{0};
  std::string state_schema = "zdm";
  Reconnect reconnect;
};

struct Plan {
  int format_version = 1;
  std::string name;
  std::string description;
  Target target;
  Settings settings;
  std::optional<DdlPhase> expand;
  std::optional<DualWritePhase> dual_write;
  std::optional<BackfillPhase> backfill;
  std::optional<ReadSwitchPhase> read_switch;
  std::optional<ContractPhase> contract;
  std::vector<Gate> gates;

  std::string source_file;
  std::string source_text;

  bool has_phase(PhaseKind phase) const;
  std::vector<PhaseKind> phases() const;  // present phases, in run order
  // The dual_write sync on `table`, if the plan has one.
  const SyncTrigger* sync_on(const std::string& table) const;
};

}  // namespace zdm::plan
