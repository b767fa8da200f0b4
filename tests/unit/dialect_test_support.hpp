#pragma once
// Helpers for tests of the dialects' SQL, with and without a server.

#include <optional>
#include <string>
#include <vector>

#include "zdm/db/dialect.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::test {

inline std::vector<std::string> sql_of(const std::vector<db::SqlStatement>& statements) {
  std::vector<std::string> out;
  for (const auto& statement : statements)
    out.push_back(statement.sql);
  return out;
}

inline plan::ColumnDefinition column(std::string name, std::string type, bool nullable = true,
                                     std::optional<std::string> default_sql = std::nullopt,
                                     bool primary_key = false) {
  plan::ColumnDefinition c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.nullable = nullable && !primary_key;  // a primary key column never is
  c.default_sql = std::move(default_sql);
  c.primary_key = primary_key;
  return c;
}

}  // namespace zdm::test
