#include "zdm/db/connection.hpp"

namespace zdm::db {

std::optional<std::string> Connection::query_scalar(const std::string& sql,
                                                    const std::vector<std::string>& params) {
  const Result result = run(sql, std::vector<Value>(params.begin(), params.end()));
  if (result.rows.empty() || result.rows.front().empty())
    return std::nullopt;
  return result.rows.front().front();
}

std::vector<Row> Connection::query(const std::string& sql, const std::vector<Value>& params) {
  return run(sql, params).rows;
}

void Connection::execute(const std::string& sql) {
  run(sql, {});
}

}  // namespace zdm::db
