#include "pg_parse.hpp"

#include <pg_query.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "pg_tree.hpp"

namespace zdm::lint::pg {

namespace {

// Owns a pg_query_parse result.
class ParseResult {
 public:
  explicit ParseResult(const std::string& sql) : result_(pg_query_parse(sql.c_str())) {}
  ~ParseResult() { pg_query_free_parse_result(result_); }
  ParseResult(const ParseResult&) = delete;
  ParseResult& operator=(const ParseResult&) = delete;
  const PgQueryParseResult& operator*() const { return result_; }

 private:
  PgQueryParseResult result_;
};

size_t number_or(const Json& fields, const char* name, size_t fallback) {
  const Json* value = field(fields, name);
  return value && value->is_number_integer() ? value->get<size_t>() : fallback;
}

// The catalog's names for the spellings a plan may use (the parser maps most itself:
// "character varying" is already "varchar", "integer" already "int4").
std::string canonical_name(std::string name) {
  static const std::map<std::string, std::string> aliases = {
      {"decimal", "numeric"},
      {"int", "int4"},
      {"integer", "int4"},
      {"bigint", "int8"},
      {"smallint", "int2"},
      {"character varying", "varchar"},
      {"character", "bpchar"},
      {"char", "bpchar"},
      {"timestamp with time zone", "timestamptz"},
      {"boolean", "bool"},
      {"double precision", "float8"},
      {"real", "float4"}};
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto alias = aliases.find(name);
  return alias == aliases.end() ? name : alias->second;
}

}  // namespace

Parsed parse(const std::string& sql) {
  Parsed out;
  const ParseResult result(sql);
  if ((*result).error) {
    const PgQueryError& error = *(*result).error;
    out.error = ParseError{error.message ? error.message : "syntax error", std::nullopt};
    if (error.cursorpos > 0)
      out.error->offset = static_cast<size_t>(error.cursorpos - 1);
    return out;
  }
  const Json tree = Json::parse((*result).parse_tree);
  const Json* statements = field(tree, "stmts");
  if (!statements)
    return out;  // only comments or whitespace
  for (const auto& raw : *statements) {
    Statement statement;
    statement.node = raw.value("stmt", Json::object());
    statement.offset = number_or(raw, "stmt_location", 0);
    statement.length = number_or(raw, "stmt_len", sql.size() - statement.offset);
    if (statement.length == 0)  // the last statement: to the end of the text
      statement.length = sql.size() - statement.offset;
    out.statements.push_back(std::move(statement));
  }
  return out;
}

Type type_of(const Json& type_name) {
  Type type;
  const std::vector<std::string> names = strings(type_name, "names");
  type.name = names.empty() ? "" : canonical_name(names.back());
  if (const Json* modifiers = field(type_name, "typmods"); modifiers && modifiers->is_array()) {
    for (const auto& modifier : *modifiers) {
      const Json* constant = as(modifier, "A_Const");
      const Json* ival = constant ? field(*constant, "ival") : nullptr;
      if (ival)
        type.modifiers.push_back(ival->value("ival", 0LL));
    }
  }
  type.array = field(type_name, "arrayBounds") != nullptr;
  return type;
}

std::optional<Type> parse_type(const std::string& text) {
  const Parsed parsed = parse("SELECT NULL::" + text);
  if (parsed.error || parsed.statements.size() != 1)
    return std::nullopt;
  std::optional<Type> out;
  walk(parsed.statements.front().node, [&](const Json& node) {
    if (const Json* cast = as(node, "TypeCast"); cast && !out) {
      if (const Json* type_name = field(*cast, "typeName"))
        out = type_of(*type_name);
    }
  });
  return out;
}

std::string describe(const Type& type) {
  std::string text = type.name;
  if (!type.modifiers.empty()) {
    text += "(";
    for (size_t i = 0; i < type.modifiers.size(); ++i)
      text += (i ? "," : "") + std::to_string(type.modifiers[i]);
    text += ")";
  }
  return type.array ? text + "[]" : text;
}

}  // namespace zdm::lint::pg
