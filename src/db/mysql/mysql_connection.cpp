#include "mysql_connection.hpp"

#include <cppconn/datatype.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <mysql_connection.h>
#include <mysql_driver.h>

#include <algorithm>

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

// Every row of a result set, values as text, and its column labels.
void read_all_rows(sql::ResultSet& rows, Result& out) {
  sql::ResultSetMetaData* meta = rows.getMetaData();
  const unsigned int columns = meta->getColumnCount();
  for (unsigned int i = 1; i <= columns; ++i)
    out.columns.emplace_back(meta->getColumnLabel(i));
  while (rows.next()) {
    Row row;
    for (unsigned int i = 1; i <= columns; ++i)
      row.push_back(rows.isNull(i) ? Value() : Value(std::string(rows.getString(i))));
    out.rows.push_back(std::move(row));
  }
}

// The rows a statement that has just run returned, or the count of rows it changed
// (prepared statements in connector 1.1 cannot say; ROW_COUNT() on the session can).
template <typename Statement>
Result collect(sql::Connection& connection, Statement& statement, bool has_result_set) {
  Result result;
  if (has_result_set) {
    std::unique_ptr<sql::ResultSet> rows(statement.getResultSet());
    read_all_rows(*rows, result);
    return result;
  }
  std::unique_ptr<sql::Statement> count(connection.createStatement());
  std::unique_ptr<sql::ResultSet> rows(count->executeQuery("SELECT ROW_COUNT()"));
  if (rows->next())
    result.affected_rows = std::max<long long>(0, rows->getInt64(1));
  return result;
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

Result MysqlConnection::run(const std::string& sql, const std::vector<Value>& params) {
  return translating_errors(dsn_, "statement failed", [&] {
    if (params.empty()) {
      // Not prepared: MySQL cannot prepare some statements (CREATE TRIGGER, ...).
      std::unique_ptr<sql::Statement> statement(connection_->createStatement());
      const bool has_rows = statement->execute(sql);
      return collect(*connection_, *statement, has_rows);
    }
    std::unique_ptr<sql::PreparedStatement> statement(connection_->prepareStatement(sql));
    for (size_t i = 0; i < params.size(); ++i) {
      const auto index = static_cast<unsigned int>(i + 1);
      if (params[i])
        statement->setString(index, *params[i]);
      else
        statement->setNull(index, sql::DataType::VARCHAR);
    }
    const bool has_rows = statement->execute();
    return collect(*connection_, *statement, has_rows);
  });
}

std::string MysqlConnection::session_id() {
  return query_scalar("SELECT CONNECTION_ID()", {}).value_or("");
}

}  // namespace zdm::db
