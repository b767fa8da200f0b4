#pragma once
// The backfill bar on the last line of a terminal: redrawn in place, taken away while a log
// line is written above it, and left on screen with a newline once its table is done.
// Not thread-safe: the reporter that owns it serializes the calls.

#include <functional>
#include <optional>
#include <ostream>

#include "zdm/engine/reporter.hpp"

namespace zdm::report {

class ProgressTerminal {
 public:
  // `columns` says how wide the terminal is now (it may be resized during a run).
  ProgressTerminal(std::ostream& out, std::function<int()> columns);
  ~ProgressTerminal();
  ProgressTerminal(const ProgressTerminal&) = delete;
  ProgressTerminal& operator=(const ProgressTerminal&) = delete;

  void draw(const engine::BackfillProgress& progress);
  // Around a log line: clear() takes the bar away, restore() draws it again below the line.
  void clear();
  void restore();

 private:
  void write_line(const engine::BackfillProgress& progress);

  std::ostream& out_;
  std::function<int()> columns_;
  std::optional<engine::BackfillProgress> on_screen_;
};

// stderr is a terminal that understands cursor controls.
bool stderr_is_terminal();
// stderr's width in columns, 80 when the terminal does not say.
int stderr_columns();

}  // namespace zdm::report
