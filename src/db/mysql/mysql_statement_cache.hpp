#pragma once
// The prepared statements of one MySQL session, kept by their SQL text. A statement run
// again (every chunk of a backfill, every state write) is executed in one round trip
// instead of three (prepare, execute, close). Private to src/db.

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>

namespace sql {
class Connection;
class PreparedStatement;
}  // namespace sql

namespace zdm::db {

struct PreparedOnce {
  std::unique_ptr<sql::PreparedStatement> statement;
  bool returns_rows = false;  // known from the prepare's metadata, before it runs
};

class MysqlStatementCache {
 public:
  // At most `capacity` statements stay prepared on the server; the least recently used
  // goes first.
  explicit MysqlStatementCache(size_t capacity);
  ~MysqlStatementCache();
  MysqlStatementCache(const MysqlStatementCache&) = delete;
  MysqlStatementCache& operator=(const MysqlStatementCache&) = delete;

  // The statement prepared for `sql` on `connection`, prepared now if it is not kept.
  PreparedOnce& get(sql::Connection& connection, const std::string& sql);
  // Closes the statement: after a failure it may be in a state not worth keeping.
  void forget(const std::string& sql);

 private:
  size_t capacity_;
  std::unordered_map<std::string, PreparedOnce> statements_;
  std::deque<std::string> order_;  // least recently used first
};

}  // namespace zdm::db
