#pragma once
// PostgreSQL's own parser (libpg_query): SQL text -> one JSON parse tree per statement.
// Private to lint.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace zdm::lint::pg {

struct Statement {
  nlohmann::json node;  // {"AlterTableStmt": {...}}: the statement's one-key object
  size_t offset = 0;    // in the parsed text, bytes
  size_t length = 0;
};

struct ParseError {
  std::string message;           // the parser's own: syntax error at or near "ADDD"
  std::optional<size_t> offset;  // 0-based byte where it stopped, when it says
};

struct Parsed {
  std::vector<Statement> statements;  // empty on error
  std::optional<ParseError> error;
};

Parsed parse(const std::string& sql);

// A column type reduced to what decides whether a change rewrites the table: the type's
// own name as the catalog knows it ("varchar", "int4", "numeric", "timestamptz"), its
// modifiers (255; 12, 2) and whether it is an array.
struct Type {
  std::string name;
  std::vector<long long> modifiers;
  bool array = false;
  bool operator==(const Type&) const = default;
};

// From a TypeName node of a parse tree.
Type type_of(const nlohmann::json& type_name);
// From text as a plan or the catalog writes it: "varchar(255)", "character varying(255)".
std::optional<Type> parse_type(const std::string& text);
std::string describe(const Type& type);  // "varchar(255)", "numeric(12,2)", "int4[]"

}  // namespace zdm::lint::pg
