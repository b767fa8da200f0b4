#include "zdm/db/dsn.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "dsn_parts.hpp"
#include "zdm/util/percent_encoding.hpp"

namespace zdm::db {

namespace detail {

void fail(const std::string& what) {
  throw DsnError("invalid DSN: " + what);
}

int parse_port(std::string_view text) {
  int port = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || port < 1 ||
      port > 65535) {
    fail("the port must be a number from 1 to 65535");
  }
  return port;
}

}  // namespace detail

namespace {

using detail::DsnParts;
using detail::Span;

constexpr std::string_view kFormsHint =
    "expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE, mysql://USER:PASSWORD@HOST:PORT/"
    "DATABASE or libpq keywords such as \"host=HOST dbname=DATABASE\"";

// The length of a URI scheme ("mysql") at the start of text when "://" follows it.
std::optional<size_t> scheme_length(const std::string& text) {
  const size_t separator = text.find("://");
  if (separator == std::string::npos || separator == 0)
    return std::nullopt;
  for (size_t i = 0; i < separator; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool allowed =
        std::isalpha(c) || (i > 0 && (std::isdigit(c) || c == '+' || c == '-' || c == '.'));
    if (!allowed)
      return std::nullopt;
  }
  return separator;
}

DsnParts parse_uri_with_scheme(const std::string& text, size_t length) {
  const std::string scheme = text.substr(0, length);
  const size_t scheme_end = length + 3;
  if (scheme == "postgresql" || scheme == "postgres")
    return detail::parse_uri(text, DriverKind::postgres, scheme_end);
  if (scheme == "mysql")
    return detail::parse_uri(text, DriverKind::mysql, scheme_end);
  detail::fail("unknown scheme \"" + scheme +
               "\": use postgresql://, postgres:// or mysql:// (mysql:// for MariaDB too)");
}

DsnParts parse_parts(const std::string& text) {
  if (auto length = scheme_length(text))
    return parse_uri_with_scheme(text, *length);
  if (std::all_of(text.begin(), text.end(),
                  [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; })) {
    detail::fail("the DSN is empty; " + std::string(kFormsHint));
  }
  if (text.find('=') == std::string::npos)
    detail::fail(std::string(kFormsHint));
  return detail::parse_keywords(text);
}

std::string redact(std::string text, std::vector<Span> secrets) {
  // From the end, so that earlier offsets stay valid.
  std::sort(secrets.begin(), secrets.end(),
            [](const Span& a, const Span& b) { return a.begin > b.begin; });
  for (const Span& secret : secrets)
    text.replace(secret.begin, secret.end - secret.begin, kRedacted);
  return text;
}

// A libpq keyword value in quotes, with \ and ' escaped.
std::string quote_keyword_value(const std::string& value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\\' || c == '\'')
      quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

void replace_all(std::string& text, const std::string& needle) {
  if (needle.empty())
    return;
  for (size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + kRedacted.size())) {
    text.replace(at, needle.size(), kRedacted);
  }
}

}  // namespace

std::string_view to_string(DriverKind driver) {
  switch (driver) {
    case DriverKind::postgres:
      return "postgres";
    case DriverKind::mysql:
      return "mysql";
  }
  return "unknown";
}

std::string_view to_string(SslMode mode) {
  switch (mode) {
    case SslMode::disabled:
      return "DISABLED";
    case SslMode::preferred:
      return "PREFERRED";
    case SslMode::required:
      return "REQUIRED";
    case SslMode::verify_ca:
      return "VERIFY_CA";
    case SslMode::verify_identity:
      return "VERIFY_IDENTITY";
  }
  return "unknown";
}

Dsn Dsn::parse(const std::string& text) {
  DsnParts parts = parse_parts(text);
  Dsn dsn;
  dsn.driver_ = parts.driver;
  dsn.text_ = text;
  dsn.redacted_ = redact(text, parts.secrets);
  dsn.host_ = std::move(parts.host);
  dsn.port_ = parts.port;
  dsn.user_ = std::move(parts.user);
  dsn.database_ = std::move(parts.database);
  dsn.password_ = std::move(parts.password);
  dsn.password_as_written_ = std::move(parts.password_as_written);
  dsn.has_password_ = parts.has_password;
  dsn.ssl_mode_ = parts.ssl_mode;
  return dsn;
}

Dsn Dsn::with_database(const std::string& name) const {
  if (name.empty())
    throw DsnError("with_database: the database name is empty");
  const DsnParts parts = parse_parts(text_);
  const std::string value = parts.is_uri ? util::percent_encode(name) : quote_keyword_value(name);
  std::string updated = text_;
  if (parts.database_value) {
    const Span& span = *parts.database_value;
    updated.replace(span.begin, span.end - span.begin, value);
  } else if (parts.is_uri) {
    updated.insert(parts.database_insert_at, "/" + value);
  } else {
    updated += " dbname=" + value;
  }
  return parse(updated);
}

std::string Dsn::scrub(std::string message) const {
  // The longer first, so that a decoded password inside the written one leaves no rest.
  const bool written_is_longer = password_as_written_.size() > password_.size();
  replace_all(message, written_is_longer ? password_as_written_ : password_);
  replace_all(message, written_is_longer ? password_ : password_as_written_);
  return message;
}

}  // namespace zdm::db
