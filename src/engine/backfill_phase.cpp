// backfill: fill the new shape chunk by chunk. Each chunk and its checkpoint commit in one
// transaction, so a killed run neither loses nor repeats a chunk. The chunk size adapts
// toward chunk.target_time (backfill/chunk_sizer.hpp); throttle.max_rows_per_second is
// kept between chunks (backfill/row_rate_limit.hpp).
#include <algorithm>
#include <chrono>

#include "zdm/backfill/chunk_sizer.hpp"
#include "zdm/backfill/row_rate_limit.hpp"
#include "zdm/engine/backfill_sql.hpp"
#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/phases.hpp"
#include "zdm/engine/retry.hpp"
#include "zdm/engine/stop_signal.hpp"
#include "zdm/engine/transaction.hpp"

namespace zdm::engine {

namespace {

constexpr const char* kPhase = "backfill";
constexpr long long kDefaultChunkRows = 1000;
constexpr auto kProgressEvery = std::chrono::seconds(5);

std::optional<KeyValues> parse_key(const std::optional<std::string>& json) {
  if (!json)
    return std::nullopt;
  return nlohmann::json::parse(*json).get<KeyValues>();
}

std::vector<std::string> backfill_key(RunContext& ctx, const plan::BackfillTable& backfill) {
  if (!backfill.key.empty())
    return backfill.key;
  const auto schema = ctx.dialect.describe_table(ctx.db, backfill.table);
  if (!schema.exists) {
    throw runtime_failure("backfill: table " + backfill.table + " does not exist",
                          "check the table name in the plan");
  }
  auto key = schema.primary_key();
  if (key.empty()) {
    throw runtime_failure("backfill: table " + backfill.table + " has no primary key",
                          "name a unique NOT NULL key with key: [column, ...]");
  }
  return key;
}

// The key of the chunk's last row; nullopt when fewer than `rows` rows are left.
std::optional<KeyValues> find_chunk_end(RunContext& ctx, const plan::BackfillTable& backfill,
                                        const std::vector<std::string>& key,
                                        const std::optional<KeyValues>& lower, long long rows) {
  const BoundSql query = chunk_end_query(ctx.dialect, backfill.table, key, lower, rows);
  const auto found = ctx.db.query(query.sql, query.params);
  if (found.empty())
    return std::nullopt;
  KeyValues values;
  for (const auto& value : found.front())
    values.push_back(value.value_or(""));
  return values;
}

// Updates one chunk and moves the checkpoint in the same transaction.
long long run_chunk(RunContext& ctx, const plan::BackfillTable& backfill,
                    const std::vector<std::string>& key, CheckpointRecord& checkpoint,
                    const std::optional<KeyValues>& lower, const std::optional<KeyValues>& upper) {
  const BoundSql update = chunk_update(ctx.dialect, backfill, key, lower, upper);
  long long changed = 0;
  CheckpointRecord next = checkpoint;
  in_transaction(ctx.db, ctx.dialect, [&] {
    changed = ctx.db.run(update.sql, update.params).affected_rows;
    next.rows_done += changed;
    if (upper)
      next.last_key = nlohmann::json(*upper).dump();
    next.done = !upper.has_value();
    ctx.state.save_checkpoint(ctx.plan.name, next);
  });
  checkpoint = next;
  return changed;
}

void report_progress(RunContext& ctx, const plan::BackfillTable& backfill,
                     const CheckpointRecord& checkpoint, std::optional<long long> estimate,
                     double rows_per_second, long long chunk_rows) {
  std::string message = backfill.table + ": " + std::to_string(checkpoint.rows_done) + " rows";
  if (estimate && *estimate > 0) {
    message += " of ~" + std::to_string(*estimate) + " (" +
               std::to_string(std::min<long long>(100, checkpoint.rows_done * 100 / *estimate)) +
               "%)";
  }
  message += ", " + std::to_string(static_cast<long long>(rows_per_second)) +
             " rows/s, chunks of " + std::to_string(chunk_rows);
  ctx.log.event(kPhase, "progress", message,
                {{"table", backfill.table},
                 {"rows_done", checkpoint.rows_done},
                 {"rows_estimate", estimate ? nlohmann::json(*estimate) : nullptr},
                 {"rows_per_second", rows_per_second},
                 {"chunk_rows", chunk_rows}});
}

void backfill_table(RunContext& ctx, const plan::BackfillTable& backfill) {
  auto checkpoint = ctx.state.checkpoint(ctx.plan.name, backfill.table)
                        .value_or(CheckpointRecord{backfill.table, std::nullopt, 0, false});
  if (checkpoint.done)
    return;
  const auto key = backfill_key(ctx, backfill);
  backfill::ChunkSizer sizer(backfill.chunk.target_time, backfill.chunk.min_rows,
                             backfill.chunk.max_rows, kDefaultChunkRows);
  const auto estimate = ctx.dialect.estimate_rows(ctx.db, backfill.table);
  ctx.log.event(kPhase, "table_started",
                backfill.table + ": backfilling on key (" + nlohmann::json(key).dump() +
                    "), chunks of " + std::to_string(sizer.rows()) +
                    " rows to start, sized toward " +
                    std::to_string(backfill.chunk.target_time.count()) + " ms each" +
                    (checkpoint.last_key ? ", resuming after " + *checkpoint.last_key : ""),
                {{"table", backfill.table}, {"chunk_rows", sizer.rows()}});
  const auto started = std::chrono::steady_clock::now();
  const long long rows_at_start = checkpoint.rows_done;
  auto last_report = started;
  auto last_throttle_note = started - kProgressEvery;
  backfill::RowRateLimit rate_limit(backfill.throttle.max_rows_per_second);
  const RetryPolicy policy = retry_policy(ctx.plan.settings);
  while (!checkpoint.done) {
    throw_if_stopped();
    const auto chunk_started = std::chrono::steady_clock::now();
    long long covered = 0;  // key positions the chunk spanned; 0 for the last, partial one
    long long written = 0;
    with_retries(
        policy, ctx.dialect,
        [&] {
          const auto lower = parse_key(checkpoint.last_key);
          const auto upper = find_chunk_end(ctx, backfill, key, lower, sizer.rows());
          written = run_chunk(ctx, backfill, key, checkpoint, lower, upper);
          covered = upper ? sizer.rows() : 0;
        },
        [&](int attempt, const db::DbError& error, std::chrono::milliseconds wait) {
          ctx.log.event(kPhase, "retry",
                        backfill.table + ": chunk attempt " + std::to_string(attempt) +
                            " failed (" + error.what() + "); retrying in " +
                            std::to_string(wait.count()) + " ms");
        });
    const auto now = std::chrono::steady_clock::now();
    sizer.record(covered,
                 std::chrono::duration_cast<std::chrono::microseconds>(now - chunk_started));
    if (const auto wait = rate_limit.wait_after(written, now); wait.count() > 0) {
      if (now - last_throttle_note >= kProgressEvery) {
        ctx.log.event(kPhase, "throttled",
                      backfill.table + ": throttled by max_rows_per_second " +
                          std::to_string(backfill.throttle.max_rows_per_second),
                      {{"table", backfill.table}, {"reason", "max_rows_per_second"}});
        last_throttle_note = now;
      }
      sleep_or_stop(wait);
    }
    if (now - last_report >= kProgressEvery || checkpoint.done) {
      const double seconds = std::chrono::duration<double>(now - started).count();
      report_progress(ctx, backfill, checkpoint, estimate,
                      seconds > 0 ? (checkpoint.rows_done - rows_at_start) / seconds : 0,
                      sizer.rows());
      last_report = now;
    }
  }
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
