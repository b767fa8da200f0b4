#pragma once
// One range of one table's backfill, chunk after chunk, on one connection. Each chunk and
// the range's checkpoint commit in one transaction, so a killed run neither loses nor
// repeats a chunk. The chunk size adapts toward chunk.target_time
// (backfill/chunk_sizer.hpp).

#include "zdm/engine/backfill_control.hpp"
#include "zdm/engine/backfill_paging.hpp"

namespace zdm::engine {

struct RangeWorker {
  db::Connection& db;
  StateStore& state;  // on `db`: the checkpoint commits with the chunk
  const db::Dialect& dialect;
  const plan::Plan& plan;
  const plan::BackfillTable& backfill;
  const TablePaging& paging;
  BackfillControl& control;
  const db::TableCopy* copy;  // method: copy; null when the chunks update in place
};

// Works `range` until it is done; the record follows the committed checkpoint.
void work_range(const RangeWorker& worker, CheckpointRecord& range);

}  // namespace zdm::engine
