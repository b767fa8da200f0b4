// PG101: columns whose adding rewrites the table.
#include <array>

#include "pg_column.hpp"
#include "pg_rules_support.hpp"

namespace zdm::lint {

namespace {

using pg::Json;

// Built-in functions PostgreSQL marks VOLATILE that people put in defaults.
constexpr std::array kVolatileFunctions = {
    "random",           "random_normal",      "gen_random_uuid",
    "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4",
    "clock_timestamp",  "timeofday",          "nextval",
    "setseed",          "gen_random_bytes"};

// The first volatile function the expression calls, "" when none.
std::string volatile_call(const Json& expression) {
  std::string found;
  pg::walk(expression, [&](const Json& node) {
    const Json* call = pg::as(node, "FuncCall");
    if (!call || !found.empty())
      return;
    const auto names = pg::strings(*call, "funcname");
    if (names.empty())
      return;
    for (const char* name : kVolatileFunctions) {
      if (names.back() == name)
        found = names.back() + "()";
    }
  });
  return found;
}

bool is_null_constant(const Json& expression) {
  const Json* constant = pg::as(expression, "A_Const");
  return constant && pg::bool_field(*constant, "isnull");
}

// Why adding this column rewrites every row, "" when it does not.
std::string rewrite_reason(const pg::ColumnDef& column, const ServerVersion& server) {
  if (column.serial())
    return "its " + column.type.name + " type fills every existing row from a sequence";
  if (column.identity)
    return "an identity column fills every existing row from a sequence";
  if (column.stored_generated)
    return "a stored generated column is computed for every existing row";
  if (!column.default_expression)
    return "";
  if (const std::string call = volatile_call(*column.default_expression); !call.empty())
    return "its default " + call + " is volatile: evaluated once per existing row";
  if (!server.at_least(11) && !is_null_constant(*column.default_expression))
    return "before PostgreSQL 11 any default is written into every existing row";
  return "";
}

}  // namespace

void check_pg_volatile_default(LintContext& ctx) {
  pg::for_each_alter_command(ctx, [&](const PlannedStatement& statement, const std::string& table,
                                      const Json& command, size_t) {
    const Json* fields = pg::column_definition(command);
    if (pg::string_field(command, "subtype") != "AT_AddColumn" || !fields)
      return;
    const pg::ColumnDef column = pg::column_def(*fields);
    const std::string reason = rewrite_reason(column, ctx.server());
    if (reason.empty())
      return;
    ctx.report("PG101", statement, table,
               statement.where() + " adds " + table + "." + column.name + ", and " + reason +
                   ": the table is rewritten under ACCESS EXCLUSIVE, blocking reads and writes");
  });
}

}  // namespace zdm::lint
