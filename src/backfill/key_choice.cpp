#include "zdm/backfill/key_choice.hpp"

#include <algorithm>

namespace zdm::backfill {

namespace {

std::string column_list(const std::vector<std::string>& columns) {
  std::string out;
  for (size_t i = 0; i < columns.size(); ++i)
    out += (i ? ", " : "") + columns[i];
  return out;
}

bool is_partial(const db::IndexSchema& index) {
  return index.definition.find(" WHERE ") != std::string::npos;
}

bool all_not_null(const db::TableSchema& table, const std::vector<std::string>& columns) {
  return std::all_of(columns.begin(), columns.end(), [&](const std::string& name) {
    const db::ColumnSchema* column = table.column(name);
    return column != nullptr && !column->nullable;
  });
}

// A unique index every row has exactly one entry in: valid, over the whole table, and
// with no NULLs (NULLs are distinct from one another, so they would repeat).
bool identifies_rows(const db::TableSchema& table, const db::IndexSchema& index) {
  return (index.primary || index.unique) && index.valid && !is_partial(index) &&
         !index.columns.empty() && all_not_null(table, index.columns);
}

std::string index_label(const db::IndexSchema& index) {
  return index.primary ? "primary key" : "unique index " + index.name;
}

std::variant<KeyChoice, KeyProblem> requested_key(const db::TableSchema& table,
                                                  const std::vector<std::string>& requested) {
  std::vector<std::string> sorted_request = requested;
  std::sort(sorted_request.begin(), sorted_request.end());
  for (const auto& index : table.indexes) {
    std::vector<std::string> sorted_index = index.columns;
    std::sort(sorted_index.begin(), sorted_index.end());
    if (sorted_index != sorted_request || !(index.primary || index.unique))
      continue;
    if (!identifies_rows(table, index)) {
      return KeyProblem{"backfill key (" + column_list(requested) + ") of " + table.table + ": " +
                            index_label(index) +
                            " allows NULLs or covers only part of the table, so rows could be "
                            "skipped",
                        "make its columns NOT NULL, or name another key"};
    }
    if (index.columns != requested) {
      return KeyProblem{"backfill key (" + column_list(requested) + ") of " + table.table +
                            " is not in the order of " + index_label(index),
                        "write key: [" + column_list(index.columns) +
                            "] so that each chunk is read in index order"};
    }
    return KeyChoice{Paging::keyset, index.columns, index_label(index)};
  }
  return KeyProblem{"backfill key (" + column_list(requested) + ") of " + table.table +
                        " is not the primary key nor a unique index",
                    "name the columns of the primary key or of a unique index over NOT NULL "
                    "columns, in index order"};
}

// The primary key, else the unique index with the fewest columns.
const db::IndexSchema* best_index(const db::TableSchema& table) {
  const db::IndexSchema* best = nullptr;
  for (const auto& index : table.indexes) {
    if (!identifies_rows(table, index))
      continue;
    if (index.primary)
      return &index;
    if (best == nullptr || index.columns.size() < best->columns.size())
      best = &index;
  }
  return best;
}

}  // namespace

std::variant<KeyChoice, KeyProblem> choose_key(const db::TableSchema& table,
                                               const std::vector<std::string>& requested,
                                               bool pages_supported) {
  if (!requested.empty())
    return requested_key(table, requested);
  if (const db::IndexSchema* index = best_index(table))
    return KeyChoice{Paging::keyset, index->columns, index_label(*index)};
  if (pages_supported)
    return KeyChoice{Paging::pages, {}, "ctid pages (no primary key or unique NOT NULL key)"};
  return KeyProblem{"table " + table.table +
                        " has no primary key and no unique index over NOT NULL columns, so the "
                        "backfill cannot page through it without skipping or repeating rows",
                    "add a primary key first (e.g. an expand step: sql: {up: \"ALTER TABLE " +
                        table.table +
                        " ADD COLUMN id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY\"}), or a "
                        "unique index over NOT NULL columns and name it with key: [...]"};
}

}  // namespace zdm::backfill
