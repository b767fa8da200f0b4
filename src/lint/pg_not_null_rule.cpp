// PG102: SET NOT NULL without a validated CHECK (column IS NOT NULL) to prove it.
#include <set>

#include "pg_parse.hpp"
#include "pg_rules_support.hpp"

namespace zdm::lint {

namespace {

using pg::Json;

// The column a "column IS NOT NULL" test names (also inside AND), "" when none.
std::vector<std::string> not_null_columns(const Json& expression) {
  std::vector<std::string> out;
  if (const Json* test = pg::as(expression, "NullTest")) {
    const Json* argument = pg::field(*test, "arg");
    const Json* column = argument ? pg::as(*argument, "ColumnRef") : nullptr;
    if (column && pg::string_field(*test, "nulltesttype") == "IS_NOT_NULL") {
      const auto fields = pg::strings(*column, "fields");
      if (!fields.empty())
        out.push_back(fields.back());
    }
  }
  if (const Json* boolean = pg::as(expression, "BoolExpr");
      boolean && pg::string_field(*boolean, "boolop") == "AND_EXPR") {
    for (const auto& argument : boolean->value("args", Json::array())) {
      for (auto& column : not_null_columns(argument))
        out.push_back(std::move(column));
    }
  }
  return out;
}

// CHECK constraints that prove a column NOT NULL, by table, as the statements before the
// SET NOT NULL leave them: added validated, or added NOT VALID and then validated.
class ProvenNotNull {
 public:
  void add(const std::string& table, const std::string& name, const Json& constraint) {
    const Json* expression = pg::field(constraint, "raw_expr");
    if (!expression)
      return;
    for (const auto& column : not_null_columns(*expression)) {
      checks_.push_back({table, name, column, !pg::bool_field(constraint, "skip_validation")});
    }
  }
  void validate(const std::string& table, const std::string& name) {
    for (auto& check : checks_) {
      if (check.table == table && check.name == name)
        check.validated = true;
    }
  }
  bool proves(const std::string& table, const std::string& column) const {
    for (const auto& check : checks_) {
      if (check.table == table && check.column == column && check.validated)
        return true;
    }
    return false;
  }

 private:
  struct Check {
    std::string table, name, column;
    bool validated;
  };
  std::vector<Check> checks_;
};

void note_constraints(const Json& alter, ProvenNotNull& proven) {
  const std::string table = pg::relation_name(alter);
  for (const Json* command : pg::alter_commands(alter)) {
    const std::string subtype = pg::string_field(*command, "subtype");
    const Json* definition = pg::field(*command, "def");
    const Json* constraint = definition ? pg::as(*definition, "Constraint") : nullptr;
    if (subtype == "AT_AddConstraint" && constraint &&
        pg::string_field(*constraint, "contype") == "CONSTR_CHECK")
      proven.add(table, pg::string_field(*constraint, "conname"), *constraint);
    if (subtype == "AT_ValidateConstraint")
      proven.validate(table, pg::string_field(*command, "name"));
  }
}

// Validated CHECK constraints the catalog has: "CHECK ((email IS NOT NULL))".
void note_catalog(LintContext& ctx, const std::string& table, ProvenNotNull& proven) {
  if (!ctx.catalog())
    return;
  for (const auto& constraint : ctx.catalog()->table(table).schema.constraints) {
    if (constraint.kind != "check" || !constraint.validated)
      continue;
    const pg::Parsed parsed = pg::parse("ALTER TABLE t ADD CONSTRAINT c " + constraint.definition);
    if (parsed.error || parsed.statements.empty())
      continue;
    const Json* alter = pg::as(parsed.statements.front().node, "AlterTableStmt");
    for (const Json* command : alter ? pg::alter_commands(*alter) : std::vector<const Json*>{}) {
      const Json* definition = pg::field(*command, "def");
      const Json* check = definition ? pg::as(*definition, "Constraint") : nullptr;
      if (!check)
        continue;
      Json validated = *check;  // the catalog said validated; its text never says NOT VALID
      validated.erase("skip_validation");
      proven.add(table, constraint.name, validated);
    }
  }
}

}  // namespace

void check_pg_set_not_null(LintContext& ctx) {
  ProvenNotNull proven;
  std::set<std::string> catalog_read;
  pg::for_each_ddl(ctx, [&](const PlannedStatement& statement, size_t index) {
    const Json* alter = pg::alter_table(statement);
    if (!alter)
      return;
    const std::string table = pg::relation_name(*alter);
    if (catalog_read.insert(table).second)
      note_catalog(ctx, table, proven);
    for (const Json* command : pg::alter_commands(*alter)) {
      if (pg::string_field(*command, "subtype") != "AT_SetNotNull" ||
          !pg::existing_table(ctx, table, index))
        continue;
      const std::string column = pg::string_field(*command, "name");
      const bool checked = proven.proves(table, column);
      if (checked && ctx.server().at_least(12))
        continue;
      ctx.report("PG102", statement, table,
                 statement.where() + " sets " + table + "." + column + " NOT NULL" +
                     (checked ? ", and before PostgreSQL 12 that scans the table even with the "
                                "validated CHECK"
                              : " with no validated CHECK (" + column + " IS NOT NULL) before it") +
                     ": the whole table is scanned under ACCESS EXCLUSIVE, blocking reads and "
                     "writes");
    }
    if (statement.runs_forward())
      note_constraints(*alter, proven);
  });
}

}  // namespace zdm::lint
