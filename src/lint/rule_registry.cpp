// Every lint rule: code, name, severity, what it finds, the safe alternative, and the squawk
// and strong_migrations rules it corresponds to. docs/lint-rules.md is checked against it.
#include <algorithm>
#include <map>
#include <stdexcept>

#include "mysql_sql.hpp"
#include "rules.hpp"
#include "zdm/lint/rule.hpp"

namespace zdm::lint {

namespace {

using plan::Severity;

RuleInfo make(std::string_view code, std::string_view name, Severity severity, RuleDialect dialect,
              std::string_view summary, std::string_view safe_alternative, std::string_view squawk,
              std::string_view strong_migrations, bool size_sensitive, bool version_dependent,
              bool suppressible = true) {
  return RuleInfo{code,           name,
                  severity,       dialect,
                  summary,        safe_alternative,
                  squawk,         strong_migrations,
                  size_sensitive, version_dependent,
                  suppressible};
}

std::vector<RuleInfo> make_rules() {
  const auto any = RuleDialect::any;
  const auto pg = RuleDialect::postgres;
  const auto my = RuleDialect::mysql;
  return {
      make("ZDM000", "invalid-plan", Severity::error, any,
           "The plan does not load (zdm validate explains each error).",
           "Fix the errors; zdm validate lists them all.", "", "", false, false, false),
      make("ZDM100", "sql-syntax-error", Severity::error, any,
           "SQL in the plan (or the SQL zdm builds from a step's type, default or expression) "
           "does not parse.",
           "Fix the SQL at the place shown; run it by hand in a scratch database if in doubt.", "",
           "", false, false),
      make("ZDM101", "destructive-step-outside-contract", Severity::error, any,
           "A drop, rename, truncate or column type change runs before contract, while the old "
           "application still uses what it removes.",
           "Add the new shape in expand, move readers in read_switch, and remove the old shape "
           "in contract.",
           "ban-drop-column, ban-drop-table, renaming-column, renaming-table, "
           "changing-column-type",
           "remove_column, rename_column, rename_table, change_column", false, false),
      make("ZDM102", "drop-column-without-backup", Severity::warning, any,
           "A column is dropped without backup: true, so contract cannot be rolled back.",
           "Use drop_column with backup: true (zdm keeps the values and restores them on "
           "rollback).",
           "", "", false, false),
      make("ZDM103", "destructive-step-without-read-switch", Severity::error, any,
           "A plan drops or renames a table or column with no read_switch phase before it: "
           "nothing moved the readers off the old shape.",
           "Add a read_switch phase whose steps move the application (feature flag, deploy) "
           "before contract.",
           "", "", false, false),
      make("ZDM104", "backfill-column-not-provided", Severity::error, any,
           "A backfill or sync sets a column that no expand step adds and the table does not "
           "have.",
           "Add the column in expand (add_column), or fix the column's name.", "", "", false,
           false),
      make("ZDM105", "required-column-without-default", Severity::error, any,
           "A NOT NULL column without a default is added to an existing table: PostgreSQL "
           "refuses it when the table has rows, and old application code that inserts "
           "without the column fails on both servers.",
           "Add the column nullable, backfill it, then enforce NOT NULL in contract (a "
           "validated CHECK, then SET NOT NULL); or give it a default.",
           "adding-required-field", "", false, false),
      make("ZDM106", "sql-step-without-down", Severity::warning, any,
           "An sql step has no down: its phase, and every phase before it, cannot be rolled "
           "back.",
           "Write down: the SQL that undoes up.", "", "", false, false),
      make("ZDM107", "malformed-ignore-comment", Severity::warning, any,
           "A # zdm-ignore comment names no rule, an unknown rule, or gives no reason.",
           "Write # zdm-ignore: RULE — reason (RULE is a code such as PG103 or a rule name).", "",
           "", false, false, false),
      make("PG101", "pg-volatile-default", Severity::error, pg,
           "A column is added with a volatile default (random(), gen_random_uuid(), "
           "clock_timestamp(), nextval(), a serial or identity column) or as a stored "
           "generated column: PostgreSQL rewrites the whole table under ACCESS EXCLUSIVE.",
           "Add the column without a default, then ALTER COLUMN ... SET DEFAULT (new rows only), "
           "and fill existing rows with a zdm backfill.",
           "adding-field-with-default, adding-serial-primary-key-field",
           "add_column_default, add_column_default_callable, add_column_generated_stored, "
           "add_column_auto_incrementing",
           true, true),
      make("PG102", "pg-set-not-null-without-check", Severity::error, pg,
           "SET NOT NULL scans the whole table under ACCESS EXCLUSIVE unless a validated "
           "CHECK (column IS NOT NULL) already proves it (PostgreSQL 12+).",
           "First add_check with expression \"column IS NOT NULL\" (added NOT VALID, then "
           "validated without blocking writes), then SET NOT NULL.",
           "adding-not-nullable-field", "change_column_null_postgresql", true, true),
      make("PG103", "pg-index-without-concurrently", Severity::error, pg,
           "CREATE INDEX or DROP INDEX without CONCURRENTLY blocks writes to the table for the "
           "whole build.",
           "Use create_index / drop_index steps (zdm builds and drops CONCURRENTLY), or write "
           "CONCURRENTLY in the sql step.",
           "require-concurrent-index-creation, require-concurrent-index-deletion",
           "add_index, remove_index", true, false),
      make("PG104", "pg-constraint-without-not-valid", Severity::error, pg,
           "A FOREIGN KEY or CHECK constraint is added without NOT VALID: every row is checked "
           "while writes (and, for a foreign key, the referenced table's writes) are blocked.",
           "Use add_check / add_foreign_key steps (zdm adds NOT VALID, then VALIDATE "
           "CONSTRAINT, which does not block writes), or write both statements yourself.",
           "constraint-missing-not-valid, adding-foreign-key-constraint",
           "add_foreign_key, add_check_constraint", true, false),
      make("PG105", "pg-unique-constraint-without-index", Severity::error, pg,
           "A UNIQUE, PRIMARY KEY or EXCLUDE constraint builds its index while reads and "
           "writes wait.",
           "Build the index with create_index (unique: true; CONCURRENTLY), then ADD "
           "CONSTRAINT ... UNIQUE USING INDEX (or PRIMARY KEY USING INDEX).",
           "disallowed-unique-constraint, adding-serial-primary-key-field",
           "add_unique_constraint, add_exclusion_constraint", true, false),
      make("PG106", "pg-type-change-rewrites", Severity::error, pg,
           "ALTER COLUMN ... TYPE rewrites the table (and its indexes) under ACCESS EXCLUSIVE, "
           "except for changes PostgreSQL knows are binary compatible: varchar widening, "
           "varchar to text, numeric precision increase, ...",
           "Add a column of the new type in expand, keep it in step (dual_write sync), "
           "backfill it, switch readers, and drop the old column in contract.",
           "changing-column-type", "change_column", true, false),
      make("PG107", "pg-blocking-maintenance", Severity::error, pg,
           "VACUUM FULL, CLUSTER, REINDEX without CONCURRENTLY, or ALTER TABLE SET TABLESPACE / "
           "SET LOGGED / SET UNLOGGED rewrite or lock the table for the whole run.",
           "REINDEX CONCURRENTLY (PostgreSQL 12+); for bloat, pg_repack; run maintenance "
           "outside a migration.",
           "require-concurrent-reindex, prefer-repack", "", true, true),
      make("PG108", "pg-concurrently-in-transaction", Severity::error, pg,
           "CONCURRENTLY (or VACUUM) runs inside a transaction block: after BEGIN, in an sql "
           "value with other statements (PostgreSQL runs them as one implicit transaction), or "
           "where zdm itself opens one. PostgreSQL refuses it.",
           "Give each CONCURRENTLY statement an sql step of its own, with no BEGIN.",
           "ban-concurrent-index-creation-in-transaction", "", false, false),
      make("PG109", "pg-missing-lock-timeout", Severity::warning, pg,
           "SQL that takes locks runs without a lock timeout: in a during gate (its own "
           "session, outside zdm's lock_timeout) or after the sql step itself turned zdm's "
           "lock_timeout off.",
           "Keep zdm's settings.lock_timeout; in a during gate that must lock, start with SET "
           "LOCAL lock_timeout = '1s'.",
           "require-timeout-settings", "", false, false),
      make("MY101", "mysql-copy-or-blocking-lock", Severity::error, my,
           "ALGORITHM=COPY or LOCK=SHARED / LOCK=EXCLUSIVE: the table is copied or locked "
           "against writes for the whole statement (zdm's own add_check on MySQL is such a "
           "statement).",
           "Ask for ALGORITHM=INPLACE (or INSTANT), LOCK=NONE, so that the server refuses "
           "instead of blocking; otherwise use an online schema change tool (gh-ost, "
           "pt-online-schema-change).",
           "", "", true, false),
      make("MY102", "mysql-change-not-online", Severity::error, my,
           "A MODIFY / CHANGE COLUMN (or CONVERT TO CHARACTER SET) that cannot run INSTANT or "
           "INPLACE: MySQL copies the table and blocks writes, or refuses the ALGORITHM the "
           "statement asks for.",
           "Add a new column of the new type through expand/backfill/contract; write "
           "ALGORITHM=INPLACE, LOCK=NONE on column changes so a copy is refused, not run.",
           "", "change_column", true, true),
      make("MY103", "mysql-add-column-needs-copy", Severity::error, my,
           "An AUTO_INCREMENT column or a STORED (PERSISTENT) generated column is added: "
           "MySQL and MariaDB copy the table with writes blocked.",
           "Add a plain nullable column and fill it with a backfill; for a generated value, "
           "use a VIRTUAL generated column (an index on it is built online).",
           "", "add_column_auto_incrementing, add_column_generated_stored", true, false),
      make("MY104", "mysql-enum-values-changed", Severity::error, my,
           "ENUM or SET members are reordered or removed (not only appended): the table is "
           "copied, and rows holding a removed value lose it.",
           "Only append new members at the end (INSTANT); to remove or rename one, migrate "
           "through a new column.",
           "", "", false, false),
      make("MY105", "mysql-foreign-key-on-large-table", Severity::warning, my,
           "A foreign key is added to an existing table: MariaDB/MySQL check every row with "
           "the table copied or locked (zdm's add_foreign_key uses ALGORITHM=COPY, "
           "LOCK=SHARED). With --dry-run, an error on a large table.",
           "Add foreign keys while the table is small or new; on a large table use an online "
           "schema change tool, or enforce the relation in the application.",
           "", "", true, false),
  };
}

}  // namespace

const std::vector<RuleInfo>& all_rules() {
  static const std::vector<RuleInfo> rules = make_rules();
  return rules;
}

const RuleInfo* find_rule(std::string_view code_or_name) {
  const std::string wanted = mysql::lower(code_or_name);
  for (const auto& info : all_rules()) {
    if (mysql::lower(info.code) == wanted || info.name == wanted)
      return &info;
  }
  return nullptr;
}

const RuleInfo& rule(std::string_view code) {
  const RuleInfo* info = find_rule(code);
  if (info == nullptr)
    throw std::logic_error("no lint rule " + std::string(code));
  return *info;
}

bool applies_to(const RuleInfo& info, plan::Driver driver) {
  if (info.dialect == RuleDialect::any)
    return true;
  return (info.dialect == RuleDialect::postgres) == (driver == plan::Driver::postgres);
}

const char* to_string(RuleDialect dialect) {
  switch (dialect) {
    case RuleDialect::any:
      return "any";
    case RuleDialect::postgres:
      return "postgres";
    case RuleDialect::mysql:
      return "mysql";
  }
  return "any";
}

RuleCheck check_of(std::string_view code) {
  static const std::map<std::string_view, RuleCheck> checks = {
      {"ZDM101", check_destructive_outside_contract},
      {"ZDM102", check_drop_column_without_backup},
      {"ZDM103", check_destructive_without_read_switch},
      {"ZDM104", check_backfill_column_provided},
      {"ZDM105", check_required_column_default},
      {"ZDM106", check_sql_step_down},
      {"PG101", check_pg_volatile_default},
      {"PG102", check_pg_set_not_null},
      {"PG103", check_pg_index_concurrently},
      {"PG104", check_pg_constraint_not_valid},
      {"PG105", check_pg_unique_constraint},
      {"PG106", check_pg_type_change},
      {"PG107", check_pg_blocking_maintenance},
      {"PG108", check_pg_concurrently_in_transaction},
      {"PG109", check_pg_lock_timeout},
      {"MY101", check_mysql_copy_or_lock},
      {"MY102", check_mysql_change_not_online},
      {"MY103", check_mysql_add_column_copy},
      {"MY104", check_mysql_enum_values},
      {"MY105", check_mysql_foreign_key},
  };
  const auto found = checks.find(code);
  return found == checks.end() ? nullptr : found->second;
}

}  // namespace zdm::lint
