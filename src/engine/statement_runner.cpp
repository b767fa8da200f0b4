#include "zdm/engine/statement_runner.hpp"

#include <algorithm>

#include "zdm/engine/retry.hpp"
#include "zdm/engine/transaction.hpp"

namespace zdm::engine {

namespace {

std::string holders_text(RunContext& ctx, const std::string& table) {
  if (table.empty())
    return "";
  try {
    const auto holders = ctx.dialect.lock_holders(ctx.observer, table, ctx.db.session_id());
    if (holders.empty())
      return "; no other session holds it now";
    std::string text = "; held by: ";
    for (size_t i = 0; i < holders.size(); ++i)
      text += (i ? " | " : "") + holders[i];
    return text;
  } catch (const db::DbError& error) {
    return std::string("; could not read the lock holders: ") + error.what();
  }
}

}  // namespace

RetryObserver retry_logger(RunContext& ctx, const std::string& phase, const std::string& table,
                           int attempts) {
  return [&ctx, phase, table, attempts](int attempt, const db::DbError& error,
                                        std::chrono::milliseconds wait) {
    ctx.log.event(phase, "retry",
                  "attempt " + std::to_string(attempt) + "/" + std::to_string(attempts) +
                      " could not get its lock (" + error.what() + ")" + holders_text(ctx, table) +
                      "; retrying in " + std::to_string(wait.count()) + " ms",
                  {{"attempt", attempt}, {"wait_ms", wait.count()}, {"table", table}});
  };
}

bool fits_in_one_transaction(const RunContext& ctx,
                             const std::vector<db::SqlStatement>& statements) {
  if (!ctx.dialect.transactional_ddl())
    return false;
  return std::all_of(statements.begin(), statements.end(), [](const db::SqlStatement& s) {
    return s.transactional && s.fallback_sql.empty();
  });
}

void run_statement(RunContext& ctx, const std::string& phase, const db::SqlStatement& statement,
                   const std::string& table) {
  const RetryPolicy policy = retry_policy(ctx.plan.settings);
  const auto on_retry = retry_logger(ctx, phase, table, policy.attempts);
  auto execute = [&](const std::string& sql) {
    with_retries(
        policy, ctx.dialect, [&] { ctx.db.execute(sql); }, on_retry);
  };
  try {
    execute(statement.sql);
  } catch (const db::DbError& error) {
    if (statement.fallback_sql.empty() || !ctx.dialect.is_unsupported_algorithm(error))
      throw;
    ctx.log.event(phase, "fallback",
                  std::string("the server refused the statement's algorithm (") + error.what() +
                      "); running it as: " + statement.fallback_sql +
                      " -- lock: " + statement.fallback_lock,
                  {{"table", table}, {"sql", statement.fallback_sql}});
    execute(statement.fallback_sql);
  }
}

void run_statements(RunContext& ctx, const std::string& phase,
                    const std::vector<db::SqlStatement>& statements, const std::string& table) {
  for (const auto& statement : statements)
    run_statement(ctx, phase, statement, table);
}

void run_statements_and_record(RunContext& ctx, const std::string& phase,
                               const std::vector<db::SqlStatement>& statements,
                               const std::string& table, const std::function<void()>& record) {
  if (!fits_in_one_transaction(ctx, statements)) {
    run_statements(ctx, phase, statements, table);
    record();
    return;
  }
  const RetryPolicy policy = retry_policy(ctx.plan.settings);
  auto attempt = [&] {
    in_transaction(ctx.db, ctx.dialect, [&] {
      for (const auto& statement : statements)
        ctx.db.execute(statement.sql);
      record();
    });
  };
  with_retries(policy, ctx.dialect, attempt, retry_logger(ctx, phase, table, policy.attempts));
}

}  // namespace zdm::engine
