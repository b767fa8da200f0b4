#include "mysql_statement_cache.hpp"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset_metadata.h>
#include <mysql_connection.h>

#include <algorithm>

namespace zdm::db {

MysqlStatementCache::MysqlStatementCache(size_t capacity)
    : capacity_(std::max<size_t>(1, capacity)) {}

MysqlStatementCache::~MysqlStatementCache() = default;

PreparedOnce& MysqlStatementCache::get(sql::Connection& connection, const std::string& sql) {
  if (const auto kept = statements_.find(sql); kept != statements_.end()) {
    // Used again: the last to go. A chunk-end lookup's text changes with the chunk's size,
    // and must not push out the statements every chunk runs.
    order_.erase(std::find(order_.begin(), order_.end(), sql));
    order_.push_back(sql);
    return kept->second;
  }
  if (statements_.size() >= capacity_) {
    statements_.erase(order_.front());
    order_.pop_front();
  }
  PreparedOnce prepared;
  prepared.statement.reset(connection.prepareStatement(sql));
  // The server sends the result's columns with the prepare: none means a row count.
  sql::ResultSetMetaData* columns = prepared.statement->getMetaData();
  prepared.returns_rows = columns && columns->getColumnCount() > 0;
  order_.push_back(sql);
  return statements_.emplace(sql, std::move(prepared)).first->second;
}

void MysqlStatementCache::forget(const std::string& sql) {
  if (statements_.erase(sql) > 0)
    order_.erase(std::find(order_.begin(), order_.end(), sql));
}

}  // namespace zdm::db
