#include "zdm/engine/reporter.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>
#include <mutex>

namespace zdm::engine {

namespace {

// Log lines on stderr: "2026-11-24 10:00:01.123 [expand] step add_column ... done".
class TextReporter final : public Reporter {
 public:
  TextReporter()
      : logger_(std::make_shared<spdlog::logger>(
            "zdm", std::make_shared<spdlog::sinks::stderr_sink_mt>())) {
    logger_->set_pattern("%Y-%m-%d %H:%M:%S.%e %v");
  }

  void report(const Event& event) override {
    const std::string where = event.phase.empty() ? "zdm" : event.phase;
    logger_->info("[{}] {}", where, event.message);
  }

 private:
  std::shared_ptr<spdlog::logger> logger_;
};

// One JSON object per line on stdout, for CI and scripts (docs/json-output.md). Gate
// watchers report from their own thread: one line at a time.
class JsonReporter final : public Reporter {
 public:
  void report(const Event& event) override {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    nlohmann::ordered_json line;
    line["kind"] = "zdm.event";
    line["version"] = 1;
    line["at_ms"] = now;
    line["phase"] = event.phase;
    line["event"] = event.kind;
    line["message"] = event.message;
    line["fields"] = event.fields;
    std::cout << line.dump() << std::endl;
  }

 private:
  std::mutex mutex_;
};

}  // namespace

std::unique_ptr<Reporter> make_text_reporter() {
  return std::make_unique<TextReporter>();
}

std::unique_ptr<Reporter> make_json_reporter() {
  return std::make_unique<JsonReporter>();
}

}  // namespace zdm::engine
