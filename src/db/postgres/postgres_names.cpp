#include "postgres_names.hpp"

#include <cstdint>
#include <cstdio>

namespace zdm::db::pg {

namespace {

// FNV-1a, 32 bits: short, stable across builds and platforms.
std::uint32_t fnv1a(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 16777619u;
  }
  return hash;
}

std::string hex8(std::uint32_t value) {
  char buffer[9];
  std::snprintf(buffer, sizeof buffer, "%08x", value);
  return buffer;
}

// The longest prefix of `text` of at most `bytes` bytes that does not split a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes)
    return text;
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80)
    --bytes;
  return text.substr(0, bytes);
}

}  // namespace

std::string quote_identifier(std::string_view identifier) {
  std::string quoted = "\"";
  for (char c : identifier) {
    if (c == '"')
      quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

std::string qualified_name(std::string_view schema, std::string_view name) {
  return quote_identifier(schema) + "." + quote_identifier(name);
}

std::string quoted_list(const std::vector<std::string>& identifiers) {
  std::string list;
  for (const auto& identifier : identifiers)
    list += (list.empty() ? "" : ", ") + quote_identifier(identifier);
  return list;
}

std::string display_name(std::string_view schema, std::string_view name) {
  return std::string(schema) + "." + std::string(name);
}

std::string sync_object_name(std::string_view migration, std::string_view table) {
  const std::string full = "zdm_sync_" + std::string(migration) + "_" + std::string(table);
  if (full.size() <= kMaxIdentifierBytes)
    return full;
  const std::string suffix = "_" + hex8(fnv1a(full));
  return std::string(utf8_prefix(full, kMaxIdentifierBytes - suffix.size())) + suffix;
}

}  // namespace zdm::db::pg
