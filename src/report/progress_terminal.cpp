#include "zdm/report/progress_terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "zdm/report/progress_line.hpp"

namespace zdm::report {

namespace {

constexpr const char* kEraseToEndOfLine = "\x1b[K";

}  // namespace

ProgressTerminal::ProgressTerminal(std::ostream& out, std::function<int()> columns)
    : out_(out), columns_(std::move(columns)) {}

// A run that stops mid-table (error, interrupt) leaves its last bar and a fresh line for
// whatever is printed next.
ProgressTerminal::~ProgressTerminal() {
  if (on_screen_)
    out_ << "\n" << std::flush;
}

void ProgressTerminal::draw(const engine::BackfillProgress& progress) {
  if (on_screen_ && on_screen_->table != progress.table)
    out_ << "\n";  // keep the previous table's last bar rather than overwrite it
  write_line(progress);
  if (progress.done) {
    out_ << "\n";
    on_screen_.reset();
  } else {
    on_screen_ = progress;
  }
  out_ << std::flush;
}

void ProgressTerminal::clear() {
  if (on_screen_)
    out_ << "\r" << kEraseToEndOfLine << std::flush;
}

void ProgressTerminal::restore() {
  if (on_screen_) {
    write_line(*on_screen_);
    out_ << std::flush;
  }
}

// One column short of the width: writing the last column makes some terminals wrap.
void ProgressTerminal::write_line(const engine::BackfillProgress& progress) {
  out_ << "\r" << progress_bar_line(progress, columns_() - 1) << kEraseToEndOfLine;
}

bool stderr_is_terminal() {
  const char* term = std::getenv("TERM");
  return isatty(STDERR_FILENO) == 1 && !(term != nullptr && std::strcmp(term, "dumb") == 0);
}

int stderr_columns() {
  winsize size{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  return 80;
}

}  // namespace zdm::report
