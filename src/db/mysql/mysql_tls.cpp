#include "mysql_tls.hpp"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>

namespace zdm::db {

void add_tls_options(SslMode mode, sql::ConnectOptionsMap& options) {
  switch (mode) {
    case SslMode::disabled:
      return;
    case SslMode::preferred:
    case SslMode::required:
      options["sslEnforce"] = true;
      return;
    case SslMode::verify_ca:
    case SslMode::verify_identity:
      options["sslEnforce"] = true;
      options["sslVerify"] = true;
      return;
  }
}

bool requires_tls(SslMode mode) {
  return mode == SslMode::required || mode == SslMode::verify_ca ||
         mode == SslMode::verify_identity;
}

bool session_uses_tls(sql::Connection& connection) {
  std::unique_ptr<sql::Statement> statement(connection.createStatement());
  std::unique_ptr<sql::ResultSet> rows(
      statement->executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'"));
  return rows->next() && !rows->getString(2).asStdString().empty();
}

}  // namespace zdm::db
