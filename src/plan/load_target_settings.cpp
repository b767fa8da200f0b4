// target (which database) and settings (how carefully zdm runs DDL).
#include "section_loaders.hpp"

namespace zdm::plan::detail {

Target load_target(LoadContext& ctx, const YAML::Node& node) {
  Target target;
  MapReader map(ctx, node, "target", {"driver", "dsn", "schema"});
  if (!map.is_mapping())
    return target;
  target.at = map.at();
  auto driver = read_choice(ctx,
                            map.required("driver",
                                         "write driver: postgres, or driver: mysql "
                                         "(MariaDB is mysql)"),
                            "driver", {"postgres", "mysql"}, " (MariaDB is mysql)");
  if (driver == "mysql")
    target.driver = Driver::mysql;
  // An unset variable in the DSN is only an error when the DSN is needed: --dsn and
  // ZDM_DSN override it, and `zdm validate` never connects.
  if (map.has("dsn"))
    target.dsn = read_templated(ctx, map.optional("dsn"), "dsn", /*defer_unset=*/true);
  if (map.has("schema")) {
    if (driver == "mysql") {
      ctx.diagnostics.error(map.key_at("schema"), "\"schema\" applies to postgres only",
                            "on mysql the database comes from the DSN: mysql://user@host/database");
    }
    read_optional_into(map, "schema", target.schema,
                       [&](auto n) { return read_identifier(ctx, n, "schema"); });
  }
  return target;
}

namespace {

void load_backoff(LoadContext& ctx, const YAML::Node& node, RetryBackoff& backoff) {
  MapReader map(ctx, node, "retry_backoff", {"initial", "max"});
  if (!map.is_mapping())
    return;
  read_optional_into(map, "initial", backoff.initial,
                     [&](auto n) { return read_duration(ctx, n, "initial", false); });
  read_optional_into(map, "max", backoff.max,
                     [&](auto n) { return read_duration(ctx, n, "max", false); });
  if (backoff.max < backoff.initial) {
    ctx.diagnostics.error(map.at(), "retry_backoff max is shorter than initial",
                          "the wait starts at initial and doubles up to max");
  }
}

void load_reconnect(LoadContext& ctx, const YAML::Node& node, Reconnect& reconnect) {
  MapReader map(ctx, node, "reconnect", {"attempts", "backoff", "open_for"});
  if (!map.is_mapping())
    return;
  read_optional_into(map, "attempts", reconnect.attempts,
                     [&](auto n) { return read_integer(ctx, n, "attempts", 1, 100); });
  read_optional_into(map, "backoff", reconnect.backoff,
                     [&](auto n) { return read_duration(ctx, n, "backoff", false); });
  read_optional_into(map, "open_for", reconnect.open_for,
                     [&](auto n) { return read_duration(ctx, n, "open_for", false); });
}

}  // namespace

Settings load_settings(LoadContext& ctx, const YAML::Node& node) {
  Settings settings;
  MapReader map(ctx, node, "settings",
                {"lock_timeout", "ddl_retries", "retry_backoff", "statement_timeout",
                 "state_schema", "reconnect"});
  if (!map.is_mapping())
    return settings;
  read_optional_into(map, "lock_timeout", settings.lock_timeout,
                     [&](auto n) { return read_duration(ctx, n, "lock_timeout", false); });
  read_optional_into(map, "ddl_retries", settings.ddl_retries,
                     [&](auto n) { return read_integer(ctx, n, "ddl_retries", 1, 10000); });
  if (map.has("retry_backoff"))
    load_backoff(ctx, map.optional("retry_backoff"), settings.retry_backoff);
  read_optional_into(map, "statement_timeout", settings.statement_timeout,
                     [&](auto n) { return read_duration(ctx, n, "statement_timeout", true); });
  read_optional_into(map, "state_schema", settings.state_schema,
                     [&](auto n) { return read_identifier(ctx, n, "state_schema"); });
  if (map.has("reconnect"))
    load_reconnect(ctx, map.optional("reconnect"), settings.reconnect);
  return settings;
}

}  // namespace zdm::plan::detail
