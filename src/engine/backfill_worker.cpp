#include "zdm/engine/backfill_worker.hpp"

#include <algorithm>

#include "zdm/backfill/chunk_sizer.hpp"
#include "zdm/engine/backfill_sql.hpp"
#include "zdm/engine/retry.hpp"
#include "zdm/engine/transaction.hpp"

namespace zdm::engine {

namespace {

constexpr long long kDefaultChunkRows = 1000;
// Under max_rows_per_second a chunk takes at most a tenth of a second's rows: short chunks
// spread over the second hold fewer rows at a time than one burst followed by a sleep.
constexpr long long kRateSlices = 10;

long long largest_chunk(const plan::BackfillTable& entry, size_t ranges) {
  const long long rate = entry.throttle.max_rows_per_second;
  if (rate <= 0)
    return entry.chunk.max_rows;
  const long long slice =
      rate / (kRateSlices * static_cast<long long>(std::max<size_t>(1, ranges)));
  return std::min(entry.chunk.max_rows, std::max(entry.chunk.min_rows, slice));
}

std::optional<KeyValues> parse_key(const std::optional<std::string>& json) {
  if (!json)
    return std::nullopt;
  return nlohmann::json::parse(*json).get<KeyValues>();
}

backfill::KeyRange range_of(const CheckpointRecord& record) {
  return {record.range_from, record.range_to};
}

// What one chunk did, for the checkpoint and the chunk sizer.
struct ChunkOutcome {
  long long written = 0;
  long long scanned = 0;
  std::optional<KeyValues> cursor;  // the new last_key
  bool last = false;                // the range is done
};

std::optional<KeyValues> first_row(const std::vector<db::Row>& rows) {
  if (rows.empty())
    return std::nullopt;
  KeyValues values;
  for (const auto& value : rows.front())
    values.push_back(value.value_or(""));
  return values;
}

// The rows left after the cursor in the range: fewer than one chunk, so counting them
// walks at most one chunk of the index.
long long rows_left(const RangeWorker& w, const backfill::KeyRange& range,
                    const std::optional<KeyValues>& after) {
  const BoundSql query =
      rows_left_query(w.dialect, w.backfill.table, w.paging.key.key, range, after);
  const auto rows = w.db.query(query.sql, query.params);
  return rows.empty() ? 0 : std::stoll(rows.front().front().value_or("0"));
}

// The largest key after the cursor in the range, if any.
std::optional<KeyValues> last_key(const RangeWorker& w, const backfill::KeyRange& range,
                                  const std::optional<KeyValues>& after) {
  const BoundSql query =
      last_key_query(w.dialect, w.backfill.table, w.paging.key.key, range, after);
  return first_row(w.db.query(query.sql, query.params));
}

// Keyset: find the chunk's last key through the index, then update (or copy) up to it.
ChunkOutcome keyset_chunk(const RangeWorker& w, const CheckpointRecord& record, long long rows) {
  const auto range = range_of(record);
  const auto after = parse_key(record.last_key);
  const auto& key = w.paging.key.key;
  const BoundSql end = chunk_end_query(w.dialect, w.backfill.table, key, range, after, rows);
  ChunkOutcome outcome;
  outcome.cursor = first_row(w.db.query(end.sql, end.params));
  outcome.last = !outcome.cursor;
  outcome.scanned = outcome.last ? rows_left(w, range, after) : rows;
  if (w.copy) {
    // The range's last chunk ends at the last key there is now: rows inserted after it are
    // the insert trigger's, and a chunk reading on to the end of the table would wait on
    // each (with AUTO_INCREMENT, deadlocking with its trigger, which waits for the chunk's
    // AUTO-INC lock).
    const auto up_to = outcome.last ? last_key(w, range, after) : outcome.cursor;
    const auto copy = keyset_chunk_copy(w.dialect, *w.copy, key, range, after, up_to);
    for (size_t i = 0; i + 1 < copy.size(); ++i)
      w.db.query(copy[i].sql, copy[i].params);
    outcome.written = w.db.run(copy.back().sql, copy.back().params).affected_rows;
    if (outcome.last)
      outcome.cursor = up_to ? up_to : after;
    return outcome;
  }
  const BoundSql update =
      keyset_chunk_update(w.dialect, w.backfill, key, range, after, outcome.cursor);
  outcome.written = w.db.run(update.sql, update.params).affected_rows;
  if (outcome.last)
    outcome.cursor = after;
  return outcome;
}

// Pages: the next run of pages holding about `rows` rows, up to the range's end.
ChunkOutcome page_chunk(const RangeWorker& w, const CheckpointRecord& record, long long rows) {
  const auto cursor = parse_key(record.last_key);
  const long long first = cursor ? std::stoll(cursor->front()) : record.range_from.value_or(0);
  const long long end_of_range = record.range_to.value_or(first);
  const long long pages =
      std::max(1LL, static_cast<long long>(static_cast<double>(rows) / w.paging.rows_per_page));
  const long long end = std::min(first + pages, end_of_range);
  ChunkOutcome outcome;
  if (end > first) {
    const BoundSql update = page_chunk_update(w.dialect, w.backfill, first, end);
    outcome.written = w.db.run(update.sql, update.params).affected_rows;
    check_not_rewritten(w.db, w.dialect, w.backfill.table, w.paging);
  }
  outcome.scanned =
      static_cast<long long>(static_cast<double>(end - first) * w.paging.rows_per_page);
  outcome.cursor = KeyValues{std::to_string(end)};
  outcome.last = end >= end_of_range;
  return outcome;
}

// One chunk and its checkpoint, in one transaction.
ChunkOutcome run_chunk(const RangeWorker& w, CheckpointRecord& record, long long rows) {
  ChunkOutcome outcome;
  CheckpointRecord next = record;
  if (w.copy) {
    for (const auto& statement : w.copy->before_chunk)
      w.db.execute(statement);
  }
  in_transaction(w.db, w.dialect, [&] {
    outcome = w.paging.key.paging == backfill::Paging::pages ? page_chunk(w, record, rows)
                                                             : keyset_chunk(w, record, rows);
    next.rows_done += outcome.written;
    next.rows_scanned += outcome.scanned;
    if (outcome.cursor)
      next.last_key = nlohmann::json(*outcome.cursor).dump();
    next.done = outcome.last;
    w.state.save_checkpoint(w.plan.name, next);
  });
  record = next;
  return outcome;
}

}  // namespace

void work_range(const RangeWorker& w, CheckpointRecord& range) {
  const auto& chunk = w.backfill.chunk;
  backfill::ChunkSizer sizer(chunk, largest_chunk(w.backfill, w.paging.ranges.size()),
                             kDefaultChunkRows);
  const RetryPolicy policy = retry_policy(w.plan.settings);
  w.control.watch_session(w.dialect.session_id(w.db));
  while (!range.done) {
    w.control.wait_turn();
    const auto started = std::chrono::steady_clock::now();
    ChunkOutcome outcome;
    with_retries(
        policy, w.dialect, [&] { outcome = run_chunk(w, range, sizer.rows()); },
        [&](int attempt, const db::DbError& error, std::chrono::milliseconds wait) {
          w.control.note("retry",
                         w.backfill.table + ": chunk attempt " + std::to_string(attempt) +
                             " failed (" + error.what() + "); retrying in " +
                             std::to_string(wait.count()) + " ms",
                         {{"table", w.backfill.table}, {"range", range.range_index}});
        });
    sizer.record(outcome.last ? 0 : outcome.scanned,
                 std::chrono::duration_cast<std::chrono::microseconds>(
                     std::chrono::steady_clock::now() - started),
                 w.control.contended());
    w.control.chunk_committed(range, outcome.written, sizer.rows());
  }
}

}  // namespace zdm::engine
