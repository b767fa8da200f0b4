#pragma once
// The one retry loop: DDL that cannot get its lock within the lock timeout, and backfill
// chunks that hit a lock timeout or deadlock, wait with jittered exponential backoff and try
// again, up to the plan's ddl_retries attempts.

#include <chrono>
#include <functional>

#include "zdm/db/db_error.hpp"
#include "zdm/db/dialect.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::engine {

struct RetryPolicy {
  int attempts = 30;
  std::chrono::milliseconds initial{200};
  std::chrono::milliseconds max{10000};
};

RetryPolicy retry_policy(const plan::Settings& settings);

// The wait before attempt `attempt + 1` (attempt counts from 1): initial * 2^(attempt-1),
// capped at max, then a random point in its upper half so that retries do not align.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt);

// Called before each wait: the attempt that failed, its error and the wait ahead.
using RetryObserver =
    std::function<void(int attempt, const db::DbError& error, std::chrono::milliseconds wait)>;

// Runs `work` until it returns. A retryable error (dialect.is_retryable) is retried after
// the backoff; any other error, or the last attempt's, is rethrown. Stops (exit 130)
// between attempts when asked to.
void with_retries(const RetryPolicy& policy, const db::Dialect& dialect,
                  const std::function<void()>& work, const RetryObserver& on_retry);

}  // namespace zdm::engine
