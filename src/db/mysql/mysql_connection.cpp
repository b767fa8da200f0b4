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
// Prepared statements kept per session: zdm's own statements are a few dozen texts; the
// server's max_prepared_stmt_count (16,382 by default) is shared by every session.
constexpr size_t kKeptStatements = 64;

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
Result all_rows(sql::ResultSet& rows) {
  Result out;
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
  return out;
}

Result changed_rows(long long count) {
  Result result;
  result.affected_rows = std::max<long long>(0, count);
  return result;
}

// Statement text without parameters, run as it is.
Result run_text(sql::Connection& connection, const std::string& sql) {
  std::unique_ptr<sql::Statement> statement(connection.createStatement());
  if (statement->execute(sql)) {
    std::unique_ptr<sql::ResultSet> rows(statement->getResultSet());
    return all_rows(*rows);
  }
  return changed_rows(static_cast<long long>(statement->getUpdateCount()));
}

// A prepared statement with its parameters bound. Connector 1.1 gives a prepared
// statement's row count only through executeUpdate, so the prepare's metadata decides
// which of the two runs it. executeUpdate's count is an int: a chunk never nears 2^31 rows.
Result run_prepared(PreparedOnce& prepared, const std::vector<Value>& params) {
  sql::PreparedStatement& statement = *prepared.statement;
  for (size_t i = 0; i < params.size(); ++i) {
    const auto index = static_cast<unsigned int>(i + 1);
    if (params[i])
      statement.setString(index, *params[i]);
    else
      statement.setNull(index, sql::DataType::VARCHAR);
  }
  if (prepared.returns_rows) {
    std::unique_ptr<sql::ResultSet> rows(statement.executeQuery());
    return all_rows(*rows);
  }
  return changed_rows(statement.executeUpdate());
}

}  // namespace

MysqlConnection::MysqlConnection(const Dsn& dsn) : dsn_(dsn), statements_(kKeptStatements) {
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
    // Not prepared: MySQL cannot prepare some statements (CREATE TRIGGER, ...).
    if (params.empty())
      return run_text(*connection_, sql);
    try {
      return run_prepared(statements_.get(*connection_, sql), params);
    } catch (...) {
      statements_.forget(sql);
      throw;
    }
  });
}

std::string MysqlConnection::session_id() {
  return query_scalar("SELECT CONNECTION_ID()", {}).value_or("");
}

}  // namespace zdm::db
