#include "pg_column.hpp"

namespace zdm::lint::pg {

ColumnDef column_def(const Json& fields) {
  ColumnDef column;
  column.name = string_field(fields, "colname");
  if (const Json* type_name = field(fields, "typeName"))
    column.type = type_of(*type_name);
  const Json* constraints = field(fields, "constraints");
  if (!constraints || !constraints->is_array())
    return column;
  for (const auto& node : *constraints) {
    const Json* constraint = as(node, "Constraint");
    if (!constraint)
      continue;
    const std::string type = string_field(*constraint, "contype");
    if (type == "CONSTR_NOTNULL" || type == "CONSTR_PRIMARY")
      column.not_null = true;
    if (type == "CONSTR_PRIMARY" || type == "CONSTR_UNIQUE")
      column.unique = true;
    if (type == "CONSTR_DEFAULT")
      column.default_expression = field(*constraint, "raw_expr");
    if (type == "CONSTR_IDENTITY")
      column.identity = true;
    if (type == "CONSTR_GENERATED")
      column.stored_generated = true;  // PostgreSQL's generated columns are all STORED
    if (type == "CONSTR_FOREIGN")
      column.references = true;
    if (type == "CONSTR_CHECK")
      column.check = true;
  }
  return column;
}

}  // namespace zdm::lint::pg
