#pragma once
// What the reporter tests share: a clock the test moves, a backfill halfway through, and
// what a terminal would show after the reporter's output.

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "zdm/engine/reporter.hpp"

namespace zdm::test {

struct FakeClock {
  std::chrono::steady_clock::time_point now{std::chrono::hours(1)};
  std::function<std::chrono::steady_clock::time_point()> function() {
    return [this] { return now; };
  }
};

inline engine::BackfillProgress users_halfway() {
  engine::BackfillProgress p;
  p.table = "users";
  p.rows_scanned = 450000;
  p.rows_total = 1000000;
  p.rows_updated = 449000;
  p.rows_per_second = 52300.4;
  p.chunk_rows = 10400;
  p.eta_seconds = 10.5;
  return p;
}

inline engine::BackfillProgress users_done() {
  engine::BackfillProgress p = users_halfway();
  p.rows_scanned = 1000000;
  p.rows_updated = 1000000;
  p.eta_seconds = 0;
  p.done = true;
  return p;
}

// The lines a terminal shows after `written`: \r moves to the line's start, ESC[K erases
// to its end, \n opens a new line, any other character overwrites the one under the cursor.
inline std::vector<std::string> screen_lines(const std::string& written) {
  const std::string erase = "\x1b[K";
  std::vector<std::string> lines(1);
  size_t column = 0;
  for (size_t i = 0; i < written.size(); ++i) {
    std::string& line = lines.back();
    if (written.compare(i, erase.size(), erase) == 0) {
      line.resize(std::min(line.size(), column));
      i += erase.size() - 1;
    } else if (written[i] == '\r') {
      column = 0;
    } else if (written[i] == '\n') {
      lines.emplace_back();
      column = 0;
    } else if (column < line.size()) {
      line[column++] = written[i];
    } else {
      line.push_back(written[i]);
      ++column;
    }
  }
  if (lines.back().empty())
    lines.pop_back();
  return lines;
}

// A log line without its "2026-11-24 10:00:01.123 " timestamp.
inline std::string without_time(const std::string& line) {
  constexpr size_t kTimestamp = 24;
  return line.size() > kTimestamp ? line.substr(kTimestamp) : line;
}

inline size_t count_of(const std::string& text, const std::string& what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++count;
  return count;
}

}  // namespace zdm::test
