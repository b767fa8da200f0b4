// The text reporter's backfill progress: a bar redrawn in place on a terminal, kept clear of
// the log lines; one log line per interval elsewhere.
#include <gtest/gtest.h>

#include <sstream>
#include <thread>

#include "progress_test_support.hpp"
#include "zdm/engine/reporter.hpp"
#include "zdm/report/progress_line.hpp"

namespace zdm::engine {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using test::count_of;
using test::screen_lines;
using test::users_done;
using test::users_halfway;
using test::without_time;

constexpr int kColumns = 100;

class TextReporterProgress : public ::testing::Test {
 protected:
  std::unique_ptr<Reporter> reporter(bool terminal, milliseconds every = seconds(10)) {
    ReporterOptions options;
    options.out = &out_;
    options.terminal = terminal;
    options.columns = [] { return kColumns; };
    options.clock = clock_.function();
    options.progress_every = every;
    return make_text_reporter(options);
  }

  // The bar for the whole terminal width but its last column.
  static std::string bar(const BackfillProgress& progress) {
    return report::progress_bar_line(progress, kColumns - 1);
  }

  std::string written_since(size_t offset) const { return out_.str().substr(offset); }

  std::ostringstream out_;
  test::FakeClock clock_;
};

TEST_F(TextReporterProgress, OnATerminalTheBarIsRedrawnAtMostFourTimesASecond) {
  auto text = reporter(true);
  for (int tick = 0; tick < 100; ++tick) {  // a chunk every 50 ms for 5 s
    text->progress(users_halfway());
    clock_.now += milliseconds(50);
  }
  EXPECT_EQ(count_of(out_.str(), "\r"), 20u);  // at 0, 250, 500, ... 4750 ms
  EXPECT_EQ(out_.str().find('\n'), std::string::npos) << "redrawn in place";
  EXPECT_EQ(screen_lines(out_.str()), std::vector<std::string>{bar(users_halfway())});
  EXPECT_LT(bar(users_halfway()).size(), static_cast<size_t>(kColumns));
}

TEST_F(TextReporterProgress, TheFirstAThrottleChangeAndTheLastAreDrawnAtOnce) {
  auto text = reporter(true);
  auto paused = users_halfway();
  paused.throttle_reason = "replica lag 7.2s > 5s";
  for (const auto& update : {users_halfway(), paused, users_halfway(), users_done()}) {
    text->progress(update);
    clock_.now += milliseconds(10);
  }
  EXPECT_EQ(out_.str(), "\r" + bar(users_halfway()) + "\x1b[K" + "\r" + bar(paused) + "\x1b[K" +
                            "\r" + bar(users_halfway()) + "\x1b[K" + "\r" + bar(users_done()) +
                            "\x1b[K\n");
}

TEST_F(TextReporterProgress, ALogLineClearsTheBarAndTheBarComesBackBelowIt) {
  auto text = reporter(true);
  text->progress(users_halfway());
  const size_t before = out_.str().size();
  text->report({"backfill", "warning", "replica slow", nlohmann::json::object()});
  const std::string written = written_since(before);
  EXPECT_EQ(written.rfind("\r\x1b[K", 0), 0u) << "the bar is cleared first";
  const std::string redraw = "\r" + bar(users_halfway()) + "\x1b[K";
  ASSERT_GE(written.size(), redraw.size());
  EXPECT_EQ(written.substr(written.size() - redraw.size()), redraw) << "then drawn again";
  const auto screen = screen_lines(out_.str());
  ASSERT_EQ(screen.size(), 2u);
  EXPECT_EQ(without_time(screen[0]), "[backfill] replica slow");
  EXPECT_EQ(screen[1], bar(users_halfway()));
}

TEST_F(TextReporterProgress, OnceDoneTheBarStaysAboveLaterLogLines) {
  auto text = reporter(true);
  text->progress(users_halfway());
  text->progress(users_done());
  text->report({"backfill", "phase_done", "backfill done", nlohmann::json::object()});
  const auto screen = screen_lines(out_.str());
  ASSERT_EQ(screen.size(), 2u);
  EXPECT_EQ(screen[0], bar(users_done()));
  EXPECT_EQ(without_time(screen[1]), "[backfill] backfill done");
}

TEST_F(TextReporterProgress, ABarLeftMidTableEndsItsLineWhenTheRunStops) {
  auto text = reporter(true);
  text->progress(users_halfway());
  text.reset();
  EXPECT_EQ(out_.str(), "\r" + bar(users_halfway()) + "\x1b[K\n");
}

TEST_F(TextReporterProgress, LogLinesFromAnotherThreadNeverLandOnTheBar) {
  auto text = reporter(true);
  constexpr int kLines = 200;
  std::thread watcher([&] {
    for (int i = 0; i < kLines; ++i)
      text->report({"backfill", "gate", "tick " + std::to_string(i), nlohmann::json::object()});
  });
  for (int tick = 0; tick < kLines; ++tick) {
    text->progress(users_halfway());
    clock_.now += milliseconds(300);
  }
  watcher.join();
  text->progress(users_done());
  const auto screen = screen_lines(out_.str());
  ASSERT_EQ(screen.size(), static_cast<size_t>(kLines + 1));
  for (int i = 0; i < kLines; ++i)
    EXPECT_EQ(without_time(screen[i]), "[backfill] tick " + std::to_string(i));
  EXPECT_EQ(screen.back(), bar(users_done()));
}

TEST_F(TextReporterProgress, OffATerminalOneLogLinePerIntervalAndTheLast) {
  auto text = reporter(false, seconds(10));
  for (int second = 0; second < 35; ++second) {
    text->progress(users_halfway());
    clock_.now += seconds(1);
  }
  text->progress(users_done());
  const std::string written = out_.str();
  EXPECT_EQ(written.find('\r'), std::string::npos);
  EXPECT_EQ(written.find('\x1b'), std::string::npos);
  const auto lines = screen_lines(written);
  ASSERT_EQ(lines.size(), 5u);  // at 0, 10, 20, 30 s and done
  for (size_t i = 0; i < 4; ++i)
    EXPECT_EQ(without_time(lines[i]),
              "[backfill] users: 450,000 of ~1,000,000 rows (45%), 52,300 rows/s, "
              "chunks of 10,400, ETA 11s");
  EXPECT_EQ(without_time(lines[4]),
            "[backfill] users: done, 1,000,000 rows (1,000,000 updated), 52,300 rows/s");
}

// The engine logs a throttle's start and end itself; the progress line waits its turn.
TEST_F(TextReporterProgress, OffATerminalAPauseShowsInTheNextIntervalsLine) {
  auto text = reporter(false, seconds(10));
  auto paused = users_halfway();
  paused.throttle_reason = "replica lag 7.2s > 5s";
  text->progress(users_halfway());
  clock_.now += seconds(1);
  text->progress(paused);
  clock_.now += seconds(9);
  text->progress(paused);
  const auto lines = screen_lines(out_.str());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].find("throttled"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find(", throttled: replica lag 7.2s > 5s"), std::string::npos) << lines[1];
}

TEST_F(TextReporterProgress, EventsOffATerminalAreThePlainLog) {
  auto text = reporter(false);
  text->report({"", "migration_started", "migration users-email started", {}});
  const auto lines = screen_lines(out_.str());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(without_time(lines[0]), "[zdm] migration users-email started");
  EXPECT_EQ(lines[0][4], '-') << "starts with the date: " << lines[0];
}

}  // namespace
}  // namespace zdm::engine
