#include "yaml_reader.hpp"

#include <algorithm>
#include <limits>

#include "zdm/plan/duration.hpp"
#include "zdm/plan/identifier.hpp"
#include "zdm/plan/suggest.hpp"

namespace zdm::plan::detail {

namespace {

bool is_plain_scalar(const YAML::Node& node) {
  return node.IsScalar() && node.Tag() == "?";
}

std::string quoted(const std::string& text) {
  return "\"" + text + "\"";
}

}  // namespace

SourceLocation location_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.line < 0)
    return {};
  return {mark.line + 1, mark.column + 1};
}

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull())
    return "nothing";
  if (node.IsSequence())
    return "a list";
  if (node.IsMap())
    return "a mapping";
  std::string text = node.Scalar();
  if (text.size() > 60)
    text = text.substr(0, 57) + "...";
  return quoted(text);
}

MapReader::MapReader(LoadContext& ctx, const YAML::Node& node, std::string what,
                     std::vector<std::string> known_keys, std::string unknown_noun)
    : ctx_(ctx), what_(std::move(what)), at_(location_of(node)) {
  if (!node.IsDefined())
    return;  // absent: whoever asked for it has reported that already
  if (!node.IsMap()) {
    ctx_.diagnostics.error(at_, what_ + " must be a mapping of keys, got " + describe(node),
                           what_ + " accepts: " + join(known_keys));
    return;
  }
  is_mapping_ = true;
  collect_entries(node, known_keys, unknown_noun);
}

void MapReader::collect_entries(const YAML::Node& node, const std::vector<std::string>& known_keys,
                                const std::string& unknown_noun) {
  for (auto it = node.begin(); it != node.end(); ++it) {
    const SourceLocation key_at = location_of(it->first);
    if (!it->first.IsScalar()) {
      ctx_.diagnostics.error(
          key_at, "a key in " + what_ + " must be a plain name, got " + describe(it->first));
      continue;
    }
    const std::string key = it->first.Scalar();
    if (std::find(known_keys.begin(), known_keys.end(), key) == known_keys.end()) {
      had_unknown_keys_ = true;
      if (auto meant = nearest(key, known_keys))
        misspelled_.push_back(*meant);
      ctx_.diagnostics.error(
          key_at, "unknown " + unknown_noun + " " + quoted(key) + " in " + what_,
          suggestion_hint(key, known_keys, what_ + " accepts: " + join(known_keys)));
      continue;
    }
    if (const Entry* first = find(key)) {
      const std::string first_at = first->key_at.line == key_at.line
                                       ? "column " + std::to_string(first->key_at.column)
                                       : "line " + std::to_string(first->key_at.line);
      ctx_.diagnostics.error(
          key_at, "duplicate key " + quoted(key) + " in " + what_ + " (first at " + first_at + ")",
          "keep one of them: YAML does not merge repeated keys");
      continue;
    }
    entries_.push_back({key, it->second, key_at});
  }
}

const MapReader::Entry* MapReader::find(const std::string& key) const {
  for (const auto& entry : entries_) {
    if (entry.key == key)
      return &entry;
  }
  return nullptr;
}

bool MapReader::has(const std::string& key) const {
  const Entry* entry = find(key);
  return entry != nullptr && !entry->value.IsNull();
}

YAML::Node MapReader::optional(const std::string& key) const {
  const Entry* entry = find(key);
  if (entry == nullptr || entry->value.IsNull())
    return YAML::Node(YAML::NodeType::Undefined);
  return entry->value;
}

YAML::Node MapReader::required(const std::string& key, const std::string& hint) {
  if (!is_mapping_)
    return YAML::Node(YAML::NodeType::Undefined);
  const Entry* entry = find(key);
  const bool reported_as_misspelling =
      std::find(misspelled_.begin(), misspelled_.end(), key) != misspelled_.end();
  if (entry == nullptr && !reported_as_misspelling) {
    ctx_.diagnostics.error(at_, what_ + " is missing the required key " + quoted(key), hint);
  } else if (entry != nullptr && entry->value.IsNull()) {
    ctx_.diagnostics.error(entry->key_at, quoted(key) + " in " + what_ + " needs a value");
  } else if (entry != nullptr) {
    return entry->value;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

std::vector<std::string> MapReader::present_keys() const {
  std::vector<std::string> keys;
  for (const auto& entry : entries_)
    keys.push_back(entry.key);
  return keys;
}

SourceLocation MapReader::key_at(const std::string& key) const {
  const Entry* entry = find(key);
  return entry ? entry->key_at : at_;
}

std::optional<TemplatedString> read_templated(LoadContext& ctx, const YAML::Node& node,
                                              const std::string& field, bool defer_unset) {
  if (!node.IsDefined())
    return std::nullopt;
  if (!node.IsScalar()) {
    ctx.diagnostics.error(location_of(node),
                          quoted(field) + " must be text, got " + describe(node));
    return std::nullopt;
  }
  TemplatedString out;
  out.text = node.Scalar();
  out.at = location_of(node);
  Expansion expansion = expand_environment(out.text, ctx.environment);
  if (!expansion.syntax_error.empty()) {
    ctx.diagnostics.error(out.at, "in " + quoted(field) + ": " + expansion.syntax_error,
                          "write ${VAR} or ${VAR:-default}; write $${ for a literal ${");
    return std::nullopt;
  }
  out.value = std::move(expansion.value);
  out.from_environment = expansion.used_environment;
  if (defer_unset) {
    // Secrets are often absent where plans are validated (CI); zdm apply requires them.
    for (const auto& name : expansion.unset_variables) {
      ctx.diagnostics.warning(
          out.at, "environment variable " + name + " is not set (used in " + quoted(field) + ")",
          "zdm apply will need it" +
              std::string(field == "dsn" ? ", unless --dsn or ZDM_DSN is given" : ""));
    }
    out.unset_variables = std::move(expansion.unset_variables);
    return out;
  }
  for (const auto& name : expansion.unset_variables) {
    ctx.diagnostics.error(
        out.at, "environment variable " + name + " is not set (used in " + quoted(field) + ")",
        "set it, or give a default: ${" + name + ":-value}");
  }
  if (!expansion.unset_variables.empty())
    return std::nullopt;
  return out;
}

std::optional<std::string> read_text(LoadContext& ctx, const YAML::Node& node,
                                     const std::string& field) {
  auto value = read_templated(ctx, node, field);
  if (!value)
    return std::nullopt;
  return value->value;
}

std::optional<std::string> read_string(LoadContext& ctx, const YAML::Node& node,
                                       const std::string& field) {
  auto value = read_text(ctx, node, field);
  if (value && value->find_first_not_of(" \t\r\n") == std::string::npos) {
    ctx.diagnostics.error(location_of(node), quoted(field) + " must not be empty",
                          "write a value, or leave the key out where it is optional");
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> read_identifier(LoadContext& ctx, const YAML::Node& node,
                                           const std::string& field) {
  auto value = read_string(ctx, node, field);
  if (!value)
    return std::nullopt;
  if (!is_valid_identifier(*value)) {
    ctx.diagnostics.error(location_of(node),
                          "invalid identifier " + quoted(*value) + " for " + quoted(field) + ": " +
                              identifier_problem(*value),
                          kIdentifierHint);
    return std::nullopt;
  }
  return value;
}

namespace {

template <typename Item, typename ReadItem>
std::optional<std::vector<Item>> read_list(LoadContext& ctx, const YAML::Node& node,
                                           const std::string& field, ReadItem read_item) {
  if (!node.IsDefined())
    return std::nullopt;
  if (!node.IsSequence()) {
    ctx.diagnostics.error(location_of(node),
                          quoted(field) + " must be a list, got " + describe(node),
                          "write [a, b] or one item per line starting with \"- \"");
    return std::nullopt;
  }
  if (node.size() == 0) {
    ctx.diagnostics.error(location_of(node), quoted(field) + " must not be empty");
    return std::nullopt;
  }
  std::vector<Item> items;
  bool ok = true;
  for (const auto& element : node) {
    auto item = read_item(element);
    if (item)
      items.push_back(*item);
    ok = ok && item.has_value();
  }
  if (!ok)
    return std::nullopt;
  return items;
}

}  // namespace

std::optional<std::vector<std::string>> read_identifier_list(LoadContext& ctx,
                                                             const YAML::Node& node,
                                                             const std::string& field) {
  auto names = read_list<std::string>(
      ctx, node, field, [&](const YAML::Node& item) { return read_identifier(ctx, item, field); });
  if (!names)
    return std::nullopt;
  for (size_t i = 1; i < names->size(); ++i) {
    if (std::find(names->begin(), names->begin() + static_cast<long>(i), (*names)[i]) !=
        names->begin() + static_cast<long>(i)) {
      ctx.diagnostics.error(location_of(node[i]),
                            quoted((*names)[i]) + " appears twice in " + quoted(field),
                            "list each column once");
      return std::nullopt;
    }
  }
  return names;
}

std::optional<std::vector<std::string>> read_string_list(LoadContext& ctx, const YAML::Node& node,
                                                         const std::string& field) {
  return read_list<std::string>(
      ctx, node, field, [&](const YAML::Node& item) { return read_text(ctx, item, field); });
}

std::optional<Duration> read_duration(LoadContext& ctx, const YAML::Node& node,
                                      const std::string& field, bool allow_zero) {
  auto text = read_string(ctx, node, field);
  if (!text)
    return std::nullopt;
  auto duration = parse_duration(*text);
  if (!duration) {
    const bool bare_number =
        !text->empty() && text->find_first_not_of("0123456789") == std::string::npos;
    const auto meant = suggest_duration(*text);
    ctx.diagnostics.error(location_of(node), quoted(field) + " is not a duration: " + quoted(*text),
                          bare_number ? "a duration needs a unit: " + *text + "s? (ms, s, m, h)"
                          : meant     ? "did you mean " + *meant + "? " + kDurationHint
                                      : std::string(kDurationHint));
    return std::nullopt;
  }
  if (!allow_zero && duration->count() == 0) {
    ctx.diagnostics.error(location_of(node), quoted(field) + " must be longer than 0s");
    return std::nullopt;
  }
  return duration;
}

namespace {

void report_not_integer(LoadContext& ctx, const YAML::Node& node, const std::string& field,
                        const std::string& range) {
  long long value = 0;
  if (node.IsScalar() && !is_plain_scalar(node) && YAML::convert<long long>::decode(node, value)) {
    ctx.diagnostics.error(
        location_of(node),
        quoted(field) + " must be a number, got the quoted text " + describe(node),
        "write " + node.Scalar() + " without quotes");
    return;
  }
  ctx.diagnostics.error(location_of(node),
                        quoted(field) + " must be a whole number, got " + describe(node),
                        "write a whole number " + range);
}

std::string describe_range(long long minimum, long long maximum) {
  if (maximum == std::numeric_limits<long long>::max())
    return "of at least " + std::to_string(minimum);
  return "from " + std::to_string(minimum) + " to " + std::to_string(maximum);
}

}  // namespace

std::optional<long long> read_integer(LoadContext& ctx, const YAML::Node& node,
                                      const std::string& field, long long minimum,
                                      long long maximum) {
  if (!node.IsDefined())
    return std::nullopt;
  const std::string text = node.IsScalar() ? node.Scalar() : "";
  long long value = 0;
  bool parsed = is_plain_scalar(node) && !text.empty() &&
                text.find_first_not_of("-0123456789") == std::string::npos &&
                YAML::convert<long long>::decode(node, value);
  if (!parsed) {
    report_not_integer(ctx, node, field, describe_range(minimum, maximum));
    return std::nullopt;
  }
  if (value < minimum || value > maximum) {
    const std::string range = maximum == std::numeric_limits<long long>::max()
                                  ? "at least " + std::to_string(minimum)
                                  : describe_range(minimum, maximum);
    ctx.diagnostics.error(location_of(node), quoted(field) + " must be " + range + ", got " + text);
    return std::nullopt;
  }
  return value;
}

std::optional<bool> read_bool(LoadContext& ctx, const YAML::Node& node, const std::string& field) {
  if (!node.IsDefined())
    return std::nullopt;
  if (is_plain_scalar(node) && (node.Scalar() == "true" || node.Scalar() == "false")) {
    return node.Scalar() == "true";
  }
  ctx.diagnostics.error(location_of(node),
                        quoted(field) + " must be true or false, got " + describe(node),
                        "zdm reads only true and false as booleans, not yes/no or on/off");
  return std::nullopt;
}

std::optional<Expectation> read_expectation(LoadContext& ctx, const YAML::Node& node,
                                            const std::string& field) {
  auto text = read_string(ctx, node, field);
  if (!text)
    return std::nullopt;
  auto expectation = parse_expectation(*text);
  if (!expectation) {
    ctx.diagnostics.error(location_of(node),
                          quoted(field) + " is not an expectation: " + quoted(*text),
                          kExpectationHint);
    return std::nullopt;
  }
  expectation->at = location_of(node);
  return expectation;
}

std::optional<std::string> read_choice(LoadContext& ctx, const YAML::Node& node,
                                       const std::string& field,
                                       const std::vector<std::string>& accepted,
                                       const std::string& note) {
  auto text = read_string(ctx, node, field);
  if (!text)
    return std::nullopt;
  if (std::find(accepted.begin(), accepted.end(), *text) != accepted.end())
    return text;
  ctx.diagnostics.error(
      location_of(node), "unknown " + field + " " + quoted(*text),
      suggestion_hint(*text, accepted, "accepted values: " + join(accepted) + note));
  return std::nullopt;
}

}  // namespace zdm::plan::detail
