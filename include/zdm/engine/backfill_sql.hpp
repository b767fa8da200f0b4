#pragma once
// The SQL of one backfill chunk. Keyset paging: the key of the chunk's last row, found by
// walking the key's index from the cursor (never by counting from the start of the
// table, so a sparse key gives chunks of the same number of rows), then the UPDATE of
// the rows after the cursor up to that key. Page paging (PostgreSQL tables without a
// key): the UPDATE of the rows on a run of pages. Every chunk stays inside its thread's
// range (backfill/key_ranges.hpp).

#include <optional>
#include <string>
#include <vector>

#include "zdm/backfill/key_ranges.hpp"
#include "zdm/db/dialect.hpp"
#include "zdm/engine/user_sql.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::engine {

using KeyValues = std::vector<std::string>;

// SELECT <key> FROM <table> WHERE [key > after] AND <in range> ORDER BY <key>
// LIMIT 1 OFFSET rows-1
BoundSql chunk_end_query(const db::Dialect& dialect, const std::string& table,
                         const std::vector<std::string>& key, const backfill::KeyRange& range,
                         const std::optional<KeyValues>& after, long long rows);

// SELECT <key> FROM <table> WHERE [key > after] AND <in range> ORDER BY <key> DESC LIMIT 1:
// where a copy's last chunk in the range ends.
BoundSql last_key_query(const db::Dialect& dialect, const std::string& table,
                        const std::vector<std::string>& key, const backfill::KeyRange& range,
                        const std::optional<KeyValues>& after);

// SELECT count(*) FROM <table> WHERE [key > after] AND <in range>: for the range's last,
// partial chunk only (it walks fewer rows than one chunk).
BoundSql rows_left_query(const db::Dialect& dialect, const std::string& table,
                         const std::vector<std::string>& key, const backfill::KeyRange& range,
                         const std::optional<KeyValues>& after);

// UPDATE <table> SET c = (expr), ... WHERE [key > after] AND [key <= up_to] AND <in range>
// AND [(where)] AND (c differs from (expr) OR ...)
BoundSql keyset_chunk_update(const db::Dialect& dialect, const plan::BackfillTable& backfill,
                             const std::vector<std::string>& key, const backfill::KeyRange& range,
                             const std::optional<KeyValues>& after,
                             const std::optional<KeyValues>& up_to);

// method: copy: the chunk's rows copied (<copy.chunk_insert> WHERE [key > after] AND
// [key <= up_to] AND <in range> <copy.chunk_suffix>), after a statement that locks them
// (<copy.chunk_lock> WHERE … <copy.lock_suffix>) when the copy has one; in this order.
std::vector<BoundSql> keyset_chunk_copy(const db::Dialect& dialect, const db::TableCopy& copy,
                                        const std::vector<std::string>& key,
                                        const backfill::KeyRange& range,
                                        const std::optional<KeyValues>& after,
                                        const std::optional<KeyValues>& up_to);

// UPDATE <table> SET ... WHERE <on pages first..end-1> AND [(where)] AND (c differs ...)
BoundSql page_chunk_update(const db::Dialect& dialect, const plan::BackfillTable& backfill,
                           long long first_page, long long end_page);

}  // namespace zdm::engine
