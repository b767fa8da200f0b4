#include "statements.hpp"

#include <algorithm>

#include "pg_parse.hpp"
#include "pg_tree.hpp"
#include "sql_location.hpp"
#include "zdm/db/dialect.hpp"
#include "zdm/plan/placeholders.hpp"

namespace zdm::lint {

namespace {

// One piece of SQL from the plan, or of zdm's own for a step.
struct Source {
  SqlOrigin origin = SqlOrigin::zdm_step;
  std::optional<plan::PhaseKind> phase;
  const plan::DdlStep* step = nullptr;
  const plan::Gate* gate = nullptr;
  std::string sql;
  plan::SourceLocation at;  // of the value in the plan (of the step for zdm's own SQL)
  bool zdm_transaction = false;
  std::string what;  // names the SQL in a syntax error: "the up of step relax-null"
};

db::DriverKind driver_kind(plan::Driver driver) {
  return driver == plan::Driver::postgres ? db::DriverKind::postgres : db::DriverKind::mysql;
}

// {{name}} -> a bound parameter of the same length, so offsets stay where they were.
std::string with_parameters(std::string sql, bool postgres) {
  for (const auto& placeholder : plan::find_placeholders(sql)) {
    std::string parameter = postgres ? "$1" : "?";
    parameter.resize(placeholder.length, ' ');
    sql.replace(placeholder.offset, placeholder.length, parameter);
  }
  return sql;
}

size_t first_non_space(const std::string& sql, size_t from) {
  const size_t found = sql.find_first_not_of(" \t\r\n", from);
  return found == std::string::npos ? from : found;
}

class Collector {
 public:
  explicit Collector(const plan::Plan& plan)
      : plan_(plan),
        postgres_(plan.target.driver == plan::Driver::postgres),
        dialect_(db::make_dialect(driver_kind(plan.target.driver), plan.target.schema,
                                  plan.settings.state_schema)) {}

  CollectedStatements run() {
    for (const auto phase : plan_.phases())
      collect_phase(phase);
    for (const auto& gate : plan_.gates) {
      if (const auto* sql = std::get_if<plan::SqlProbe>(&gate.probe)) {
        Source source{SqlOrigin::gate, std::nullopt, nullptr, &gate,
                      sql->sql,        sql->at,      false,   "the sql of gate " + gate.name};
        add_source(source);
      }
    }
    return std::move(out_);
  }

 private:
  void collect_phase(plan::PhaseKind phase) {
    switch (phase) {
      case plan::PhaseKind::expand:
        return collect_steps(phase, plan_.expand->steps);
      case plan::PhaseKind::contract:
        return collect_steps(phase, plan_.contract->steps);
      case plan::PhaseKind::dual_write:
        for (const auto& sync : plan_.dual_write->sync)
          check_expressions(sync.set, "dual_write sync");
        for (const auto& check : plan_.dual_write->checks) {
          add_source({SqlOrigin::check, phase, nullptr, nullptr, check.sql, check.sql_at, false,
                      "the sql of check " + check.name});
        }
        return;
      case plan::PhaseKind::backfill:
        for (const auto& table : plan_.backfill->tables) {
          check_expressions(table.set, "backfill");
          if (table.where_sql)
            check_fragment("SELECT 1 WHERE ", *table.where_sql, table.at,
                           "the where of backfill " + table.table);
        }
        return;
      case plan::PhaseKind::read_switch:
        return;
    }
  }

  void collect_steps(plan::PhaseKind phase, const std::vector<plan::DdlStep>& steps) {
    for (const auto& step : steps) {
      if (const auto* raw = std::get_if<plan::RawSql>(&step.action)) {
        add_source({SqlOrigin::sql_up, phase, &step, nullptr, raw->up, raw->up_at,
                    in_zdm_transaction(dialect_->forward(step.action)),
                    "the up of step " + step.name});
        if (raw->down) {
          const auto inverse = dialect_->inverse(step.action, db::TableSchema{});
          add_source({SqlOrigin::sql_down, phase, &step, nullptr, *raw->down, raw->down_at,
                      inverse && in_zdm_transaction(*inverse), "the down of step " + step.name});
        }
        continue;
      }
      for (const auto& statement : dialect_->forward(step.action)) {
        add_source({SqlOrigin::zdm_step, phase, &step, nullptr, statement.sql, step.at,
                    dialect_->transactional_ddl() && statement.transactional,
                    "the SQL zdm runs for step " + step.name});
      }
    }
  }

  // Whether zdm wraps the statements of a step in a transaction of its own.
  bool in_zdm_transaction(const std::vector<db::SqlStatement>& statements) const {
    return dialect_->transactional_ddl() && !statements.empty() && statements.front().transactional;
  }

  // dual_write and backfill `set` expressions: only their syntax is checked.
  void check_expressions(const std::vector<plan::ColumnAssignment>& set, const std::string& where) {
    for (const auto& assignment : set) {
      check_fragment("SELECT ", assignment.expression, assignment.at,
                     "the " + where + " expression for " + assignment.column);
    }
  }

  void check_fragment(const std::string& prefix, const std::string& fragment,
                      plan::SourceLocation at, const std::string& what) {
    const std::string sql = prefix + "(" + fragment + ")";
    if (postgres_) {
      if (const auto parsed = pg::parse(sql); parsed.error)
        syntax_error(at, what, parsed.error->message);
      return;
    }
    if (const auto split = mysql::split("DO " + fragment); split.error)
      syntax_error(at, what, split.error->message);
  }

  void add_source(const Source& source) {
    const std::string sql = source.origin == SqlOrigin::gate || source.origin == SqlOrigin::check
                                ? with_parameters(source.sql, postgres_)
                                : source.sql;
    const bool generated = source.origin == SqlOrigin::zdm_step;
    const ValueLocator locator(plan_.source_text, source.at, source.sql);
    auto locate = [&](size_t offset) { return generated ? source.at : locator.locate(offset); };
    if (postgres_)
      add_postgres(source, sql, locate);
    else
      add_mysql(source, sql, locate);
  }

  template <typename Locate>
  void add_postgres(const Source& source, const std::string& sql, Locate locate) {
    const pg::Parsed parsed = pg::parse(sql);
    if (parsed.error) {
      const auto at = locate(parsed.error->offset.value_or(0));
      syntax_error(parsed.error->offset ? at : source.at, source.what, parsed.error->message,
                   source);
      return;
    }
    bool after_begin = false;
    for (const auto& statement : parsed.statements) {
      PlannedStatement planned = base(source, parsed.statements.size() > 1);
      planned.sql = sql.substr(statement.offset, statement.length);
      planned.at = locate(first_non_space(sql, statement.offset));
      planned.pg = statement.node;
      planned.after_begin = after_begin;
      planned.facts = pg_facts(statement.node);
      if (const auto* transaction = pg::as(statement.node, "TransactionStmt")) {
        const std::string kind = pg::string_field(*transaction, "kind");
        after_begin =
            kind == "TRANS_STMT_BEGIN" || kind == "TRANS_STMT_START"
                ? true
                : (kind == "TRANS_STMT_COMMIT" || kind == "TRANS_STMT_ROLLBACK" ? false
                                                                                : after_begin);
      }
      out_.statements.push_back(std::move(planned));
    }
  }

  template <typename Locate>
  void add_mysql(const Source& source, const std::string& sql, Locate locate) {
    const mysql::Split split = mysql::split(sql);
    if (split.error) {
      syntax_error(locate(split.error->offset), source.what, split.error->message, source);
      return;
    }
    for (const auto& statement : split.statements) {
      PlannedStatement planned = base(source, split.statements.size() > 1);
      const size_t end = split.statements.size() > 1 ? sql.find(';', statement.offset) : sql.size();
      planned.sql = sql.substr(statement.offset, end - statement.offset);
      planned.at = locate(statement.offset);
      planned.my = statement;
      planned.facts = mysql_facts(statement);
      out_.statements.push_back(std::move(planned));
    }
  }

  PlannedStatement base(const Source& source, bool shares_value) const {
    PlannedStatement planned;
    planned.origin = source.origin;
    planned.phase = source.phase;
    planned.step = source.step;
    planned.gate = source.gate;
    planned.shares_value = shares_value;
    planned.zdm_transaction = source.zdm_transaction;
    planned.anchor_lines = {source.at.line};
    if (source.step)
      planned.anchor_lines.push_back(source.step->at.line);
    if (source.gate)
      planned.anchor_lines.push_back(source.gate->at.line);
    return planned;
  }

  void syntax_error(plan::SourceLocation at, const std::string& what, const std::string& message,
                    const Source& source) {
    Finding finding = syntax_finding(at, what, message);
    finding.anchor_lines.push_back(source.at.line);
    if (source.step) {
      finding.anchor_lines.push_back(source.step->at.line);
      finding.step = source.step->name;
    }
    if (source.gate) {
      finding.anchor_lines.push_back(source.gate->at.line);
      finding.step = source.gate->name;
    }
    if (source.phase)
      finding.phase = plan::to_string(*source.phase);
    if (source.origin == SqlOrigin::zdm_step)
      finding.message += "; the step's type, default or expression is written into it as is";
    out_.syntax_errors.push_back(std::move(finding));
  }

  void syntax_error(plan::SourceLocation at, const std::string& what, const std::string& message) {
    out_.syntax_errors.push_back(syntax_finding(at, what, message));
  }

  Finding syntax_finding(plan::SourceLocation at, const std::string& what,
                         const std::string& message) const {
    Finding finding;
    finding.rule = &rule("ZDM100");
    finding.severity = finding.rule->severity;
    finding.file = plan_.source_file;
    finding.at = at;
    finding.message = postgres_ ? "PostgreSQL's parser rejects " + what + ": " + message
                                : what + " is not valid MySQL: " + message;
    finding.hint = std::string(finding.rule->safe_alternative);
    finding.anchor_lines = {at.line};
    return finding;
  }

  const plan::Plan& plan_;
  bool postgres_;
  std::unique_ptr<db::Dialect> dialect_;
  CollectedStatements out_;
};

}  // namespace

std::string PlannedStatement::where() const {
  if (gate)
    return "gate " + gate->name;
  if (step)
    return "step " + step->name;
  return origin == SqlOrigin::check ? "a dual_write check" : "the plan";
}

CollectedStatements collect_statements(const plan::Plan& plan) {
  return Collector(plan).run();
}

}  // namespace zdm::lint
