#include "zdm/engine/statement_runner.hpp"

#include "zdm/engine/retry.hpp"

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

void run_statement(RunContext& ctx, const std::string& phase, const db::SqlStatement& statement,
                   const std::string& table) {
  const RetryPolicy policy = retry_policy(ctx.plan.settings);
  auto on_retry = [&](int attempt, const db::DbError& error, std::chrono::milliseconds wait) {
    ctx.log.event(phase, "retry",
                  "attempt " + std::to_string(attempt) + "/" + std::to_string(policy.attempts) +
                      " could not get its lock (" + error.what() + ")" + holders_text(ctx, table) +
                      "; retrying in " + std::to_string(wait.count()) + " ms",
                  {{"attempt", attempt}, {"wait_ms", wait.count()}, {"table", table}});
  };
  with_retries(
      policy, ctx.dialect, [&] { ctx.db.execute(statement.sql); }, on_retry);
}

void run_statements(RunContext& ctx, const std::string& phase,
                    const std::vector<db::SqlStatement>& statements, const std::string& table) {
  for (const auto& statement : statements)
    run_statement(ctx, phase, statement, table);
}

}  // namespace zdm::engine
