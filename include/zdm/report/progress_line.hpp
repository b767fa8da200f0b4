#pragma once
// How one table's backfill progress reads: a bar that fits one terminal line, and the same
// facts as a sentence for a log.

#include <string>

#include "zdm/engine/reporter.hpp"

namespace zdm::report {

// "users [#####.....] 45% 450,000/~1,000,000 rows  52,300 rows/s  chunk 10,400  ETA 10s",
// at most `width` characters: parts that do not fit are left out, least useful first.
std::string progress_bar_line(const engine::BackfillProgress& progress, int width);

// "users: 450,000 of ~1,000,000 rows (45%), 52,300 rows/s, chunks of 10,400, ETA 10s".
std::string progress_log_text(const engine::BackfillProgress& progress);

}  // namespace zdm::report
