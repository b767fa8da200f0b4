#pragma once
// Which rows order a backfill: the plan's `key:` (the columns of the primary key or of a
// unique index over NOT NULL columns, in the index's order), else the primary key, else
// the narrowest such unique index, else the table's physical row order (PostgreSQL ctid
// pages) where the server has one. Anything else could skip or repeat rows.

#include <string>
#include <variant>
#include <vector>

#include "zdm/db/table_schema.hpp"

namespace zdm::backfill {

enum class Paging { keyset, pages };

struct KeyChoice {
  Paging paging = Paging::keyset;
  std::vector<std::string> key;  // keyset: the key's columns, in index order
  std::string source;            // for the log: "primary key", "unique index idx_x", "ctid pages"
};

struct KeyProblem {
  std::string message;
  std::string hint;
};

// `requested`: the plan's key (empty: choose). `pages_supported`: the dialect can page
// through physical row ranges.
std::variant<KeyChoice, KeyProblem> choose_key(const db::TableSchema& table,
                                               const std::vector<std::string>& requested,
                                               bool pages_supported);

}  // namespace zdm::backfill
