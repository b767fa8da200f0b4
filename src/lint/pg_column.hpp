#pragma once
// A PostgreSQL ColumnDef node read once for every rule that looks at added columns.
// Private to lint.

#include <string>

#include "pg_parse.hpp"
#include "pg_tree.hpp"

namespace zdm::lint::pg {

struct ColumnDef {
  std::string name;
  Type type;
  bool not_null = false;                     // NOT NULL or PRIMARY KEY
  const Json* default_expression = nullptr;  // DEFAULT's expression
  bool identity = false;                     // GENERATED ... AS IDENTITY
  bool stored_generated = false;             // GENERATED ALWAYS AS (...) STORED
  bool references = false;                   // a REFERENCES column constraint (a foreign key)
  bool unique = false;                       // UNIQUE or PRIMARY KEY column constraint
  bool check = false;                        // a CHECK column constraint

  bool serial() const {
    return type.name == "serial" || type.name == "bigserial" || type.name == "smallserial" ||
           type.name == "serial4" || type.name == "serial8" || type.name == "serial2";
  }
  // It fills existing rows with values of its own rather than NULL.
  bool fills_rows() const { return default_expression || identity || stored_generated || serial(); }
};

ColumnDef column_def(const Json& column_def_fields);

}  // namespace zdm::lint::pg
