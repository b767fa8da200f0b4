#pragma once
// The checks behind the rules, one family per file. Private to lint.

#include "context.hpp"

namespace zdm::lint {

// phase_rules.cpp
void check_destructive_outside_contract(LintContext& ctx);     // ZDM101
void check_drop_column_without_backup(LintContext& ctx);       // ZDM102
void check_destructive_without_read_switch(LintContext& ctx);  // ZDM103
// column_rules.cpp
void check_backfill_column_provided(LintContext& ctx);  // ZDM104
void check_required_column_default(LintContext& ctx);   // ZDM105
void check_sql_step_down(LintContext& ctx);             // ZDM106
// pg_add_column_rules.cpp
void check_pg_volatile_default(LintContext& ctx);  // PG101
// pg_not_null_rule.cpp
void check_pg_set_not_null(LintContext& ctx);  // PG102
// pg_index_rules.cpp
void check_pg_index_concurrently(LintContext& ctx);  // PG103
// pg_constraint_rules.cpp
void check_pg_constraint_not_valid(LintContext& ctx);  // PG104
void check_pg_unique_constraint(LintContext& ctx);     // PG105
// pg_type_change_rule.cpp
void check_pg_type_change(LintContext& ctx);  // PG106
// pg_maintenance_rules.cpp
void check_pg_blocking_maintenance(LintContext& ctx);  // PG107
// pg_transaction_rules.cpp
void check_pg_concurrently_in_transaction(LintContext& ctx);  // PG108
void check_pg_lock_timeout(LintContext& ctx);                 // PG109
// mysql_algorithm_rule.cpp
void check_mysql_copy_or_lock(LintContext& ctx);  // MY101
// mysql_column_rules.cpp
void check_mysql_change_not_online(LintContext& ctx);  // MY102
void check_mysql_add_column_copy(LintContext& ctx);    // MY103
void check_mysql_enum_values(LintContext& ctx);        // MY104
// mysql_foreign_key_rule.cpp
void check_mysql_foreign_key(LintContext& ctx);  // MY105

// The check of each rule that has one (ZDM000, ZDM100 and ZDM107 are found elsewhere).
RuleCheck check_of(std::string_view code);

}  // namespace zdm::lint
