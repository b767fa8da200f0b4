#pragma once
// The SQL of one backfill chunk, keyset-paginated on the key: the key of the chunk's last
// row (found through the key's index, never by counting), and the UPDATE of the rows
// after the previous chunk up to that key.

#include <optional>
#include <string>
#include <vector>

#include "zdm/db/dialect.hpp"
#include "zdm/engine/user_sql.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::engine {

using KeyValues = std::vector<std::string>;

// SELECT <key> FROM <table> [WHERE key > lower] ORDER BY <key> LIMIT 1 OFFSET rows-1
BoundSql chunk_end_query(const db::Dialect& dialect, const std::string& table,
                         const std::vector<std::string>& key, const std::optional<KeyValues>& lower,
                         long long rows);

// UPDATE <table> SET c = (expr), ... WHERE [key > lower] [AND key <= upper] [AND (where)]
BoundSql chunk_update(const db::Dialect& dialect, const plan::BackfillTable& backfill,
                      const std::vector<std::string>& key, const std::optional<KeyValues>& lower,
                      const std::optional<KeyValues>& upper);

}  // namespace zdm::engine
