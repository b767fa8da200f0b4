#include "zdm/report/progress_line.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <optional>
#include <vector>

#include "zdm/util/human_text.hpp"

namespace zdm::report {

namespace {

using engine::BackfillProgress;
using util::group_thousands;

// How much each part of the bar line is worth on a narrow terminal: the lowest goes first.
enum Keep : int {
  kThreads = 10,
  kChunk = 20,
  kUpdated = 30,
  kRate = 40,
  kEta = 45,
  kBar = 50,
  kPercent = 60,
  kCount = 70,
  kPaused = 80,
  kDone = 90,
};

constexpr int kMinBarCells = 10;
constexpr int kMaxBarCells = 30;
constexpr int kBarFrame = 3;  // " [" and "]"

// The share already done; none while the total is unknown. An estimate can fall short of
// what was scanned: until the last chunk that reads as nearly done, never as 100 %.
std::optional<double> fraction_done(const BackfillProgress& p) {
  if (p.done)
    return 1.0;
  if (!p.rows_total || *p.rows_total <= 0)
    return std::nullopt;
  return std::min(0.99, static_cast<double>(p.rows_scanned) / static_cast<double>(*p.rows_total));
}

std::string percent_text(double fraction) {
  return std::to_string(static_cast<int>(fraction * 100)) + "%";
}

// "~1,000,000": the estimate, raised to what was already scanned when it fell short.
std::string total_text(const BackfillProgress& p) {
  return "~" + group_thousands(std::max(p.rows_total.value_or(0), p.rows_scanned));
}

std::optional<std::string> rate_text(const BackfillProgress& p) {
  if (!(p.rows_per_second > 0) || !std::isfinite(p.rows_per_second))
    return std::nullopt;
  return group_thousands(std::llround(p.rows_per_second)) + " rows/s";
}

// None once done, while nothing moves, and for an estimate too large to mean anything.
std::optional<std::string> eta_text(const BackfillProgress& p) {
  constexpr double kLongestSeconds = 1e9;
  if (p.done || !p.eta_seconds || !rate_text(p))
    return std::nullopt;
  const double eta = *p.eta_seconds;
  if (!std::isfinite(eta) || eta < 0 || eta > kLongestSeconds)
    return std::nullopt;
  const auto seconds = std::chrono::seconds(static_cast<long long>(std::ceil(eta)));
  return "ETA " + util::format_remaining(seconds);
}

// One piece of the bar line, with the separator in front of it.
struct Part {
  std::string text;
  int keep;
};

struct BarLayout {
  std::string name;
  std::optional<double> bar;  // the fraction the bar shows; none: no bar
  std::vector<Part> parts;    // after the bar, in reading order
};

BarLayout bar_layout(const BackfillProgress& p) {
  BarLayout layout{p.table, fraction_done(p), {}};
  const auto add = [&](std::string text, int keep) {
    layout.parts.push_back({std::move(text), keep});
  };
  if (layout.bar)
    add(" " + percent_text(*layout.bar), kPercent);
  const bool show_total = !p.done && layout.bar;
  add(" " + group_thousands(p.rows_scanned) + (show_total ? "/" + total_text(p) : "") + " rows",
      kCount);
  if (p.done)
    add("  " + group_thousands(p.rows_updated) + " updated", kUpdated);
  if (const auto rate = rate_text(p))
    add("  " + *rate, kRate);
  if (!p.done)
    add("  chunk " + group_thousands(p.chunk_rows), kChunk);
  if (!p.done && p.threads > 1)
    add("  " + std::to_string(p.threads) + " threads", kThreads);
  if (const auto eta = eta_text(p))
    add("  " + *eta, kEta);
  if (!p.throttle_reason.empty())
    add("  paused: " + p.throttle_reason, kPaused);
  if (p.done)
    add("  done", kDone);
  return layout;
}

int length_without_bar(const BarLayout& layout) {
  size_t length = layout.name.size();
  for (const auto& part : layout.parts)
    length += part.text.size();
  return static_cast<int>(std::min<size_t>(length, INT_MAX / 2));
}

bool fits(const BarLayout& layout, int width) {
  const int bar = layout.bar ? kBarFrame + kMinBarCells : 0;
  return length_without_bar(layout) + bar <= width;
}

// Leaves out the least useful part; the bar counts as one.
void drop_least_useful(BarLayout& layout) {
  const auto lowest =
      std::min_element(layout.parts.begin(), layout.parts.end(),
                       [](const Part& a, const Part& b) { return a.keep < b.keep; });
  if (layout.bar && (lowest == layout.parts.end() || lowest->keep > kBar))
    layout.bar.reset();
  else if (lowest != layout.parts.end())
    layout.parts.erase(lowest);
}

std::string bar_text(double fraction, int cells) {
  const int filled = static_cast<int>(fraction * cells);  // rounded down: full only when done
  return " [" + std::string(filled, '#') + std::string(cells - filled, '.') + "]";
}

}  // namespace

std::string progress_bar_line(const BackfillProgress& progress, int width) {
  width = std::max(0, width);
  BarLayout layout = bar_layout(progress);
  while (!fits(layout, width) && (layout.bar || !layout.parts.empty()))
    drop_least_useful(layout);
  std::string line = layout.name;
  if (layout.bar) {
    const int room = width - length_without_bar(layout) - kBarFrame;
    line += bar_text(*layout.bar, std::clamp(room, kMinBarCells, kMaxBarCells));
  }
  for (const auto& part : layout.parts)
    line += part.text;
  if (line.size() > static_cast<size_t>(width))
    line.resize(width);  // only a table name longer than the terminal gets here
  return line;
}

std::string progress_log_text(const BackfillProgress& progress) {
  const auto& p = progress;
  std::string text = p.table + ": ";
  if (p.done)
    text += "done, " + group_thousands(p.rows_scanned) + " rows (" +
            group_thousands(p.rows_updated) + " updated)";
  else if (const auto fraction = fraction_done(p))
    text += group_thousands(p.rows_scanned) + " of " + total_text(p) + " rows (" +
            percent_text(*fraction) + ")";
  else
    text += group_thousands(p.rows_scanned) + " rows";
  if (const auto rate = rate_text(p))
    text += ", " + *rate;
  if (!p.done)
    text += ", chunks of " + group_thousands(p.chunk_rows);
  if (!p.done && p.threads > 1)
    text += " over " + std::to_string(p.threads) + " threads";
  if (const auto eta = eta_text(p))
    text += ", " + *eta;
  if (!p.throttle_reason.empty())
    text += ", throttled: " + p.throttle_reason;
  return text;
}

}  // namespace zdm::report
