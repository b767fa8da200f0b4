// PG104 and PG105: constraints that check or index every row while the table is locked.
#include "pg_column.hpp"
#include "pg_rules_support.hpp"

namespace zdm::lint {

namespace {

using pg::Json;

const Json* constraint_of(const Json& command) {
  const Json* definition = pg::field(command, "def");
  return definition ? pg::as(*definition, "Constraint") : nullptr;
}

std::string named(const Json& constraint) {
  const std::string name = pg::string_field(constraint, "conname");
  return name.empty() ? "" : name + " ";
}

}  // namespace

void check_pg_constraint_not_valid(LintContext& ctx) {
  pg::for_each_alter_command(ctx, [&](const PlannedStatement& statement, const std::string& table,
                                      const Json& command, size_t) {
    const std::string subtype = pg::string_field(command, "subtype");
    if (const Json* constraint = constraint_of(command);
        constraint && subtype == "AT_AddConstraint") {
      const std::string type = pg::string_field(*constraint, "contype");
      if ((type != "CONSTR_FOREIGN" && type != "CONSTR_CHECK") ||
          pg::bool_field(*constraint, "skip_validation"))
        return;
      const bool foreign = type == "CONSTR_FOREIGN";
      const std::string referenced = foreign ? pg::relation_name(*constraint, "pktable") : "";
      ctx.report("PG104", statement, table,
                 statement.where() + " adds " + (foreign ? "foreign key " : "CHECK ") +
                     named(*constraint) + "on " + table +
                     " without NOT VALID: every row is checked while writes to " + table +
                     (foreign ? " and " + referenced : "") + " are blocked");
      return;
    }
    const Json* column = pg::column_definition(command);
    if (!column || subtype != "AT_AddColumn")
      return;
    const pg::ColumnDef added = pg::column_def(*column);
    if (!added.references && !added.check)
      return;
    ctx.report("PG104", statement, table,
               statement.where() + " adds " + table + "." + added.name + " with a " +
                   (added.references ? "REFERENCES" : "CHECK") +
                   " constraint, which is validated at once over the whole table while writes "
                   "are blocked; add the column first, then the constraint NOT VALID");
  });
}

void check_pg_unique_constraint(LintContext& ctx) {
  pg::for_each_alter_command(ctx, [&](const PlannedStatement& statement, const std::string& table,
                                      const Json& command, size_t) {
    const std::string subtype = pg::string_field(command, "subtype");
    if (const Json* constraint = constraint_of(command);
        constraint && subtype == "AT_AddConstraint") {
      const std::string type = pg::string_field(*constraint, "contype");
      const bool keyed = type == "CONSTR_UNIQUE" || type == "CONSTR_PRIMARY";
      if (!(keyed || type == "CONSTR_EXCLUSION") ||
          (keyed && !pg::string_field(*constraint, "indexname").empty()))
        return;
      const std::string what = type == "CONSTR_UNIQUE"    ? "UNIQUE constraint "
                               : type == "CONSTR_PRIMARY" ? "PRIMARY KEY "
                                                          : "EXCLUDE constraint ";
      ctx.report("PG105", statement, table,
                 statement.where() + " adds " + what + named(*constraint) + "on " + table +
                     ", which builds its index while reads and writes wait" +
                     (keyed ? "; build the index CONCURRENTLY first and add the constraint "
                              "USING INDEX"
                            : ""));
      return;
    }
    const Json* column = pg::column_definition(command);
    if (!column || subtype != "AT_AddColumn" || !pg::column_def(*column).unique)
      return;
    ctx.report("PG105", statement, table,
               statement.where() + " adds " + table + "." + pg::column_def(*column).name +
                   " as UNIQUE or PRIMARY KEY: its index is built while reads and writes wait");
  });
}

}  // namespace zdm::lint
