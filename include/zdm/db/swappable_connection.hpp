#pragma once
// A connection whose underlying session can be replaced: what a run holds on to, so that
// after the server dropped it (restart, failover) a new session takes its place under
// every reference the phases keep.

#include <memory>

#include "zdm/db/connection.hpp"

namespace zdm::db {

class SwappableConnection final : public Connection {
 public:
  explicit SwappableConnection(std::unique_ptr<Connection> session);

  void replace(std::unique_ptr<Connection> session);

  std::string dialect_name() const override;
  std::string server_version() override;
  Result run(const std::string& sql, const std::vector<Value>& params) override;
  std::string session_id() override;

 private:
  std::unique_ptr<Connection> session_;
};

}  // namespace zdm::db
