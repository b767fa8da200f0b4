// PG106: ALTER COLUMN ... TYPE that rewrites the table, knowing the changes that do not.
#include <set>

#include "pg_parse.hpp"
#include "pg_rules_support.hpp"

namespace zdm::lint {

namespace {

using pg::Json;
using pg::Type;

// The new modifier is absent (no limit) or at least the old one.
bool not_narrower(const Type& before, const Type& after, size_t index) {
  if (after.modifiers.size() <= index)
    return true;
  return before.modifiers.size() > index && after.modifiers[index] >= before.modifiers[index];
}

bool numeric_widened(const Type& before, const Type& after) {
  if (after.modifiers.empty())
    return true;  // unconstrained numeric holds any value unchanged
  if (before.modifiers.empty())
    return false;
  const long long old_scale = before.modifiers.size() > 1 ? before.modifiers[1] : 0;
  const long long new_scale = after.modifiers.size() > 1 ? after.modifiers[1] : 0;
  return old_scale == new_scale && after.modifiers[0] >= before.modifiers[0];
}

// Whether PostgreSQL changes `before` to `after` without rewriting the table: it is the
// same type with a looser modifier, or binary coercible.
bool keeps_table(const Type& before, const Type& after) {
  if (before.array != after.array)
    return false;
  if (before == after)
    return true;
  static const std::set<std::string> precision_types = {
      "varchar", "varbit", "timestamp", "timestamptz", "time", "timetz", "interval"};
  if (before.name == after.name && precision_types.count(before.name))
    return not_narrower(before, after, 0);
  if (before.name == "numeric" && after.name == "numeric")
    return numeric_widened(before, after);
  if (before.name == "varchar" && after.name == "text")
    return true;
  if (before.name == "text" && after.name == "varchar")
    return after.modifiers.empty();
  return before.name == "cidr" && after.name == "inet";
}

// Targets some change from another type reaches without a rewrite.
bool may_keep_table(const Type& after) {
  static const std::set<std::string> targets = {"varchar",   "text",        "numeric", "varbit",
                                                "timestamp", "timestamptz", "time",    "timetz",
                                                "interval",  "inet"};
  return targets.count(after.name) > 0;
}

}  // namespace

void check_pg_type_change(LintContext& ctx) {
  pg::for_each_alter_command(ctx, [&](const PlannedStatement& statement, const std::string& table,
                                      const Json& command, size_t index) {
    const Json* column = pg::column_definition(command);
    if (pg::string_field(command, "subtype") != "AT_AlterColumnType" || !column)
      return;
    const std::string name = pg::string_field(command, "name");
    const Type after = pg::type_of(*pg::field(*column, "typeName"));
    const bool with_using = pg::field(*column, "raw_default") != nullptr;
    const auto before_text = ctx.column_type(table, name, index);
    const auto before = before_text ? pg::parse_type(*before_text) : std::nullopt;
    const std::string change = statement.where() + " changes " + table + "." + name +
                               (before ? " from " + pg::describe(*before) : "") + " to " +
                               pg::describe(after);
    if (before && !with_using && keeps_table(*before, after))
      return;
    if (!before && !with_using && may_keep_table(after)) {
      ctx.report("PG106", statement, table,
                 change +
                     ": the table is rewritten under ACCESS EXCLUSIVE unless the "
                     "current type converts without one (a shorter varchar, varchar, "
                     "a narrower numeric of the same scale); zdm cannot see the current "
                     "type offline: apply --dry-run can",
                 plan::Severity::warning);
      return;
    }
    ctx.report("PG106", statement, table,
               change + (with_using ? " with USING" : "") +
                   ": the table and its indexes are rewritten under ACCESS EXCLUSIVE, "
                   "blocking reads and writes");
  });
}

}  // namespace zdm::lint
