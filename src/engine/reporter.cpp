#include "zdm/engine/reporter.hpp"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>
#include <mutex>

#include "zdm/report/progress_json.hpp"
#include "zdm/report/progress_line.hpp"
#include "zdm/report/progress_pacing.hpp"
#include "zdm/report/progress_terminal.hpp"

namespace zdm::engine {

namespace {

using report::ProgressPacing;
using report::ThrottleChanges;
using SteadyClock = std::chrono::steady_clock;

// Progress only ever comes from the backfill.
constexpr const char* kProgressPhase = "backfill";
// A bar redrawn more often than 4 times a second flickers without saying more.
constexpr auto kBarRedrawGap = std::chrono::milliseconds(250);

std::function<SteadyClock::time_point()> clock_of(const ReporterOptions& options) {
  if (options.clock)
    return options.clock;
  return [] { return SteadyClock::now(); };
}

// Log lines on stderr: "2026-11-24 10:00:01.123 [expand] step add_column ... done". On a
// terminal the backfill's bar sits below them; gate watchers log from their own thread, so
// one writer at a time.
class TextReporter final : public Reporter {
 public:
  TextReporter(const ReporterOptions& options, bool on_terminal)
      : out_(options.out != nullptr ? *options.out : std::cerr),
        logger_(std::make_shared<spdlog::logger>(
            "zdm", std::make_shared<spdlog::sinks::ostream_sink_st>(out_, true))),
        clock_(clock_of(options)),
        pacing_(on_terminal ? ProgressPacing(kBarRedrawGap, ThrottleChanges::shown_at_once)
                            : ProgressPacing(options.progress_every,
                                             ThrottleChanges::wait_for_the_interval)) {
    logger_->set_pattern("%Y-%m-%d %H:%M:%S.%e %v");
    if (on_terminal)
      bar_.emplace(out_, options.columns ? options.columns : report::stderr_columns);
  }

  void report(const Event& event) override {
    std::lock_guard lock(mutex_);
    if (bar_)
      bar_->clear();
    log(event.phase.empty() ? "zdm" : event.phase, event.message);
    if (bar_)
      bar_->restore();
  }

  void progress(const BackfillProgress& progress) override {
    std::lock_guard lock(mutex_);
    if (!pacing_.should_show(progress, clock_()))
      return;
    if (bar_)
      bar_->draw(progress);
    else
      log(kProgressPhase, report::progress_log_text(progress));
  }

 private:
  void log(const std::string& where, const std::string& message) {
    logger_->info("[{}] {}", where, message);
  }

  std::ostream& out_;
  std::shared_ptr<spdlog::logger> logger_;
  std::function<SteadyClock::time_point()> clock_;
  ProgressPacing pacing_;
  std::optional<report::ProgressTerminal> bar_;  // only on a terminal
  std::mutex mutex_;
};

// One JSON object per line on stdout, for CI and scripts (docs/json-output.md). Gate
// watchers report from their own thread: one line at a time.
class JsonReporter final : public Reporter {
 public:
  explicit JsonReporter(const ReporterOptions& options)
      : out_(options.out != nullptr ? *options.out : std::cout),
        clock_(clock_of(options)),
        pacing_(options.progress_every, ThrottleChanges::shown_at_once) {}

  void report(const Event& event) override {
    std::lock_guard lock(mutex_);
    write(event.phase, event.kind, event.message, event.fields);
  }

  void progress(const BackfillProgress& progress) override {
    std::lock_guard lock(mutex_);
    if (!pacing_.should_show(progress, clock_()))
      return;
    write(kProgressPhase, "progress", report::progress_log_text(progress),
          report::progress_json_fields(progress));
  }

 private:
  void write(const std::string& phase, const std::string& kind, const std::string& message,
             const nlohmann::ordered_json& fields) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    nlohmann::ordered_json line;
    line["kind"] = "zdm.event";
    line["version"] = 1;
    line["at_ms"] = now;
    line["phase"] = phase;
    line["event"] = kind;
    line["message"] = message;
    line["fields"] = fields;
    out_ << line.dump() << std::endl;
  }

  std::ostream& out_;
  std::function<SteadyClock::time_point()> clock_;
  ProgressPacing pacing_;
  std::mutex mutex_;
};

}  // namespace

std::unique_ptr<Reporter> make_text_reporter(const ReporterOptions& options) {
  const bool on_terminal = options.terminal.value_or(report::stderr_is_terminal());
  return std::make_unique<TextReporter>(options, on_terminal);
}

std::unique_ptr<Reporter> make_json_reporter(const ReporterOptions& options) {
  return std::make_unique<JsonReporter>(options);
}

}  // namespace zdm::engine
