#pragma once
// SQL from the plan (checks, gates) with {{name}} placeholders: each becomes the dialect's
// bound parameter, its value passed separately, never pasted into the text.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "zdm/db/connection.hpp"
#include "zdm/db/dialect.hpp"

namespace zdm::engine {

struct BoundSql {
  std::string sql;
  std::vector<db::Value> params;
};

// Throws EngineError(invalid_input) for a placeholder without a value.
BoundSql bind_placeholders(const db::Dialect& dialect, const std::string& sql,
                           const std::map<std::string, std::string>& values);

// "2026-11-24 10:00:00.123" in UTC, the form both servers compare with their timestamps.
std::string sql_timestamp(long long epoch_ms);

// The server's clock now, in the form above (to microseconds).
std::string server_utc_now(db::Connection& connection, const db::Dialect& dialect);

// Runs a scalar query and reads its first column of the first row as a number.
// nullopt when there is no row or the value is NULL; throws EngineError when it is not
// a number.
std::optional<double> query_number(db::Connection& connection, const BoundSql& query,
                                   const std::string& what);

}  // namespace zdm::engine
