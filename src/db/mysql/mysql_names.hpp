#pragma once
// Identifier helpers shared by the mysql dialect's SQL builders. Private to src/db/mysql.

#include <string>
#include <string_view>
#include <vector>

namespace zdm::db::mysql {

// MySQL's longest identifier (table, column, index, constraint, trigger), in characters.
inline constexpr std::size_t kMaxIdentifierLength = 64;

// `name`, with inner backticks doubled.
std::string quote(std::string_view identifier);

// `a`, `b`, `c`
std::string quoted_list(const std::vector<std::string>& identifiers);

// Eight hex digits that stand for `text` (FNV-1a, 32 bits): short, stable across runs.
std::string short_hash(std::string_view text);

// `base` + `suffix` when that fits in 64 characters; otherwise `base` cut short, "_", the
// short hash of the whole name, then `suffix`, so that long names stay distinct.
std::string fit_identifier(std::string_view base, std::string_view suffix);

// The lock an ALTER, CREATE/DROP TRIGGER or DROP TABLE takes, as --dry-run says it.
std::string brief_metadata_lock(const std::string& table);

// ASCII case-insensitive equality: MySQL column names compare this way.
bool same_name(std::string_view a, std::string_view b);

}  // namespace zdm::db::mysql
