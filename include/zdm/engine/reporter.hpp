#pragma once
// What a run tells its operator: one event per thing that happened, printed as a log line
// on stderr (text) or a JSON object per line on stdout (--format json). Events never carry
// a password: callers pass redacted DSNs and scrubbed driver messages.

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>

namespace zdm::engine {

struct Event {
  std::string phase;  // "expand", ...; empty for the whole migration
  std::string kind;   // "phase_started", "step_done", "retry", "check", ...
  std::string message;
  nlohmann::json fields = nlohmann::json::object();  // machine-readable details
};

// Where one table's backfill stands. The engine sends one after every chunk and whenever
// a throttle starts or ends; the reporter decides what to show and how often.
struct BackfillProgress {
  std::string table;
  long long rows_scanned = 0;           // rows the finished chunks spanned
  std::optional<long long> rows_total;  // catalog estimate, corrected as the run goes
  long long rows_updated = 0;           // rows the UPDATEs changed (a where: skips some)
  double rows_per_second = 0;           // scanned rows per second since this run started
  long long chunk_rows = 0;             // current chunk size (summed over threads)
  int threads = 1;
  std::optional<double> eta_seconds;  // none while the rate is unknown
  std::string throttle_reason;        // non-empty while the backfill waits on a throttle
  bool done = false;                  // the table's last chunk committed
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void report(const Event& event) = 0;
  virtual void progress(const BackfillProgress& progress) = 0;
};

// How a reporter shows backfill progress, and what it writes to. The defaults are the real
// ones; tests put a string stream, a fixed terminal and a fake clock in their place.
struct ReporterOptions {
  // Off a terminal and in JSON: one progress update per this interval (zdm apply
  // --progress-every). A terminal's bar is redrawn up to 4 times a second regardless.
  std::chrono::milliseconds progress_every = std::chrono::seconds(10);
  std::ostream* out = nullptr;   // none: stderr for text, stdout for JSON
  std::optional<bool> terminal;  // text: draw a bar in place; none: whether stderr is a TTY
  std::function<int()> columns;  // text on a terminal: its width; none: asked of stderr
  std::function<std::chrono::steady_clock::time_point()> clock;  // none: steady_clock::now
};

// Log lines on stderr, with a progress bar when stderr is a terminal.
std::unique_ptr<Reporter> make_text_reporter(const ReporterOptions& options = {});
// One JSON object per line on stdout (docs/json-output.md).
std::unique_ptr<Reporter> make_json_reporter(const ReporterOptions& options = {});

}  // namespace zdm::engine
