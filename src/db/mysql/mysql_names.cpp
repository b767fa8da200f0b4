#include "mysql_names.hpp"

#include <cstdint>

namespace zdm::db::mysql {

namespace {

char lower_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

std::string quote(std::string_view identifier) {
  std::string quoted = "`";
  for (char c : identifier) {
    if (c == '`')
      quoted += '`';
    quoted += c;
  }
  return quoted + "`";
}

std::string quoted_list(const std::vector<std::string>& identifiers) {
  std::string out;
  for (const auto& identifier : identifiers) {
    if (!out.empty())
      out += ", ";
    out += quote(identifier);
  }
  return out;
}

std::string short_hash(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 16777619u;
  }
  static constexpr char kHexDigits[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kHexDigits[hash & 0xfu];
    hash >>= 4;
  }
  return out;
}

std::string fit_identifier(std::string_view base, std::string_view suffix) {
  const std::string whole = std::string(base) + std::string(suffix);
  if (whole.size() <= kMaxIdentifierLength)
    return whole;
  // Appended piece by piece: GCC 12 at -O3 warns falsely (-Wrestrict) on "_" + string.
  std::string tail = "_";
  tail += short_hash(whole);
  tail += suffix;
  const std::size_t keep =
      kMaxIdentifierLength > tail.size() ? kMaxIdentifierLength - tail.size() : 0;
  return std::string(base.substr(0, keep)) + tail;
}

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower_ascii(a[i]) != lower_ascii(b[i]))
      return false;
  }
  return true;
}

std::string brief_metadata_lock(const std::string& table) {
  return "a brief exclusive metadata lock on " + quote(table);
}

}  // namespace zdm::db::mysql
