#include "zdm/engine/backfill_copy.hpp"

#include <algorithm>

#include "zdm/backfill/copy_room.hpp"
#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/statement_runner.hpp"

namespace zdm::engine {

namespace {

constexpr const char* kPhase = "backfill";

db::TableCopy copy_of(RunContext& ctx, const plan::BackfillTable& entry,
                      const TablePaging& paging) {
  const auto schema = ctx.dialect.describe_table(ctx.db, entry.table);
  return ctx.dialect.table_copy(entry, schema, paging.key.key, ctx.plan.sync_on(entry.table),
                                ctx.plan.name);
}

bool started(const TablePaging& paging) {
  return std::any_of(paging.ranges.begin(), paging.ranges.end(),
                     [](const CheckpointRecord& r) { return r.done || r.last_key.has_value(); });
}

bool exists(RunContext& ctx, const std::string& table) {
  return ctx.dialect.describe_table(ctx.db, table).exists;
}

// The triggers under the table's lock; the lock is let go whatever happens.
void create_triggers(RunContext& ctx, const plan::BackfillTable& entry, const db::TableCopy& copy) {
  run_statement(ctx, kPhase, copy.lock, entry.table);
  try {
    run_statements(ctx, kPhase, copy.keep_in_step, entry.table);
  } catch (...) {
    ctx.db.execute(copy.unlock);
    throw;
  }
  ctx.db.execute(copy.unlock);
}

}  // namespace

std::vector<std::string> copy_refusals(RunContext& ctx, const plan::BackfillTable& entry,
                                       CopyStage stage) {
  if (entry.method != plan::BackfillMethod::copy)
    return {};
  if (!ctx.dialect.describe_table(ctx.db, entry.table).exists)
    return {};
  auto refusals = ctx.dialect.copy_refusals(ctx.db, entry, ctx.plan.name);
  if (stage == CopyStage::resuming || !refusals.empty())
    return refusals;
  const auto room = ctx.dialect.copy_room(ctx.db, entry.table);
  if (const auto short_of_room = backfill::copy_room_refusal(entry.table, room))
    refusals.push_back(*short_of_room);
  else if (!room.free_bytes && stage == CopyStage::planned)
    ctx.log.event(kPhase, "warning", backfill::copy_room_unknown(entry.table, room),
                  {{"table", entry.table}});
  return refusals;
}

std::string copy_refusal_message(const plan::BackfillTable& entry,
                                 const std::vector<std::string>& refusals) {
  std::string message = "backfill of " + entry.table + ": method: copy cannot be used:";
  for (const auto& refusal : refusals)
    message += "\n  " + refusal;
  return message;
}

db::TableCopy begin_copy(RunContext& ctx, const plan::BackfillTable& entry,
                         const TablePaging& paging) {
  if (const auto refusals =
          copy_refusals(ctx, entry, started(paging) ? CopyStage::resuming : CopyStage::starting);
      !refusals.empty())
    throw runtime_failure(copy_refusal_message(entry, refusals), kCopyRefusalHint);
  db::TableCopy copy = copy_of(ctx, entry, paging);
  if (!started(paging)) {
    run_statements(ctx, kPhase, copy.start, entry.table);
    create_triggers(ctx, entry, copy);
  } else if (exists(ctx, copy.shadow)) {
    create_triggers(ctx, entry, copy);
  } else {
    throw runtime_failure("backfill of " + entry.table +
                              ": the checkpoint says rows were copied, but the copy " +
                              copy.shadow + " is gone",
                          "run zdm rollback --to backfill, then zdm apply: the copy starts over");
  }
  ctx.log.event(kPhase, "copy_started",
                entry.table + ": copying into " + copy.shadow + ", kept in step by triggers",
                {{"table", entry.table}, {"copy", copy.shadow}, {"resumed", started(paging)}});
  return copy;
}

void finish_copy(RunContext& ctx, const plan::BackfillTable& entry, const TablePaging& paging) {
  db::TableCopy copy = copy_of(ctx, entry, paging);
  if (exists(ctx, copy.shadow)) {
    auto swap = copy.swap;
    if (auto carry = ctx.dialect.carry_auto_increment(ctx.db, copy, entry.table))
      swap.insert(swap.end() - 1, std::move(*carry));
    run_statements(ctx, kPhase, swap, entry.table);
    ctx.log.event(kPhase, "copy_swapped",
                  entry.table + ": the copy is the table now; dropping the original",
                  {{"table", entry.table}, {"retired", copy.retired}});
  }
  run_statements(ctx, kPhase, copy.finish, entry.table);
}

}  // namespace zdm::engine
