// http and command: the hook actions of read_switch, also used by gates.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "section_loaders.hpp"
#include "zdm/plan/identifier.hpp"

namespace zdm::plan::detail {

namespace {

bool is_header_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

std::optional<std::vector<std::pair<std::string, TemplatedString>>> load_headers(
    LoadContext& ctx, const YAML::Node& node) {
  if (!node.IsMap()) {
    ctx.diagnostics.error(
        location_of(node),
        "\"headers\" must be a mapping of header names to values, got " + describe(node));
    return std::nullopt;
  }
  std::vector<std::pair<std::string, TemplatedString>> headers;
  bool ok = true;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
    if (!is_header_name(name)) {
      ctx.diagnostics.error(location_of(it->first),
                            "invalid HTTP header name " + describe(it->first),
                            "a header name is letters, digits, - and _; the value goes after the "
                            "colon: headers: {Authorization: \"Bearer ${TOKEN}\"}");
      ok = false;
      continue;
    }
    auto value = read_templated(ctx, it->second, "headers." + name, /*defer_unset=*/true);
    if (value)
      headers.emplace_back(name, *value);
    ok = ok && value.has_value();
  }
  if (!ok)
    return std::nullopt;
  return headers;
}

bool is_http_url(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

// A value from the environment may hold credentials, so only what was written is echoed.
void report_not_http_url(LoadContext& ctx, const TemplatedString& url) {
  const bool schemeless = url.value.find("://") == std::string::npos;
  ctx.diagnostics.error(url.at, "\"url\" must start with http:// or https://",
                        schemeless && !url.from_environment
                            ? "did you mean \"http://" + url.text + "\"?"
                            : "zdm calls HTTP endpoints only; write the full URL");
}

std::optional<std::string> read_json_pointer(LoadContext& ctx, const YAML::Node& node) {
  auto pointer = read_text(ctx, node, "json_pointer");
  if (!pointer)
    return std::nullopt;
  try {
    nlohmann::json::json_pointer parsed(*pointer);  // throws when malformed
    return pointer;
  } catch (const nlohmann::json::exception&) {
    ctx.diagnostics.error(
        location_of(node),
        "\"json_pointer\" must be a JSON pointer (RFC 6901), got \"" + *pointer + "\"",
        "start with / and name each key or list index on the way, such as "
        "\"/data/0/value\"; inside a key write ~1 for / and ~0 for ~");
    return std::nullopt;
  }
}

const std::vector<std::string> kGateOnlyHttpKeys = {"body_contains", "json_pointer"};

// The keys an http mapping accepts. A hook step takes the gate-only keys only to refuse them
// with their own message; its list of accepted keys does not show them.
std::vector<std::string> http_keys(const YAML::Node& node, HttpUse use) {
  std::vector<std::string> keys = {"method", "url", "body", "headers", "expect_status", "timeout"};
  for (const auto& key : kGateOnlyHttpKeys) {
    if (use == HttpUse::gate || (node.IsMap() && node[key].IsDefined()))
      keys.push_back(key);
  }
  return keys;
}

// body_contains and json_pointer: checks of a gate's response. On a read_switch step they
// are refused by name rather than as unknown keys, so the message says where they belong.
bool load_body_checks(LoadContext& ctx, const MapReader& map, HttpUse use, HttpRequest& request) {
  bool ok = true;
  for (const auto& key : kGateOnlyHttpKeys) {
    if (use == HttpUse::hook && map.has(key)) {
      ctx.diagnostics.error(map.key_at(key),
                            "\"" + key + "\" applies to http gates, not to read_switch steps",
                            "a hook step checks expect_status only; to check the response of "
                            "the flag service, add an http gate that runs after read_switch");
      ok = false;
    }
  }
  if (use == HttpUse::hook)
    return ok;
  if (map.has("body_contains")) {
    request.body_contains = read_string(ctx, map.optional("body_contains"), "body_contains");
    ok = request.body_contains.has_value();
  }
  if (map.has("json_pointer")) {
    request.json_pointer = read_json_pointer(ctx, map.optional("json_pointer"));
    ok = ok && request.json_pointer.has_value();
  }
  return ok;
}

}  // namespace

std::optional<HttpRequest> load_http_request(LoadContext& ctx, const YAML::Node& node,
                                             const std::string& what, HttpUse use) {
  MapReader map(ctx, node, what, http_keys(node, use));
  if (!map.is_mapping())
    return std::nullopt;
  HttpRequest request;
  request.at = map.at();
  bool ok = true;
  if (map.has("method")) {
    auto method = read_choice(ctx, map.optional("method"), "HTTP method",
                              {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"});
    ok = method.has_value();
    if (method)
      request.method = *method;
  }
  const YAML::Node url_node = map.required("url");
  auto url = read_templated(ctx, url_node, "url");
  if (url && !is_http_url(url->value)) {
    report_not_http_url(ctx, *url);
    url.reset();
  }
  if (map.has("body")) {
    request.body = read_text(ctx, map.optional("body"), "body");
    ok = ok && request.body.has_value();
  }
  if (map.has("headers")) {
    auto headers = load_headers(ctx, map.optional("headers"));
    ok = ok && headers.has_value();
    if (headers)
      request.headers = std::move(*headers);
  }
  if (map.has("expect_status")) {
    const YAML::Node statuses = map.optional("expect_status");
    if (!statuses.IsSequence()) {
      ctx.diagnostics.error(
          location_of(statuses),
          "\"expect_status\" must be a list of HTTP status codes, got " + describe(statuses),
          "write expect_status: [200, 204]");
      ok = false;
    } else {
      for (const auto& item : statuses) {
        auto status = read_integer(ctx, item, "expect_status", 100, 599);
        if (status)
          request.expect_status.push_back(static_cast<int>(*status));
        ok = ok && status.has_value();
      }
    }
  }
  read_optional_into(map, "timeout", request.timeout,
                     [&](auto n) { return read_duration(ctx, n, "timeout", false); });
  ok = load_body_checks(ctx, map, use, request) && ok;
  if (!ok || !url)
    return std::nullopt;
  request.url = *url;
  return request;
}

std::optional<Command> load_command(LoadContext& ctx, const YAML::Node& node,
                                    const std::string& what) {
  MapReader map(ctx, node, what, {"argv", "timeout"});
  if (!map.is_mapping())
    return std::nullopt;
  Command command;
  command.at = map.at();
  const YAML::Node argv_node = map.required("argv");
  std::optional<std::vector<std::string>> argv;
  if (argv_node.IsSequence() && argv_node.size() == 0) {
    ctx.diagnostics.error(location_of(argv_node), "\"argv\" must not be empty",
                          "argv is the program and its arguments, run without a shell, such as "
                          "[kubectl, rollout, status, deploy/app]");
  } else {
    argv = read_string_list(ctx, argv_node, "argv");
  }
  read_optional_into(map, "timeout", command.timeout,
                     [&](auto n) { return read_duration(ctx, n, "timeout", false); });
  if (!argv)
    return std::nullopt;
  if (argv->front().empty()) {
    ctx.diagnostics.error(location_of(argv_node),
                          "the program (first item of \"argv\") must not be empty");
    return std::nullopt;
  }
  command.argv = std::move(*argv);
  return command;
}

std::optional<std::vector<ColumnAssignment>> load_assignments(LoadContext& ctx,
                                                              const YAML::Node& node,
                                                              const std::string& field) {
  if (!node.IsDefined())
    return std::nullopt;
  if (!node.IsMap() || node.size() == 0) {
    const std::string problem =
        node.IsMap() ? "must not be empty"
                     : "must be a mapping of column: SQL expression, got " + describe(node);
    ctx.diagnostics.error(location_of(node), "\"" + field + "\" " + problem,
                          "write " + field + ": {new_column: old_column}");
    return std::nullopt;
  }
  std::vector<ColumnAssignment> assignments;
  bool ok = true;
  for (auto it = node.begin(); it != node.end(); ++it) {
    auto column = read_identifier(ctx, it->first, field + " column");
    auto expression = read_string(ctx, it->second,
                                  field + "." + (it->first.IsScalar() ? it->first.Scalar() : "?"));
    const auto first = column ? std::find_if(assignments.begin(), assignments.end(),
                                             [&](const auto& a) { return a.column == *column; })
                              : assignments.end();
    const bool repeated = first != assignments.end();
    if (repeated) {
      ctx.diagnostics.error(location_of(it->first),
                            "column \"" + *column + "\" is set twice in \"" + field +
                                "\" (first at line " + std::to_string(first->at.line) + ")",
                            "keep one of them: YAML does not merge repeated keys");
    }
    if (column && expression && !repeated)
      assignments.push_back({*column, *expression, location_of(it->first)});
    ok = ok && column && expression && !repeated;
  }
  if (!ok)
    return std::nullopt;
  return assignments;
}

}  // namespace zdm::plan::detail
