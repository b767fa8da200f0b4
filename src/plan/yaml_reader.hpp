#pragma once
// Typed reading of YAML nodes with file:line:col errors. Private to the loader.

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "zdm/plan/diagnostic.hpp"
#include "zdm/plan/environment.hpp"
#include "zdm/plan/expectation.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::plan::detail {

struct LoadContext {
  Diagnostics& diagnostics;
  EnvironmentLookup environment;
};

SourceLocation location_of(const YAML::Node& node);
// "a list", "a mapping", "nothing", or the scalar in quotes: for "got ..." in messages.
std::string describe(const YAML::Node& node);

// One YAML mapping with a known set of keys. Construction reports a node that is not a
// mapping, and every unknown or duplicate key, with "did you mean" for misspellings.
class MapReader {
 public:
  // `unknown_noun` names what an unknown key is taken for: "key", "step kind", "phase".
  MapReader(LoadContext& ctx, const YAML::Node& node, std::string what,
            std::vector<std::string> known_keys, std::string unknown_noun = "key");

  bool is_mapping() const { return is_mapping_; }
  bool has(const std::string& key) const;  // present and not null
  // The value, or an undefined node when the key is absent or null.
  YAML::Node optional(const std::string& key) const;
  // The value; reports a missing or null key (once) and returns an undefined node.
  // `hint` says what to write when the key is missing.
  YAML::Node required(const std::string& key, const std::string& hint = {});
  // The keys present, in file order (known ones only).
  std::vector<std::string> present_keys() const;
  SourceLocation at() const { return at_; }
  SourceLocation key_at(const std::string& key) const;
  const std::string& what() const { return what_; }
  // Whether a key was reported as unknown; its hint already listed the accepted keys.
  bool had_unknown_keys() const { return had_unknown_keys_; }

 private:
  struct Entry {
    std::string key;
    YAML::Node value;
    SourceLocation key_at;
  };
  const Entry* find(const std::string& key) const;
  void collect_entries(const YAML::Node& node, const std::vector<std::string>& known_keys,
                       const std::string& unknown_noun);

  LoadContext& ctx_;
  std::string what_;
  SourceLocation at_;
  bool is_mapping_ = false;
  std::vector<Entry> entries_;
  std::vector<std::string> misspelled_;  // known keys an unknown key was taken to mean
  bool had_unknown_keys_ = false;
};

// Value readers: each reports what is wrong at the node and returns nullopt.
// Text that must say something (a name, a type, SQL): "" is refused.
std::optional<std::string> read_string(LoadContext& ctx, const YAML::Node& node,
                                       const std::string& field);
// Free text where "" is a fine value (a description, a request body).
std::optional<std::string> read_text(LoadContext& ctx, const YAML::Node& node,
                                     const std::string& field);
std::optional<TemplatedString> read_templated(LoadContext& ctx, const YAML::Node& node,
                                              const std::string& field, bool defer_unset = false);
std::optional<std::string> read_identifier(LoadContext& ctx, const YAML::Node& node,
                                           const std::string& field);
std::optional<std::vector<std::string>> read_identifier_list(LoadContext& ctx,
                                                             const YAML::Node& node,
                                                             const std::string& field);
std::optional<std::vector<std::string>> read_string_list(LoadContext& ctx, const YAML::Node& node,
                                                         const std::string& field);
std::optional<Duration> read_duration(LoadContext& ctx, const YAML::Node& node,
                                      const std::string& field, bool allow_zero);
std::optional<long long> read_integer(LoadContext& ctx, const YAML::Node& node,
                                      const std::string& field, long long minimum,
                                      long long maximum);
std::optional<bool> read_bool(LoadContext& ctx, const YAML::Node& node, const std::string& field);
std::optional<Expectation> read_expectation(LoadContext& ctx, const YAML::Node& node,
                                            const std::string& field);
// One of `accepted`; a misspelling gets "did you mean".
std::optional<std::string> read_choice(LoadContext& ctx, const YAML::Node& node,
                                       const std::string& field,
                                       const std::vector<std::string>& accepted,
                                       const std::string& note = {});

// Assigns `*out` when the key is present and reads well; leaves the default otherwise.
template <typename T, typename Reader>
void read_optional_into(MapReader& map, const std::string& key, T& out, Reader reader) {
  if (!map.has(key))
    return;
  if (auto value = reader(map.optional(key)))
    out = *value;
}

}  // namespace zdm::plan::detail
