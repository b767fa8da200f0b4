// PG108 and PG109: statements and the transaction and lock timeout they run under.
#include <algorithm>

#include "pg_rules_support.hpp"

namespace zdm::lint {

namespace {

using pg::Json;

// What PostgreSQL refuses inside a transaction block, described; "" for anything else.
std::string needs_no_transaction(const Json& statement) {
  if (const Json* index = pg::as(statement, "IndexStmt"))
    return pg::bool_field(*index, "concurrent") ? "CREATE INDEX CONCURRENTLY" : "";
  if (const Json* drop = pg::as(statement, "DropStmt"))
    return pg::bool_field(*drop, "concurrent") ? "DROP INDEX CONCURRENTLY" : "";
  if (const Json* reindex = pg::as(statement, "ReindexStmt"))
    return pg::has_option(*reindex, "params", "concurrently") ? "REINDEX CONCURRENTLY" : "";
  if (const Json* vacuum = pg::as(statement, "VacuumStmt"))
    return pg::bool_field(*vacuum, "is_vacuumcmd") ? "VACUUM" : "";
  if (const Json* alter = pg::as(statement, "AlterTableStmt")) {
    std::string found;
    pg::walk(*alter, [&](const Json& node) {
      if (const Json* partition = pg::as(node, "PartitionCmd");
          partition && pg::bool_field(*partition, "concurrent"))
        found = "DETACH PARTITION CONCURRENTLY";
    });
    return found;
  }
  for (const char* kind : {"CreatedbStmt", "DropdbStmt", "AlterSystemStmt", "CreateTableSpaceStmt",
                           "DropTableSpaceStmt"}) {
    if (pg::as(statement, kind))
      return pg::kind(statement);
  }
  return "";
}

// Statements that wait for locks others hold: DDL, LOCK, row locks of DML and SELECT FOR.
bool takes_locks(const Json& statement) {
  const std::string kind = pg::kind(statement);
  if (const Json* select = pg::as(statement, "SelectStmt"))
    return pg::field(*select, "lockingClause") != nullptr;
  static const std::vector<std::string> locking = {
      "LockStmt",    "UpdateStmt",  "DeleteStmt",   "InsertStmt", "AlterTableStmt",
      "IndexStmt",   "DropStmt",    "TruncateStmt", "RenameStmt", "CreateTrigStmt",
      "ClusterStmt", "ReindexStmt", "VacuumStmt",   "MergeStmt",  "AlterObjectSchemaStmt"};
  return std::find(locking.begin(), locking.end(), kind) != locking.end();
}

// A SET / RESET of lock_timeout: whether it leaves a timeout in place, and whether LOCAL.
struct TimeoutSetting {
  bool enabled = false;
  bool local = false;
};

bool zero_value(const Json& set) {
  const Json* args = pg::field(set, "args");
  if (!args || !args->is_array() || args->empty())
    return true;
  const Json* constant = pg::as(args->front(), "A_Const");
  if (!constant)
    return false;
  if (const Json* text = pg::field(*constant, "sval")) {
    const std::string value = text->value("sval", "");
    return value.find_first_not_of("0msh ") == std::string::npos;  // '0', '0s', '0ms'
  }
  const Json* number = pg::field(*constant, "ival");
  return number && number->value("ival", 0) == 0;
}

std::optional<TimeoutSetting> lock_timeout_setting(const Json& statement) {
  const Json* set = pg::as(statement, "VariableSetStmt");
  if (!set)
    return std::nullopt;
  const std::string kind = pg::string_field(*set, "kind");
  const bool local = pg::bool_field(*set, "is_local");
  if (kind == "VAR_RESET_ALL")
    return TimeoutSetting{false, local};
  if (pg::string_field(*set, "name") != "lock_timeout")
    return std::nullopt;
  if (kind == "VAR_SET_VALUE")
    return TimeoutSetting{!zero_value(*set), local};
  return TimeoutSetting{false, local};  // DEFAULT, RESET: the server's default, usually 0
}

std::string first_line(const std::string& sql) {
  const std::string line = sql.substr(0, sql.find('\n'));
  return line.size() > 60 ? line.substr(0, 57) + "..." : line;
}

bool same_value(const PlannedStatement& a, const PlannedStatement& b) {
  return a.origin == b.origin && a.step == b.step && a.gate == b.gate;
}

// lock_timeout as a SET leaves it: zdm's own (on), turned off, or not touched here.
struct TimeoutScope {
  enum class State { inherited, on, off };
  State state = State::inherited;
  const PlannedStatement* by = nullptr;  // the SET that turned it off
};

void check_step_timeouts(LintContext& ctx) {
  TimeoutScope session;  // a SET without LOCAL outlives its step on zdm's session
  TimeoutScope value;    // SET LOCAL: until the end of the value's transaction
  const PlannedStatement* previous = nullptr;
  for (const auto& statement : ctx.statements()) {
    if (!statement.is_ddl_step() || statement.pg.is_null())
      continue;
    if (previous && !same_value(*previous, statement))
      value = TimeoutScope{};
    previous = &statement;
    if (const auto setting = lock_timeout_setting(statement.pg)) {
      const TimeoutScope now{setting->enabled ? TimeoutScope::State::on : TimeoutScope::State::off,
                             &statement};
      value = now;
      if (!setting->local)
        session = now;
      continue;
    }
    const TimeoutScope& effective = value.state != TimeoutScope::State::inherited ? value : session;
    if (effective.state != TimeoutScope::State::off || !takes_locks(statement.pg))
      continue;
    ctx.report("PG109", statement, "",
               statement.where() + " takes locks with lock_timeout turned off by \"" +
                   first_line(effective.by->sql) + "\" (line " +
                   std::to_string(effective.by->at.line) +
                   "): it can wait behind a long transaction while every query on the table "
                   "queues behind it");
  }
}

void check_gate_timeouts(LintContext& ctx) {
  const PlannedStatement* previous = nullptr;
  bool timeout_set = false;
  for (const auto& statement : ctx.statements()) {
    if (statement.origin != SqlOrigin::gate || statement.pg.is_null() ||
        statement.gate->during.empty())
      continue;
    if (previous && !same_value(*previous, statement))
      timeout_set = false;
    previous = &statement;
    if (const auto setting = lock_timeout_setting(statement.pg)) {
      timeout_set = setting->enabled;
      continue;
    }
    if (timeout_set || !takes_locks(statement.pg))
      continue;
    ctx.report("PG109", statement, "",
               "gate " + statement.gate->name +
                   " runs during a phase on a session of its own, without zdm's lock_timeout, "
                   "and its SQL takes locks: it can queue behind a long transaction and make "
                   "every query on the table queue behind it");
  }
}

}  // namespace

void check_pg_concurrently_in_transaction(LintContext& ctx) {
  pg::for_each_ddl(ctx, [&](const PlannedStatement& statement, size_t) {
    const std::string what = needs_no_transaction(statement.pg);
    if (what.empty())
      return;
    std::string why;
    if (statement.after_begin)
      why = "it comes after BEGIN in the same sql value";
    else if (statement.shares_value)
      why =
          "its sql value holds other statements, which PostgreSQL runs as one implicit "
          "transaction";
    else if (statement.zdm_transaction)
      why = "zdm runs this step inside a transaction";
    else
      return;
    ctx.report("PG108", statement, "",
               statement.where() + " runs " + what + " inside a transaction block (" + why +
                   "): PostgreSQL refuses it and the step fails");
  });
}

void check_pg_lock_timeout(LintContext& ctx) {
  check_step_timeouts(ctx);
  check_gate_timeouts(ctx);
}

}  // namespace zdm::lint
