#include "postgres_connection.hpp"

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/prepared_statement>

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

std::optional<std::string> PostgresConnection::query_scalar(
    const std::string& sql, const std::vector<std::string>& params) {
  return translating_errors(dsn_, "query failed", kConnectionLost,
                            [&]() -> std::optional<std::string> {
                              pqxx::nontransaction work(*connection_);
                              const pqxx::result result =
                                  work.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
                              work.commit();
                              if (result.empty() || result.columns() == 0 || result[0][0].is_null())
                                return std::nullopt;
                              return result[0][0].as<std::string>();
                            });
}

void PostgresConnection::execute(const std::string& sql) {
  translating_errors(dsn_, "statement failed", kConnectionLost, [&] {
    pqxx::nontransaction work(*connection_);
    work.exec(sql);
    work.commit();
  });
}

}  // namespace zdm::db
