#include "postgres_connection.hpp"

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/prepared_statement>
#include <pqxx/result>

namespace zdm::db {

namespace {

// libpq messages span lines, with tabs and double spaces ("FATAL:  ..."); make them one line.
std::string one_line(const std::string& text) {
  std::string line;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space)
      line += c;
    else if (!line.empty() && line.back() != ' ')
      line += ' ';
  }
  if (!line.empty() && line.back() == ' ')
    line.pop_back();
  return line;
}

// SQLSTATEs of class 08 for a connection that could not be made, or was lost.
constexpr const char* kCannotConnect = "08001";
constexpr const char* kConnectionLost = "08006";

// Runs work, turning any libpqxx failure into a DbError that starts with what was being done.
template <typename Work>
auto translating_errors(const Dsn& dsn, const std::string& doing, const char* broken_state,
                        Work&& work) {
  try {
    return work();
  } catch (const pqxx::sql_error& error) {
    throw DbError("postgres: " + doing + ": " + one_line(dsn.scrub(error.what())),
                  error.sqlstate());
  } catch (const pqxx::broken_connection& error) {
    throw DbError("postgres: " + doing + ": " + one_line(dsn.scrub(error.what())), broken_state);
  } catch (const std::exception& error) {
    throw DbError("postgres: " + doing + ": " + one_line(dsn.scrub(error.what())));
  }
}

}  // namespace

PostgresConnection::PostgresConnection(const Dsn& dsn) : dsn_(dsn) {
  connection_ = translating_errors(dsn_, "cannot connect to " + dsn_.redacted(), kCannotConnect,
                                   [&] { return std::make_unique<pqxx::connection>(dsn_.text()); });
}

std::string PostgresConnection::server_version() {
  return query_scalar("SHOW server_version", {}).value_or("");
}

Result PostgresConnection::run(const std::string& sql, const std::vector<Value>& params) {
  return translating_errors(dsn_, "statement failed", kConnectionLost, [&] {
    // A nontransaction sends each statement as is: BEGIN/COMMIT in the SQL are the
    // caller's, and CREATE INDEX CONCURRENTLY is not wrapped in a transaction.
    pqxx::nontransaction work(*connection_);
    pqxx::result result;
    if (params.empty()) {
      result = work.exec(sql);
    } else {
      std::vector<const char*> values;  // nullptr is NULL to libpqxx
      for (const Value& value : params)
        values.push_back(value ? value->c_str() : nullptr);
      result = work.exec_params(sql, pqxx::prepare::make_dynamic_params(values));
    }
    work.commit();
    Result out;
    out.affected_rows = result.affected_rows();
    for (pqxx::row::size_type i = 0; i < result.columns(); ++i)
      out.columns.emplace_back(result.column_name(i));
    for (const auto& row : result) {
      Row values;
      for (const auto& field : row)
        values.push_back(field.is_null() ? Value() : Value(field.c_str()));
      out.rows.push_back(std::move(values));
    }
    return out;
  });
}

std::string PostgresConnection::session_id() {
  return std::to_string(connection_->backendpid());
}

}  // namespace zdm::db
