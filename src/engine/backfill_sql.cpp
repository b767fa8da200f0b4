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
void add_key_condition(const db::Dialect& dialect, bool after, const std::vector<std::string>& key,
                       const KeyValues& values, std::vector<std::string>& conditions,
                       BoundSql& bound) {
  const int first = static_cast<int>(bound.params.size()) + 1;
  const db::KeyPredicate predicate =
      after ? dialect.key_after(key, first) : dialect.key_at_most(key, first);
  for (int index : predicate.value_indexes)
    bound.params.push_back(values.at(static_cast<size_t>(index)));
  conditions.push_back("(" + predicate.sql + ")");
}

std::string where_clause(const std::vector<std::string>& conditions) {
  std::string out;
  for (size_t i = 0; i < conditions.size(); ++i)
    out += (i ? " AND " : " WHERE ") + conditions[i];
  return out;
}

}  // namespace

BoundSql chunk_end_query(const db::Dialect& dialect, const std::string& table,
                         const std::vector<std::string>& key, const std::optional<KeyValues>& lower,
                         long long rows) {
  BoundSql bound;
  std::vector<std::string> conditions;
  if (lower)
    add_key_condition(dialect, true, key, *lower, conditions, bound);
  const std::string columns = key_list(dialect, key);
  bound.sql = "SELECT " + columns + " FROM " + dialect.table(table) + where_clause(conditions) +
              " ORDER BY " + columns + " LIMIT 1 OFFSET " + std::to_string(rows - 1);
  return bound;
}

BoundSql chunk_update(const db::Dialect& dialect, const plan::BackfillTable& backfill,
                      const std::vector<std::string>& key, const std::optional<KeyValues>& lower,
                      const std::optional<KeyValues>& upper) {
  BoundSql bound;
  std::vector<std::string> conditions;
  if (lower)
    add_key_condition(dialect, true, key, *lower, conditions, bound);
  if (upper)
    add_key_condition(dialect, false, key, *upper, conditions, bound);
  if (backfill.where_sql)
    conditions.push_back("(" + *backfill.where_sql + ")");
  std::string set;
  for (size_t i = 0; i < backfill.set.size(); ++i) {
    set += (i ? ", " : "") + dialect.quote(backfill.set[i].column) + " = (" +
           backfill.set[i].expression + ")";
  }
  bound.sql = "UPDATE " + dialect.table(backfill.table) + " SET " + set + where_clause(conditions);
  return bound;
}

}  // namespace zdm::engine
