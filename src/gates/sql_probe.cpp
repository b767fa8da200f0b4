// sql gates: a scalar query on the target, cancelled by the server after the gate's timeout.
#include <cmath>
#include <stdexcept>

#include "probe_kinds.hpp"
#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/user_sql.hpp"
#include "zdm/util/number.hpp"

namespace zdm::gates::detail {

namespace {

using Clock = std::chrono::steady_clock;

void run_all(db::Connection& connection, const std::vector<std::string>& statements) {
  for (const auto& statement : statements)
    connection.execute(statement);
}

// The query under the dialect's statement time limit. `after` runs on failure too (it ends
// the transaction PostgreSQL's limit needs); its own failure then is not the news.
std::optional<double> query_with_time_limit(db::Connection& connection, const db::Dialect& dialect,
                                            const engine::BoundSql& bound, milliseconds timeout) {
  const db::TimedQuery timed = dialect.timed_query(bound.sql, timeout);
  try {
    run_all(connection, timed.before);
    auto value = engine::query_number(connection, {timed.sql, bound.params}, "the gate's query");
    run_all(connection, timed.after);
    return value;
  } catch (...) {
    try {
      run_all(connection, timed.after);
    } catch (const std::exception&) {
    }
    throw;
  }
}

}  // namespace

ProbeReading read_sql(const plan::SqlProbe& probe, milliseconds timeout, ProbeEnvironment& env) {
  if (env.database == nullptr || env.dialect == nullptr)
    throw std::invalid_argument("an sql gate needs the target's connection and dialect");
  const auto started = Clock::now();
  auto took = [&] {
    return " in " +
           format_elapsed(std::chrono::duration_cast<milliseconds>(Clock::now() - started));
  };
  try {
    const engine::BoundSql bound =
        engine::bind_placeholders(*env.dialect, probe.sql, env.sql_placeholders);
    const auto value = query_with_time_limit(*env.database, *env.dialect, bound, timeout);
    if (!value)
      return unreachable("no number: the query returned NULL or no row" + took());
    if (std::isnan(*value))
      return unreachable("no number: the query returned NaN" + took());
    return number_read(*value, util::format_number(*value) + took());
  } catch (const db::DbError& error) {  // the driver scrubbed the password from its text
    return unreachable("query failed" + took() + ": " + first_line(error.what()));
  } catch (const engine::EngineError& error) {  // not a number; a placeholder without value
    return unreachable(first_line(error.what()));
  }
}

}  // namespace zdm::gates::detail
