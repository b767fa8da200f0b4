// backfill: fill the new shape table by table. Each table is paged by its key (or, on
// PostgreSQL, by ctid pages when it has none) in one range, or in `threads` disjoint
// ranges worked at the same time, each with its own connection and checkpoint.
#include <algorithm>
#include <thread>

#include "zdm/engine/backfill_control.hpp"
#include "zdm/engine/backfill_copy.hpp"
#include "zdm/engine/backfill_worker.hpp"
#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/phases.hpp"
#include "zdm/engine/running_workers.hpp"
#include "zdm/engine/work_session.hpp"

namespace zdm::engine {

namespace {

constexpr const char* kPhase = "backfill";
constexpr auto kCoordinatorTick = std::chrono::milliseconds(250);
// Rewrites that overtake a sweep by pages before the phase gives up: a table rewritten
// over and over (a pg_repack loop) would never let a sweep finish.
constexpr int kMostSweepRestarts = 3;

std::string started_message(const plan::BackfillTable& entry, const TablePaging& paging) {
  std::string message = entry.table + ": backfilling by " + paging.key.source;
  if (paging.key.paging == backfill::Paging::keyset)
    message += " (" + nlohmann::json(paging.key.key).dump() + ")";
  message += ", chunks sized toward " + std::to_string(entry.chunk.target_time.count()) + " ms";
  if (paging.ranges.size() > 1)
    message += ", " + std::to_string(paging.ranges.size()) + " ranges on as many threads";
  if (paging.ranges.front().last_key || paging.ranges.front().done)
    message += ", resuming from the checkpoint";
  return message;
}

// One range on its own thread and connection; a failure stops the other workers.
void work_range_on_own_connection(RunContext& ctx, const plan::BackfillTable& entry,
                                  const TablePaging& paging, BackfillControl& control,
                                  const db::TableCopy* copy, CheckpointRecord range) {
  try {
    auto connection = work_session(ctx.plan.settings, ctx.dialect, db::connect(*ctx.dsn));
    StateStore state(*connection, ctx.dialect);
    work_range({*connection, state, ctx.dialect, ctx.plan, entry, paging, control, copy}, range);
  } catch (const BackfillCancelled&) {
  } catch (...) {
    control.fail(std::current_exception());
  }
}

void work_ranges_in_parallel(RunContext& ctx, const plan::BackfillTable& entry,
                             const TablePaging& paging, BackfillControl& control,
                             const db::TableCopy* copy) {
  std::vector<std::thread> workers;
  RunningWorkers running;
  for (const auto& range : paging.ranges) {
    if (range.done)
      continue;
    running.started();
    workers.emplace_back([&, range] {
      work_range_on_own_connection(ctx, entry, paging, control, copy, range);
      running.finished();
    });
  }
  do {
    try {
      control.tick();
    } catch (...) {
      control.fail(std::current_exception());
    }
  } while (!running.all_finished_within(kCoordinatorTick));
  for (auto& worker : workers)
    worker.join();
  control.rethrow_failure();
}

void work_table(RunContext& ctx, const plan::BackfillTable& entry, const TablePaging& paging,
                const db::TableCopy* copy) {
  ctx.log.event(kPhase, "table_started", started_message(entry, paging),
                {{"table", entry.table},
                 {"key", paging.key.key},
                 {"paging", paging.key.paging == backfill::Paging::pages ? "pages" : "keyset"},
                 {"method", copy ? "copy" : "update"},
                 {"ranges", paging.ranges.size()}});
  const bool parallel = paging.ranges.size() > 1 && ctx.dsn != nullptr;
  BackfillControl control(ctx, entry, paging, !parallel);
  try {
    if (parallel) {
      work_ranges_in_parallel(ctx, entry, paging, control, copy);
    } else {
      for (auto range : paging.ranges)
        work_range({ctx.db, ctx.state, ctx.dialect, ctx.plan, entry, paging, control, copy}, range);
    }
  } catch (...) {
    control.finish(false);
    throw;
  }
  control.finish(true);
}

// A sweep by ctid pages starts again when the table is rewritten under it: rows already
// filled are skipped, so the new sweep writes only what the rewrite moved behind the cursor.
void sweep_pages(RunContext& ctx, const plan::BackfillTable& entry, TablePaging& paging) {
  for (int restarts = 0;; ++restarts) {
    try {
      work_table(ctx, entry, paging, nullptr);
      return;
    } catch (const TableRewritten& rewritten) {
      if (restarts == kMostSweepRestarts) {
        throw runtime_failure(
            std::string(rewritten.what()) + ", " + std::to_string(restarts + 1) + " times",
            "let the table's rewrites finish, then run zdm apply again");
      }
      ctx.log.event(kPhase, "table_rewritten",
                    std::string(rewritten.what()) +
                        ": its rows moved to other pages; the sweep starts again from the "
                        "first page, skipping the rows already filled",
                    {{"table", entry.table}});
      paging = restart_paging(ctx, entry);
    }
  }
}

void backfill_table(RunContext& ctx, const plan::BackfillTable& entry) {
  TablePaging paging = prepare_paging(ctx, entry);
  const bool by_copy = entry.method == plan::BackfillMethod::copy;
  const bool all_done = std::all_of(paging.ranges.begin(), paging.ranges.end(),
                                    [](const CheckpointRecord& range) { return range.done; });
  if (!all_done && !by_copy && paging.key.paging == backfill::Paging::pages) {
    sweep_pages(ctx, entry, paging);
  } else if (!all_done) {
    std::optional<db::TableCopy> copy;
    if (by_copy)
      copy = begin_copy(ctx, entry, paging);
    work_table(ctx, entry, paging, copy ? &*copy : nullptr);
  }
  if (by_copy)
    finish_copy(ctx, entry, paging);
}

}  // namespace

void run_backfill(RunContext& ctx, PhaseRecord& record) {
  const auto& tables = ctx.plan.backfill->tables;
  for (size_t i = 0; i < tables.size(); ++i) {
    if (record.steps_done > static_cast<int>(i))
      continue;
    try {
      backfill_table(ctx, tables[i]);
    } catch (const db::DbError& error) {
      fail_phase(ctx, error, "backfill of " + tables[i].table + " failed",
                 "the checkpoint is kept: run zdm apply again to resume");
    }
    record.steps_done = static_cast<int>(i) + 1;
    save_phase(ctx, record);
  }
}

}  // namespace zdm::engine
