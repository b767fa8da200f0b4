#pragma once
// backfill method: copy (MySQL/MariaDB): the table's rows are copied, chunk by chunk, into
// a shadow table that triggers keep in step, which is then swapped in with one RENAME
// TABLE (db::TableCopy). Each step can run again: a killed run resumes the copy from its
// checkpoints, or finishes a swap it had started.

#include <vector>

#include "zdm/db/dialect.hpp"
#include "zdm/engine/backfill_paging.hpp"
#include "zdm/engine/run_context.hpp"

namespace zdm::engine {

enum class CopyStage {
  planned,   // checked before any phase runs
  starting,  // none of the copy made yet
  resuming,  // rows copied before: the room they take is taken already
};

// Why the table's copy could not be swapped in safely (dialect copy_refusals) and, unless
// it is resuming, a disk short of room for it (backfill/copy_room.hpp; when the server does
// not say, a warning event at `planned`); nothing when the backfill updates in place or its
// table does not exist yet.
std::vector<std::string> copy_refusals(RunContext& ctx, const plan::BackfillTable& entry,
                                       CopyStage stage);

// "backfill of <table>: method: copy cannot be used:" and a line per refusal; the fix.
std::string copy_refusal_message(const plan::BackfillTable& entry,
                                 const std::vector<std::string>& refusals);
inline constexpr const char* kCopyRefusalHint =
    "set method: update (the default) on this backfill to fill the table in place";

// Before the first chunk: a fresh copy drops what an earlier start left and creates the
// shadow and its triggers; a resumed one re-creates the triggers over the rows copied.
db::TableCopy begin_copy(RunContext& ctx, const plan::BackfillTable& entry,
                         const TablePaging& paging);

// Every range done: the swap (when the shadow is still there), then the original dropped.
void finish_copy(RunContext& ctx, const plan::BackfillTable& entry, const TablePaging& paging);

}  // namespace zdm::engine
