#include "zdm/db/swappable_connection.hpp"

namespace zdm::db {

SwappableConnection::SwappableConnection(std::unique_ptr<Connection> session)
    : session_(std::move(session)) {}

void SwappableConnection::replace(std::unique_ptr<Connection> session) {
  session_ = std::move(session);
}

std::string SwappableConnection::dialect_name() const {
  return session_->dialect_name();
}

std::string SwappableConnection::server_version() {
  return session_->server_version();
}

Result SwappableConnection::run(const std::string& sql, const std::vector<Value>& params) {
  return session_->run(sql, params);
}

std::string SwappableConnection::session_id() {
  return session_->session_id();
}

}  // namespace zdm::db
