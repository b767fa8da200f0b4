#include "zdm/engine/retry.hpp"

#include <algorithm>
#include <random>

#include "zdm/engine/stop_signal.hpp"

namespace zdm::engine {

RetryPolicy retry_policy(const plan::Settings& settings) {
  return {std::max(1, settings.ddl_retries), settings.retry_backoff.initial,
          settings.retry_backoff.max};
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  long long delay = std::max<long long>(1, policy.initial.count());
  for (int i = 1; i < attempt && delay < policy.max.count(); ++i)
    delay *= 2;
  delay = std::min<long long>(delay, std::max<long long>(1, policy.max.count()));
  std::uniform_int_distribution<long long> upper_half(delay / 2, delay);
  return std::chrono::milliseconds(upper_half(random));
}

void with_retries(const RetryPolicy& policy, const db::Dialect& dialect,
                  const std::function<void()>& work, const RetryObserver& on_retry) {
  for (int attempt = 1;; ++attempt) {
    throw_if_stopped();
    try {
      work();
      return;
    } catch (const db::DbError& error) {
      if (!dialect.is_retryable(error) || attempt >= policy.attempts)
        throw;
      const auto wait = backoff_delay(policy, attempt);
      if (on_retry)
        on_retry(attempt, error, wait);
      sleep_or_stop(wait);
    }
  }
}

}  // namespace zdm::engine
