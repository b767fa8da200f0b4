// backfill: one entry per table, each filled in chunks of keys.
#include <limits>

#include "section_loaders.hpp"

namespace zdm::plan::detail {

namespace {

constexpr long long kNoLimit = std::numeric_limits<long long>::max();
constexpr long long kMaxTransactionIdAge = 2'000'000'000;  // wraparound is at 2^31
constexpr long long kMaxThreads = 64;

// critical_load stops the phase; below max_load it would stop before the pause could help.
void check_load_limits(LoadContext& ctx, MapReader& map, const ThrottleSettings& throttle) {
  if (throttle.critical_load > 0 && throttle.max_load > 0 &&
      throttle.critical_load <= throttle.max_load) {
    ctx.diagnostics.error(map.key_at("critical_load"),
                          "critical_load (" + std::to_string(throttle.critical_load) +
                              ") must be larger than max_load (" +
                              std::to_string(throttle.max_load) + ")",
                          "the backfill pauses above max_load and stops at critical_load");
  }
}

// Giving way means shorter chunks, never longer ones than the plan asked for.
void check_contended_target(LoadContext& ctx, MapReader& map, const ChunkSettings& chunk) {
  if (*chunk.contended_target_time <= chunk.target_time)
    return;
  ctx.diagnostics.error(
      map.key_at("contended_target_time"),
      "chunk contended_target_time (" + std::to_string(chunk.contended_target_time->count()) +
          " ms) is longer than target_time (" + std::to_string(chunk.target_time.count()) + " ms)",
      "set it to target_time for chunks that do not shrink while the "
      "workload waits on them, or lower");
}

void load_chunk(LoadContext& ctx, const YAML::Node& node, ChunkSettings& chunk) {
  MapReader map(ctx, node, "chunk",
                {"target_time", "contended_target_time", "min_rows", "max_rows"});
  if (!map.is_mapping())
    return;
  read_optional_into(map, "target_time", chunk.target_time,
                     [&](auto n) { return read_duration(ctx, n, "target_time", false); });
  if (map.has("contended_target_time")) {
    chunk.contended_target_time =
        read_duration(ctx, map.optional("contended_target_time"), "contended_target_time", false);
    if (chunk.contended_target_time)
      check_contended_target(ctx, map, chunk);
  }
  read_optional_into(map, "min_rows", chunk.min_rows,
                     [&](auto n) { return read_integer(ctx, n, "min_rows", 1, kNoLimit); });
  read_optional_into(map, "max_rows", chunk.max_rows,
                     [&](auto n) { return read_integer(ctx, n, "max_rows", 1, kNoLimit); });
  if (chunk.min_rows > chunk.max_rows) {
    const bool min_given = map.has("min_rows");
    ctx.diagnostics.error(map.key_at(min_given ? "min_rows" : "max_rows"),
                          "chunk min_rows (" + std::to_string(chunk.min_rows) +
                              (min_given ? "" : ", the default") + ") is larger than max_rows (" +
                              std::to_string(chunk.max_rows) + ")",
                          "chunks grow and shrink between min_rows and max_rows");
  }
}

void load_throttle(LoadContext& ctx, const YAML::Node& node, ThrottleSettings& throttle) {
  MapReader map(ctx, node, "throttle",
                {"max_replica_lag", "max_rows_per_second", "max_load", "critical_load",
                 "pause_file", "max_xid_age"});
  if (!map.is_mapping())
    return;
  if (map.has("max_replica_lag")) {
    throttle.max_replica_lag =
        read_duration(ctx, map.optional("max_replica_lag"), "max_replica_lag", false);
  }
  read_optional_into(map, "max_rows_per_second", throttle.max_rows_per_second, [&](auto n) {
    return read_integer(ctx, n, "max_rows_per_second", 0, kNoLimit);
  });
  read_optional_into(map, "max_load", throttle.max_load,
                     [&](auto n) { return read_integer(ctx, n, "max_load", 0, kNoLimit); });
  read_optional_into(map, "critical_load", throttle.critical_load,
                     [&](auto n) { return read_integer(ctx, n, "critical_load", 0, kNoLimit); });
  if (map.has("pause_file"))
    throttle.pause_file = read_string(ctx, map.optional("pause_file"), "pause_file").value_or("");
  if (map.has("max_xid_age"))
    throttle.max_xid_age_at = map.key_at("max_xid_age");
  read_optional_into(map, "max_xid_age", throttle.max_xid_age, [&](auto n) {
    return read_integer(ctx, n, "max_xid_age", 0, kMaxTransactionIdAge);
  });
  check_load_limits(ctx, map, throttle);
}

std::optional<BackfillTable> load_backfill_table(LoadContext& ctx, const YAML::Node& node) {
  MapReader map(ctx, node, "backfill table",
                {"table", "set", "where", "key", "threads", "method", "chunk", "throttle"});
  if (!map.is_mapping())
    return std::nullopt;
  BackfillTable entry;
  entry.at = map.at();
  const size_t errors_before = ctx.diagnostics.error_count();
  auto table = read_identifier(ctx, map.required("table"), "table");
  auto set = load_assignments(ctx, map.required("set"), "set");
  if (map.has("where"))
    entry.where_sql = read_string(ctx, map.optional("where"), "where");
  read_optional_into(map, "key", entry.key,
                     [&](auto n) { return read_identifier_list(ctx, n, "key"); });
  long long threads = entry.threads;
  read_optional_into(map, "threads", threads,
                     [&](auto n) { return read_integer(ctx, n, "threads", 1, kMaxThreads); });
  entry.threads = static_cast<int>(threads);
  entry.method_at = entry.at;
  if (map.has("method")) {
    entry.method_at = location_of(map.optional("method"));
    const auto method = read_choice(ctx, map.optional("method"), "method", {"update", "copy"});
    if (method == "copy")
      entry.method = BackfillMethod::copy;
  }
  if (map.has("chunk"))
    load_chunk(ctx, map.optional("chunk"), entry.chunk);
  if (map.has("throttle"))
    load_throttle(ctx, map.optional("throttle"), entry.throttle);
  if (!table || !set || ctx.diagnostics.error_count() != errors_before)
    return std::nullopt;
  entry.table = *table;
  entry.set = std::move(*set);
  return entry;
}

}  // namespace

std::optional<BackfillPhase> load_backfill(LoadContext& ctx, const YAML::Node& node) {
  auto tables = load_list<BackfillTable>(ctx, node, "backfill", [&](const YAML::Node& item) {
    return load_backfill_table(ctx, item);
  });
  if (!tables)
    return std::nullopt;
  return BackfillPhase{std::move(*tables), location_of(node)};
}

}  // namespace zdm::plan::detail
