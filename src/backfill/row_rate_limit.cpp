#include "zdm/backfill/row_rate_limit.hpp"

#include <algorithm>

namespace zdm::backfill {

namespace {

constexpr auto kMaxCredit = std::chrono::seconds(1);

}  // namespace

RowRateLimit::RowRateLimit(long long rows_per_second) : rows_per_second_(rows_per_second) {}

std::chrono::milliseconds RowRateLimit::wait_after(long long rows, Clock::time_point now) {
  if (rows_per_second_ <= 0 || rows <= 0)
    return std::chrono::milliseconds(0);
  const auto cost = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
      static_cast<double>(rows) / static_cast<double>(rows_per_second_)));
  const auto from = earliest_next_ ? std::max(*earliest_next_, now - kMaxCredit) : now;
  earliest_next_ = from + cost;
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::ceil<std::chrono::milliseconds>(*earliest_next_ - now));
}

void RowRateLimit::restart() {
  earliest_next_.reset();
}

}  // namespace zdm::backfill
