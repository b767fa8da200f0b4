#include "postgres_sync_trigger.hpp"

#include "postgres_names.hpp"
#include "postgres_step_sql.hpp"
#include "zdm/db/constant_default.hpp"

namespace zdm::db::pg {

namespace {

// The expression's value over one row (NEW or OLD). The row is a one-row derived table
// named like the table, so the expression may name columns bare or qualified by the table.
std::string value_over(const plan::SyncTrigger& sync, const std::string& row,
                       const std::string& expression) {
  return "(SELECT " + expression + " FROM (SELECT " + row + ".*) AS " +
         quote_identifier(sync.table) + ")";
}

// A dollar quote whose tag does not occur in the body.
std::string dollar_quoted(const std::string& body) {
  std::string tag = "$zdm$";
  for (int n = 1; body.find(tag) != std::string::npos; ++n)
    tag = "$zdm" + std::to_string(n) + "$";
  return tag + "\n" + body + tag;
}

std::string function_name(const SyncNames& names, const plan::SyncTrigger& sync,
                          const std::string& migration) {
  return qualified_name(names.state_schema, sync_object_name(migration, sync.table)) + "()";
}

// The target as the statement left it: NULL, or its constant default (a column an INSERT
// leaves out has its default by the time a BEFORE trigger runs). Compared as text, of the
// default cast to the column's type first ('0' is 0.00 in numeric(10,2)): every type has a
// text form, not every type an = (json, point), and a trigger that fails fails every write.
std::string unfilled_condition(const std::string& target, const ColumnSchema* column) {
  const auto constant = column ? constant_default(*column) : std::nullopt;
  if (!constant)
    return target + " IS NULL";
  const std::string typed =
      column->type.empty() ? "(" + *constant + ")" : "((" + *constant + ")::" + column->type + ")";
  return "(" + target + " IS NULL OR " + target + "::text = " + typed + "::text)";
}

std::string no_table_lock(const SyncNames& names) {
  return "none (function in schema " + std::string(names.state_schema) + ")";
}

}  // namespace

std::string sync_function_body(const plan::SyncTrigger& sync, const TableSchema& table) {
  // use_column: a column called like a PL/pgSQL variable (found, new, ...) stays a column.
  std::string insert, update;
  for (const auto& assignment : sync.set) {
    const std::string target = "NEW." + quote_identifier(assignment.column);
    const std::string from_new = value_over(sync, "NEW", assignment.expression);
    const std::string from_old = value_over(sync, "OLD", assignment.expression);
    const std::string unfilled = unfilled_condition(target, table.column(assignment.column));
    insert +=
        "    IF " + unfilled + " THEN\n      " + target + " := " + from_new + ";\n    END IF;\n";
    // A row the statement leaves unfilled is filled too: an UPDATE may move a row the
    // backfill has not reached behind its cursor (ctid pages), without touching the source.
    update += "    IF (" + unfilled + " AND " + target + " IS NOT DISTINCT FROM OLD." +
              quote_identifier(assignment.column) + ") OR " + from_new + " IS DISTINCT FROM " +
              from_old + " THEN\n      " + target + " := " + from_new + ";\n    END IF;\n";
  }
  return "#variable_conflict use_column\nBEGIN\n  IF TG_OP = 'INSERT' THEN\n" + insert +
         "  ELSIF TG_OP = 'UPDATE' THEN\n" + update + "  END IF;\n  RETURN NEW;\nEND\n";
}

std::vector<SqlStatement> create_sync_statements(const SyncNames& names,
                                                 const plan::SyncTrigger& sync,
                                                 const TableSchema& table,
                                                 const std::string& migration) {
  const std::string name = quote_identifier(sync_object_name(migration, sync.table));
  const std::string function = function_name(names, sync, migration);
  return {
      ddl_statement("CREATE OR REPLACE FUNCTION " + function +
                        " RETURNS trigger LANGUAGE plpgsql AS " +
                        dollar_quoted(sync_function_body(sync, table)),
                    no_table_lock(names)),
      // OR REPLACE: idempotent without a moment in which the table has no trigger.
      ddl_statement("CREATE OR REPLACE TRIGGER " + name + " BEFORE INSERT OR UPDATE ON " +
                        qualified_name(names.schema, sync.table) +
                        " FOR EACH ROW EXECUTE FUNCTION " + function,
                    lock_on("SHARE ROW EXCLUSIVE", names.schema, sync.table, "brief")),
  };
}

std::vector<SqlStatement> drop_sync_statements(const SyncNames& names,
                                               const plan::SyncTrigger& sync,
                                               const std::string& migration) {
  const std::string name = quote_identifier(sync_object_name(migration, sync.table));
  return {
      ddl_statement(
          "DROP TRIGGER IF EXISTS " + name + " ON " + qualified_name(names.schema, sync.table),
          lock_on("ACCESS EXCLUSIVE", names.schema, sync.table, "brief")),
      ddl_statement("DROP FUNCTION IF EXISTS " + function_name(names, sync, migration),
                    no_table_lock(names)),
  };
}

}  // namespace zdm::db::pg
