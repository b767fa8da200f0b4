#include "zdm/engine/contention_watch.hpp"

#include <optional>

#include "zdm/backfill/contention_hold.hpp"
#include "zdm/db/connection.hpp"
#include "zdm/db/db_error.hpp"
#include "zdm/engine/work_session.hpp"

namespace zdm::engine {

namespace {

constexpr auto kReadEvery = std::chrono::milliseconds(100);

// The times the watch thread shares, kept as atomic tick counts; 0: never.
using Clock = ContentionWatch::Clock;

Clock::rep ticks_of(Clock::time_point at) {
  return at.time_since_epoch().count();
}

std::optional<Clock::time_point> time_at(Clock::rep ticks) {
  if (ticks == 0)
    return std::nullopt;
  return Clock::time_point(Clock::duration(ticks));
}

}  // namespace

ContentionWatch::ContentionWatch(const db::Dsn& dsn, const db::Dialect& dialect,
                                 const plan::Settings& settings)
    : dsn_(dsn), dialect_(dialect), settings_(settings) {}

ContentionWatch::~ContentionWatch() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable())
    thread_.join();
}

void ContentionWatch::watch(const std::string& session) {
  if (session.empty())
    return;
  std::lock_guard lock(mutex_);
  sessions_.push_back(session);
  if (!thread_.joinable())
    thread_ = std::thread([this] { run(); });
}

bool ContentionWatch::contended() const {
  const auto until = time_at(contended_until_);
  return until && Clock::now() < *until;
}

bool ContentionWatch::seen_within(Clock::duration period) const {
  const auto seen = time_at(last_seen_waiting_);
  return seen && Clock::now() - *seen < period;
}

std::optional<std::string> ContentionWatch::take_failure() {
  std::lock_guard lock(mutex_);
  auto failure = std::move(failure_);
  failure_.reset();
  return failure;
}

bool ContentionWatch::sleep_until_next() {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, kReadEvery, [this] { return stopping_; });
}

void ContentionWatch::run() {
  try {
    auto connection = work_session(settings_, dialect_, db::connect(dsn_));
    backfill::ContentionHold hold;
    while (sleep_until_next()) {
      std::vector<std::string> sessions;
      {
        std::lock_guard lock(mutex_);
        sessions = sessions_;
      }
      const long long waiting = dialect_.sessions_waiting_on(*connection, sessions);
      if (waiting > 0) {
        const auto now = Clock::now();
        hold.saw_waiting(now);
        waiting_ = waiting;
        last_seen_waiting_ = ticks_of(now);
        contended_until_ = ticks_of(*hold.until());
      }
    }
  } catch (const std::exception& error) {
    std::lock_guard lock(mutex_);
    failure_ = error.what();
  }
}

}  // namespace zdm::engine
