#include "zdm/engine/backfill_paging.hpp"

#include <algorithm>

#include "zdm/backfill/key_ranges.hpp"
#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/transaction.hpp"

namespace zdm::engine {

namespace {

constexpr const char* kPhase = "backfill";

nlohmann::json paging_json(const TablePaging& paging) {
  const auto& key = paging.key;
  if (key.paging == backfill::Paging::pages) {
    nlohmann::json json = {{"paging", "pages"}};
    if (paging.table_file)
      json["file"] = *paging.table_file;
    return json;
  }
  return {{"paging", "keyset"}, {"key", key.key}, {"source", key.source}};
}

std::optional<std::string> recorded_file(const std::string& recorded) {
  const auto json = nlohmann::json::parse(recorded);
  if (!json.contains("file"))
    return std::nullopt;
  return json.at("file").get<std::string>();
}

backfill::KeyChoice paging_from(const std::string& recorded) {
  const auto json = nlohmann::json::parse(recorded);
  backfill::KeyChoice key;
  if (json.at("paging") == "pages") {
    key.paging = backfill::Paging::pages;
    key.source = "ctid pages";
    return key;
  }
  key.key = json.at("key").get<std::vector<std::string>>();
  key.source = json.value("source", "key");
  return key;
}

std::optional<long long> as_integer(const db::Value& value) {
  if (!value)
    return std::nullopt;
  try {
    return std::stoll(*value);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// The smallest and largest value of the key's first column, when it is an integer: the
// span threads split and progress measures. Both read from the key's index.
void read_key_span(RunContext& ctx, const plan::BackfillTable& entry, TablePaging& paging) {
  const auto schema = ctx.dialect.describe_table(ctx.db, entry.table);
  const db::ColumnSchema* first = schema.column(paging.key.key.front());
  if (first == nullptr || !ctx.dialect.is_integer_type(first->type))
    return;
  const std::string column = ctx.dialect.quote(first->name);
  const auto rows = ctx.db.query(
      "SELECT min(" + column + "), max(" + column + ") FROM " + ctx.dialect.table(entry.table), {});
  if (rows.empty())
    return;
  paging.span_min = as_integer(rows.front()[0]);
  paging.span_max = as_integer(rows.front()[1]);
}

void read_page_span(RunContext& ctx, const plan::BackfillTable& entry, TablePaging& paging) {
  const long long pages = ctx.dialect.table_pages(ctx.db, entry.table).value_or(0);
  paging.span_min = 0;
  paging.span_max = pages;
  const auto rows = ctx.dialect.estimate_rows(ctx.db, entry.table);
  if (rows && pages > 0)
    paging.rows_per_page = std::max(1.0, static_cast<double>(*rows) / static_cast<double>(pages));
}

std::vector<backfill::KeyRange> split(RunContext& ctx, const plan::BackfillTable& entry,
                                      const TablePaging& paging) {
  if (paging.key.paging == backfill::Paging::pages)
    return backfill::split_pages(*paging.span_max, entry.threads);
  if (entry.threads > 1 && paging.span_min && paging.span_max)
    return backfill::split_key_range(*paging.span_min, *paging.span_max, entry.threads);
  if (entry.threads > 1) {
    ctx.log.event(kPhase, "single_thread",
                  entry.table + ": threads: " + std::to_string(entry.threads) +
                      " needs an integer first key column to split; backfilling on one thread",
                  {{"table", entry.table}});
  }
  return {backfill::KeyRange{}};
}

// Records the table's ranges, in place of any it had; `rows_done` carries the rows an
// earlier sweep updated over to the first.
std::vector<CheckpointRecord> record_ranges(RunContext& ctx, const plan::BackfillTable& entry,
                                            const TablePaging& paging, long long rows_done = 0) {
  std::vector<CheckpointRecord> ranges;
  const std::string recorded = paging_json(paging).dump();
  for (const auto& range : split(ctx, entry, paging)) {
    CheckpointRecord record;
    record.table = entry.table;
    record.range_index = static_cast<int>(ranges.size());
    record.paging = recorded;
    record.range_from = range.from;
    record.range_to = range.to;
    ranges.push_back(record);
  }
  ranges.front().rows_done = rows_done;
  in_transaction(ctx.db, ctx.dialect, [&] {
    ctx.state.delete_checkpoints(ctx.plan.name, entry.table);
    ctx.state.insert_checkpoints(ctx.plan.name, ranges);
  });
  return ranges;
}

}  // namespace

std::optional<backfill::KeyChoice> checked_key(RunContext& ctx, const plan::BackfillTable& entry) {
  const auto schema = ctx.dialect.describe_table(ctx.db, entry.table);
  if (!schema.exists)
    return std::nullopt;
  auto choice = backfill::choose_key(schema, entry.key, ctx.dialect.pages_through_physical_rows());
  if (const auto* problem = std::get_if<backfill::KeyProblem>(&choice))
    throw invalid_input(problem->message, problem->hint);
  return std::get<backfill::KeyChoice>(choice);
}

TablePaging prepare_paging(RunContext& ctx, const plan::BackfillTable& entry) {
  TablePaging paging;
  paging.ranges = ctx.state.checkpoints(ctx.plan.name, entry.table);
  if (!paging.ranges.empty()) {
    paging.key = paging_from(paging.ranges.front().paging);
    paging.table_file = recorded_file(paging.ranges.front().paging);
  } else {
    auto key = checked_key(ctx, entry);
    if (!key) {
      throw runtime_failure("backfill: table " + entry.table + " does not exist",
                            "check the table name in the plan");
    }
    paging.key = *key;
  }
  if (paging.key.paging == backfill::Paging::pages)
    read_page_span(ctx, entry, paging);
  else
    read_key_span(ctx, entry, paging);
  if (paging.ranges.empty()) {
    if (paging.key.paging == backfill::Paging::pages)
      paging.table_file = ctx.dialect.table_file(ctx.db, entry.table);
    paging.ranges = record_ranges(ctx, entry, paging);
  }
  return paging;
}

void check_not_rewritten(db::Connection& connection, const db::Dialect& dialect,
                         const std::string& table, const TablePaging& paging) {
  if (paging.key.paging != backfill::Paging::pages || !paging.table_file)
    return;
  const auto now = dialect.table_file(connection, table);
  if (now != paging.table_file) {
    throw TableRewritten(table +
                         " was rewritten during its backfill by ctid pages (VACUUM FULL, "
                         "CLUSTER, pg_repack or an ALTER TABLE that rewrites it)");
  }
}

TablePaging restart_paging(RunContext& ctx, const plan::BackfillTable& entry) {
  const auto swept = ctx.state.checkpoints(ctx.plan.name, entry.table);
  TablePaging paging;
  paging.key = paging_from(swept.front().paging);
  long long rows_done = 0;
  for (const auto& range : swept)
    rows_done += range.rows_done;
  read_page_span(ctx, entry, paging);
  paging.table_file = ctx.dialect.table_file(ctx.db, entry.table);
  paging.ranges = record_ranges(ctx, entry, paging, rows_done);
  return paging;
}

std::optional<long long> cursor_position(const CheckpointRecord& range) {
  if (!range.last_key)
    return std::nullopt;
  const auto cursor = nlohmann::json::parse(*range.last_key);
  if (!cursor.is_array() || cursor.empty() || !cursor.front().is_string())
    return std::nullopt;
  return as_integer(cursor.front().get<std::string>());
}

}  // namespace zdm::engine
