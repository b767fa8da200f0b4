#pragma once
// How one table's backfill pages through it, fixed when the backfill starts and recorded
// with its checkpoints, so that a resumed run reads every cursor the same way.

#include <optional>
#include <stdexcept>
#include <vector>

#include "zdm/backfill/key_choice.hpp"
#include "zdm/engine/run_context.hpp"

namespace zdm::engine {

struct TablePaging {
  backfill::KeyChoice key;
  std::vector<CheckpointRecord> ranges;
  // The key's first column's smallest and largest value (an integer key), or the pages
  // [0, pages): what share of the table the cursors have passed, for progress.
  std::optional<long long> span_min;
  std::optional<long long> span_max;
  double rows_per_page = 1;  // page paging: the catalog's average
  // Page paging: the table's file the pages are of (Dialect::table_file); none in
  // checkpoints recorded before zdm read it.
  std::optional<std::string> table_file;
};

// The table was rewritten during a backfill by pages: its rows have new ctids, and the
// pages the cursors passed may now hold rows not filled yet.
struct TableRewritten : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The key to use (backfill/key_choice.hpp), or a refusal naming the fix (exit 2) when the
// table has none that works. Nullopt when the table does not exist yet.
std::optional<backfill::KeyChoice> checked_key(RunContext& ctx,
                                               const plan::BackfillTable& backfill);

// The recorded paging of a backfill already started; else chooses the key, splits the
// table into `threads` ranges and records them.
TablePaging prepare_paging(RunContext& ctx, const plan::BackfillTable& backfill);

// Page paging: throws TableRewritten when the table's file is no longer the one its pages
// were recorded of. Called inside a chunk's transaction after its UPDATE, whose lock keeps
// a rewrite out until the chunk commits.
void check_not_rewritten(db::Connection& connection, const db::Dialect& dialect,
                         const std::string& table, const TablePaging& paging);

// A sweep by pages that a rewrite overtook starts again from the first page: the table's
// ranges are recorded anew, the rows updated so far carried over to the first.
TablePaging restart_paging(RunContext& ctx, const plan::BackfillTable& backfill);

// The cursor's position on the span (the key's first value or the next page); nullopt
// before the first chunk or for a key that is not an integer.
std::optional<long long> cursor_position(const CheckpointRecord& range);

}  // namespace zdm::engine
