#include "mysql_connection.hpp"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_connection.h>
#include <mysql_driver.h>

#include "mysql_tls.hpp"

namespace zdm::db {

namespace {

constexpr int kConnectTimeoutSeconds = 10;
constexpr int kSslConnectionError = 2026;  // the client's CR_SSL_CONNECTION_ERROR

sql::ConnectOptionsMap connect_options(const Dsn& dsn) {
  sql::ConnectOptionsMap options;
  options["hostName"] = sql::SQLString(dsn.host());
  options["port"] = dsn.port().value_or(3306);
  options["userName"] = sql::SQLString(dsn.user());
  options["password"] = sql::SQLString(dsn.password());
  if (!dsn.database().empty())
    options["schema"] = sql::SQLString(dsn.database());
  options["OPT_CONNECT_TIMEOUT"] = kConnectTimeoutSeconds;
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  if (dsn.ssl_mode())
    add_tls_options(*dsn.ssl_mode(), options);
  return options;
}

// Runs work, turning any connector failure into a DbError that starts with what was being done.
template <typename Work>
auto translating_errors(const Dsn& dsn, const std::string& doing, Work&& work) {
  try {
    return work();
  } catch (const sql::SQLException& error) {
    throw DbError("mysql: " + doing + ": " + dsn.scrub(error.what()), error.getSQLState(),
                  error.getErrorCode());
  } catch (const std::exception& error) {
    throw DbError("mysql: " + doing + ": " + dsn.scrub(error.what()));
  }
}

std::optional<std::string> first_value(sql::ResultSet* rows) {
  if (rows == nullptr || !rows->next() || rows->isNull(1))
    return std::nullopt;
  return std::string(rows->getString(1));
}

}  // namespace

MysqlConnection::MysqlConnection(const Dsn& dsn) : dsn_(dsn) {
  const std::string doing = "cannot connect to " + dsn_.redacted();
  connection_ = translating_errors(dsn_, doing, [&] {
    sql::ConnectOptionsMap options = connect_options(dsn_);
    return std::unique_ptr<sql::Connection>(
        sql::mysql::get_mysql_driver_instance()->connect(options));
  });
  const SslMode mode = dsn_.ssl_mode().value_or(SslMode::disabled);
  if (requires_tls(mode) &&
      !translating_errors(dsn_, doing, [&] { return session_uses_tls(*connection_); })) {
    throw DbError("mysql: " + doing + ": ssl-mode=" + std::string(to_string(mode)) +
                      " but the server does not offer TLS",
                  "HY000", kSslConnectionError);
  }
}

MysqlConnection::~MysqlConnection() = default;

std::string MysqlConnection::server_version() {
  return query_scalar("SELECT VERSION()", {}).value_or("");
}

std::optional<std::string> MysqlConnection::query_scalar(const std::string& sql,
                                                         const std::vector<std::string>& params) {
  return translating_errors(dsn_, "query failed", [&] {
    std::unique_ptr<sql::PreparedStatement> statement(connection_->prepareStatement(sql));
    for (size_t i = 0; i < params.size(); ++i)
      statement->setString(static_cast<unsigned int>(i + 1), params[i]);
    if (!statement->execute())
      return std::optional<std::string>();
    std::unique_ptr<sql::ResultSet> rows(statement->getResultSet());
    return first_value(rows.get());
  });
}

void MysqlConnection::execute(const std::string& sql) {
  translating_errors(dsn_, "statement failed", [&] {
    std::unique_ptr<sql::Statement> statement(connection_->createStatement());
    statement->execute(sql);
  });
}

}  // namespace zdm::db
