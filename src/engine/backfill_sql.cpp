#include "zdm/engine/backfill_sql.hpp"

namespace zdm::engine {

namespace {

std::string key_list(const db::Dialect& dialect, const std::vector<std::string>& key) {
  std::string out;
  for (size_t i = 0; i < key.size(); ++i)
    out += (i ? ", " : "") + dialect.quote(key[i]);
  return out;
}

// Appends "(predicate)" with its values bound, numbering placeholders after those bound so far.
void add_condition(const db::KeyPredicate& predicate, const KeyValues& values,
                   std::vector<std::string>& conditions, BoundSql& bound) {
  for (int index : predicate.value_indexes)
    bound.params.push_back(values.at(static_cast<size_t>(index)));
  conditions.push_back("(" + predicate.sql + ")");
}

int next_placeholder(const BoundSql& bound) {
  return static_cast<int>(bound.params.size()) + 1;
}

void add_key_after(const db::Dialect& dialect, const std::vector<std::string>& key,
                   const KeyValues& values, std::vector<std::string>& conditions, BoundSql& bound) {
  add_condition(dialect.key_after(key, next_placeholder(bound)), values, conditions, bound);
}

void add_key_at_most(const db::Dialect& dialect, const std::vector<std::string>& key,
                     const KeyValues& values, std::vector<std::string>& conditions,
                     BoundSql& bound) {
  add_condition(dialect.key_at_most(key, next_placeholder(bound)), values, conditions, bound);
}

// The range's bounds on the key's first column: from < k1 <= to.
void add_range(const db::Dialect& dialect, const std::vector<std::string>& key,
               const backfill::KeyRange& range, std::vector<std::string>& conditions,
               BoundSql& bound) {
  const std::vector<std::string> first = {key.front()};
  if (range.from)
    add_key_after(dialect, first, {std::to_string(*range.from)}, conditions, bound);
  if (range.to)
    add_key_at_most(dialect, first, {std::to_string(*range.to)}, conditions, bound);
}

std::string where_clause(const std::vector<std::string>& conditions) {
  std::string out;
  for (size_t i = 0; i < conditions.size(); ++i)
    out += (i ? " AND " : " WHERE ") + conditions[i];
  return out;
}

// The chunk's rows: after the cursor, up to the chunk's last key, inside the range.
std::vector<std::string> chunk_conditions(const db::Dialect& dialect,
                                          const std::vector<std::string>& key,
                                          const backfill::KeyRange& range,
                                          const std::optional<KeyValues>& after,
                                          const std::optional<KeyValues>& up_to, BoundSql& bound) {
  std::vector<std::string> conditions;
  if (after)
    add_key_after(dialect, key, *after, conditions, bound);
  if (up_to)
    add_key_at_most(dialect, key, *up_to, conditions, bound);
  add_range(dialect, key, range, conditions, bound);
  return conditions;
}

std::string update_of(const db::Dialect& dialect, const plan::BackfillTable& backfill,
                      std::vector<std::string> conditions) {
  if (backfill.where_sql)
    conditions.push_back("(" + *backfill.where_sql + ")");
  // Rows already right (filled by the sync trigger, or by a chunk before a page moved)
  // are neither rewritten nor counted.
  std::string stale;
  for (size_t i = 0; i < backfill.set.size(); ++i)
    stale +=
        (i ? " OR " : "") + dialect.differs(backfill.set[i].column, backfill.set[i].expression);
  conditions.push_back("(" + stale + ")");
  std::string set;
  for (size_t i = 0; i < backfill.set.size(); ++i) {
    set += (i ? ", " : "") + dialect.quote(backfill.set[i].column) + " = (" +
           backfill.set[i].expression + ")";
  }
  return "UPDATE " + dialect.table(backfill.table) + " SET " + set + where_clause(conditions);
}

}  // namespace

BoundSql chunk_end_query(const db::Dialect& dialect, const std::string& table,
                         const std::vector<std::string>& key, const backfill::KeyRange& range,
                         const std::optional<KeyValues>& after, long long rows) {
  BoundSql bound;
  std::vector<std::string> conditions;
  if (after)
    add_key_after(dialect, key, *after, conditions, bound);
  add_range(dialect, key, range, conditions, bound);
  const std::string columns = key_list(dialect, key);
  bound.sql = "SELECT " + columns + " FROM " + dialect.table(table) + where_clause(conditions) +
              " ORDER BY " + columns + " LIMIT 1 OFFSET " + std::to_string(rows - 1);
  return bound;
}

BoundSql last_key_query(const db::Dialect& dialect, const std::string& table,
                        const std::vector<std::string>& key, const backfill::KeyRange& range,
                        const std::optional<KeyValues>& after) {
  BoundSql bound;
  const auto conditions = chunk_conditions(dialect, key, range, after, std::nullopt, bound);
  std::string descending;
  for (const auto& column : key)
    descending += (descending.empty() ? "" : ", ") + dialect.quote(column) + " DESC";
  bound.sql = "SELECT " + key_list(dialect, key) + " FROM " + dialect.table(table) +
              where_clause(conditions) + " ORDER BY " + descending + " LIMIT 1";
  return bound;
}

BoundSql rows_left_query(const db::Dialect& dialect, const std::string& table,
                         const std::vector<std::string>& key, const backfill::KeyRange& range,
                         const std::optional<KeyValues>& after) {
  BoundSql bound;
  std::vector<std::string> conditions;
  if (after)
    add_key_after(dialect, key, *after, conditions, bound);
  add_range(dialect, key, range, conditions, bound);
  bound.sql = "SELECT count(*) FROM " + dialect.table(table) + where_clause(conditions);
  return bound;
}

BoundSql keyset_chunk_update(const db::Dialect& dialect, const plan::BackfillTable& backfill,
                             const std::vector<std::string>& key, const backfill::KeyRange& range,
                             const std::optional<KeyValues>& after,
                             const std::optional<KeyValues>& up_to) {
  BoundSql bound;
  auto conditions = chunk_conditions(dialect, key, range, after, up_to, bound);
  bound.sql = update_of(dialect, backfill, std::move(conditions));
  return bound;
}

std::vector<BoundSql> keyset_chunk_copy(const db::Dialect& dialect, const db::TableCopy& copy,
                                        const std::vector<std::string>& key,
                                        const backfill::KeyRange& range,
                                        const std::optional<KeyValues>& after,
                                        const std::optional<KeyValues>& up_to) {
  BoundSql lock;
  const std::string where = where_clause(chunk_conditions(dialect, key, range, after, up_to, lock));
  BoundSql insert{copy.chunk_insert + where + copy.chunk_suffix, lock.params};
  if (copy.chunk_lock.empty())
    return {insert};
  lock.sql = copy.chunk_lock + where + copy.lock_suffix;
  return {lock, insert};
}

BoundSql page_chunk_update(const db::Dialect& dialect, const plan::BackfillTable& backfill,
                           long long first_page, long long end_page) {
  BoundSql bound;
  std::vector<std::string> conditions;
  add_condition(dialect.page_range(next_placeholder(bound)),
                {dialect.page_bound(first_page), dialect.page_bound(end_page)}, conditions, bound);
  bound.sql = update_of(dialect, backfill, std::move(conditions));
  return bound;
}

}  // namespace zdm::engine
