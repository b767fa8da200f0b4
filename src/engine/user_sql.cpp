#include "zdm/engine/user_sql.hpp"

#include <charconv>
#include <ctime>

#include "zdm/engine/engine_error.hpp"
#include "zdm/plan/placeholders.hpp"

namespace zdm::engine {

BoundSql bind_placeholders(const db::Dialect& dialect, const std::string& sql,
                           const std::map<std::string, std::string>& values) {
  BoundSql out;
  size_t copied = 0;
  for (const auto& placeholder : plan::find_placeholders(sql)) {
    const auto value = values.find(placeholder.name);
    if (value == values.end())
      throw invalid_input("no value for the placeholder {{" + placeholder.name + "}}");
    out.sql += sql.substr(copied, placeholder.offset - copied);
    out.params.push_back(value->second);
    // Every SQL placeholder is an instant (kSqlPlaceholders).
    out.sql += dialect.utc_timestamp_parameter(static_cast<int>(out.params.size()));
    copied = placeholder.offset + placeholder.length;
  }
  out.sql += sql.substr(copied);
  return out;
}

std::string sql_timestamp(long long epoch_ms) {
  const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &utc);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03lld", epoch_ms % 1000);
  return std::string(text) + millis;
}

std::string server_utc_now(db::Connection& connection, const db::Dialect& dialect) {
  const auto now = connection.query_scalar(dialect.utc_now_query(), {});
  if (!now)
    throw runtime_failure("the server did not tell its time");
  return *now;
}

std::optional<double> query_number(db::Connection& connection, const BoundSql& query,
                                   const std::string& what) {
  const auto rows = connection.query(query.sql, query.params);
  if (rows.empty() || rows.front().empty() || !rows.front().front())
    return std::nullopt;
  const std::string& text = *rows.front().front();
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw runtime_failure(what + " returned \"" + text.substr(0, 80) + "\", not a number",
                          "make the query return one number");
  }
  return value;
}

}  // namespace zdm::engine
