#pragma once
// Quoting and naming for the postgres dialect. Private to src/db/postgres.

#include <string>
#include <string_view>
#include <vector>

namespace zdm::db::pg {

// PostgreSQL truncates identifiers longer than this (NAMEDATALEN - 1).
inline constexpr std::size_t kMaxIdentifierBytes = 63;

// "name", with inner double quotes doubled.
std::string quote_identifier(std::string_view identifier);
// "schema"."name"
std::string qualified_name(std::string_view schema, std::string_view name);
// "a", "b", "c"
std::string quoted_list(const std::vector<std::string>& identifiers);
// schema.name as a person reads it, for lock descriptions and messages.
std::string display_name(std::string_view schema, std::string_view name);
// The name of the function and trigger that keep `table` in step for `migration`:
// zdm_sync_<migration>_<table>, cut to 63 bytes with a hash of the full name when longer.
std::string sync_object_name(std::string_view migration, std::string_view table);

}  // namespace zdm::db::pg
