#pragma once
// What zdm will execute for a plan, statement by statement in run order, each parsed by
// its dialect and tied to the place in the plan it comes from. Private to lint.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mysql_sql.hpp"
#include "zdm/lint/finding.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::lint {

enum class SqlOrigin {
  zdm_step,  // the dialect's SQL for a step kind (add_column, create_index, ...)
  sql_up,    // an sql step's up
  sql_down,  // an sql step's down: runs on rollback
  check,     // a dual_write check
  gate,      // a gate's query
};

// A column a statement adds or a table it creates has.
struct ColumnFact {
  std::string table;
  std::string column;
  std::string type;  // as written
  bool not_null = false;
  bool has_default = false;  // a DEFAULT, or values of its own (identity, serial, generated)
};

enum class Removal {
  drop_table,
  drop_column,
  drop_index,
  drop_constraint,
  drop_other,
  rename_table,
  rename_column,
  truncate,
};

struct RemovalFact {
  Removal kind;
  std::string table;
  std::string object;  // the column, index or constraint; empty for a table
};

// A column whose type a statement sets (PostgreSQL ALTER COLUMN TYPE, MySQL MODIFY/CHANGE).
struct TypeFact {
  std::string table;
  std::string column;
  std::string type;
  bool explicit_type_change = false;  // PostgreSQL's ALTER COLUMN TYPE says so itself
};

// What a statement does, the same for both dialects: what the phase rules reason about.
struct StatementFacts {
  std::vector<std::string> created_tables;
  std::vector<ColumnFact> columns_added;  // ADD COLUMN, and the columns of CREATE TABLE
  std::vector<RemovalFact> removals;
  std::vector<TypeFact> types_set;
};

struct PlannedStatement {
  SqlOrigin origin = SqlOrigin::zdm_step;
  std::optional<plan::PhaseKind> phase;  // none for gates
  const plan::DdlStep* step = nullptr;
  const plan::Gate* gate = nullptr;
  std::string sql;
  plan::SourceLocation at;  // where findings about it point
  std::vector<int> anchor_lines;
  bool shares_value = false;     // its sql: value holds other statements too (PostgreSQL runs
                                 // them as one implicit transaction)
  bool after_begin = false;      // a BEGIN / START TRANSACTION came before it in the value
  bool zdm_transaction = false;  // zdm runs it inside a transaction of its own
  nlohmann::json pg;             // PostgreSQL: the statement's parse tree
  mysql::Statement my;           // MySQL: its tokens
  StatementFacts facts;

  bool runs_forward() const { return origin == SqlOrigin::zdm_step || origin == SqlOrigin::sql_up; }
  bool is_ddl_step() const {
    return origin == SqlOrigin::zdm_step || origin == SqlOrigin::sql_up ||
           origin == SqlOrigin::sql_down;
  }
  std::string where() const;  // "step relax-email-not-null", "gate app-writes", ...
};

struct CollectedStatements {
  std::vector<PlannedStatement> statements;
  std::vector<Finding> syntax_errors;  // ZDM100
};

CollectedStatements collect_statements(const plan::Plan& plan);

// Dialect facts (pg_facts.cpp, mysql_facts.cpp).
StatementFacts pg_facts(const nlohmann::json& statement);
StatementFacts mysql_facts(const mysql::Statement& statement);

}  // namespace zdm::lint
