#pragma once
// What the DSN parsers find in a DSN's text, with the places of the parts that redaction
// and with_database() rewrite. Private to src/db.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "zdm/db/dsn.hpp"

namespace zdm::db::detail {

// [begin, end) in the DSN text.
struct Span {
  size_t begin = 0;
  size_t end = 0;
};

struct DsnParts {
  DriverKind driver = DriverKind::postgres;
  bool is_uri = false;

  std::string host;
  std::optional<int> port;
  std::string user;
  std::string database;
  std::string password;             // decoded
  std::string password_as_written;  // percent-encoded or quoted, as in the text
  bool has_password = false;
  std::optional<SslMode> ssl_mode;

  // Every secret value in the text: the only parts redaction replaces.
  std::vector<Span> secrets;
  // The database name's value as written (for a keyword, quotes included), if any; when
  // absent, with_database() inserts one at database_insert_at.
  std::optional<Span> database_value;
  size_t database_insert_at = 0;
};

// "postgresql://…", "postgres://…" or "mysql://…"; scheme_end is the offset just past "://".
DsnParts parse_uri(const std::string& text, DriverKind driver, size_t scheme_end);

// libpq's "keyword=value keyword='quoted value'" form.
DsnParts parse_keywords(const std::string& text);

// Parses a port ("1".."65535") or throws DsnError without quoting the text.
int parse_port(std::string_view text);

// Throws DsnError with "invalid DSN: " in front of what.
[[noreturn]] void fail(const std::string& what);

}  // namespace zdm::db::detail
