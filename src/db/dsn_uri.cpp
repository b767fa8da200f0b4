// postgresql://, postgres:// and mysql:// URIs.
//
// The user information ends at the LAST '@': an unencoded '@', '/' or '?' in a password
// then gives a clear error instead of a host or port made of part of the password, which
// an error message (ours or libpq's) would print.

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "dsn_parts.hpp"
#include "zdm/util/percent_encoding.hpp"

namespace zdm::db::detail {

namespace {

constexpr std::string_view kDefaultMysqlHost = "127.0.0.1";
constexpr int kDefaultMysqlPort = 3306;

// A name we may quote in an error: never a value, and only when it looks like a name.
bool is_plain_name(std::string_view text) {
  return !text.empty() && text.size() <= 40 && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

std::string decode_or_fail(std::string_view text, std::string_view what) {
  auto decoded = util::percent_decode(text);
  if (!decoded) {
    fail(std::string(what) +
         " has a '%' that is not followed by two hex digits (write '%' as %25)");
  }
  return *decoded;
}

std::string_view slice(const std::string& text, size_t begin, size_t end) {
  return std::string_view(text).substr(begin, end - begin);
}

void read_userinfo(const std::string& text, size_t begin, size_t end, DsnParts& parts) {
  const std::string_view userinfo = slice(text, begin, end);
  if (userinfo.find_first_of("@/?") != std::string_view::npos) {
    fail(
        "'@', '/' and '?' in a user name or password must be written %40, %2F and %3F (and '@' "
        "in a parameter value as %40)");
  }
  const size_t colon = userinfo.find(':');
  parts.user = decode_or_fail(userinfo.substr(0, colon), "the user name");
  if (colon == std::string_view::npos)
    return;
  const Span password{begin + colon + 1, end};
  parts.password_as_written = slice(text, password.begin, password.end);
  parts.password = decode_or_fail(parts.password_as_written, "the password");
  parts.has_password = true;
  parts.secrets.push_back(password);
}

struct HostAndPort {
  std::string host;
  std::optional<int> port;
};

// "host", "host:port", "[v6]" or "[v6]:port".
HostAndPort read_host_and_port(std::string_view item) {
  HostAndPort result;
  std::string_view host = item;
  std::string_view rest;
  if (!item.empty() && item.front() == '[') {
    const size_t close = item.find(']');
    if (close == std::string_view::npos)
      fail("an IPv6 address in brackets has no closing ']'");
    host = item.substr(1, close - 1);
    rest = item.substr(close + 1);
    if (!rest.empty() && rest.front() != ':')
      fail("expected ':PORT' after the bracketed IPv6 address");
  } else {
    const size_t colon = item.find(':');
    if (colon != std::string_view::npos) {
      if (item.find(':', colon + 1) != std::string_view::npos)
        fail("an IPv6 address must be written in brackets, such as [::1]:5432");
      host = item.substr(0, colon);
      rest = item.substr(colon);
    }
  }
  result.host = decode_or_fail(host, "the host");
  if (rest.size() > 1)  // "host:" means the default port, as in libpq
    result.port = parse_port(rest.substr(1));
  return result;
}

void read_hosts(std::string_view authority, DsnParts& parts) {
  if (parts.driver == DriverKind::mysql && authority.find(',') != std::string_view::npos)
    fail("a mysql DSN names one host");
  bool first = true;
  size_t begin = 0;
  while (true) {
    const size_t comma = authority.find(',', begin);
    const auto item =
        authority.substr(begin, comma == std::string_view::npos ? comma : comma - begin);
    HostAndPort host_and_port = read_host_and_port(item);
    if (first) {
      parts.host = std::move(host_and_port.host);
      parts.port = host_and_port.port;
      first = false;
    }
    if (comma == std::string_view::npos)
      break;
    begin = comma + 1;
  }
}

std::optional<SslMode> ssl_mode_named(std::string_view name) {
  static constexpr std::array kModes{SslMode::disabled, SslMode::preferred, SslMode::required,
                                     SslMode::verify_ca, SslMode::verify_identity};
  for (SslMode mode : kModes) {
    const std::string_view mode_name = to_string(mode);
    if (std::equal(
            name.begin(), name.end(), mode_name.begin(), mode_name.end(),
            [](char a, char b) { return std::toupper(static_cast<unsigned char>(a)) == b; })) {
      return mode;
    }
  }
  return std::nullopt;
}

void apply_mysql_parameter(const std::string& key, const std::string& value, DsnParts& parts) {
  if (key != "ssl-mode") {
    const std::string name = is_plain_name(key) ? "\"" + key + "\"" : "with an unusual name";
    fail("unknown parameter " + name +
         " in a mysql DSN; the only parameter is ssl-mode=DISABLED|PREFERRED|REQUIRED|VERIFY_CA|"
         "VERIFY_IDENTITY");
  }
  if (parts.ssl_mode)
    fail("ssl-mode is given twice");
  parts.ssl_mode = ssl_mode_named(value);
  if (!parts.ssl_mode)
    fail("ssl-mode must be one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY");
}

// libpq accepts every connection keyword as a URI parameter; note the ones we describe.
void apply_postgres_parameter(const std::string& key, const std::string& value, Span value_span,
                              const std::string& text, DsnParts& parts) {
  if (key == "password" || key == "sslpassword")
    parts.secrets.push_back(value_span);
  if (key == "password") {
    parts.password = value;
    parts.password_as_written = slice(text, value_span.begin, value_span.end);
    parts.has_password = true;
  } else if (key == "user") {
    parts.user = value;
  } else if (key == "dbname") {
    parts.database = value;
    parts.database_value = value_span;
  } else if (key == "host") {
    parts.host = value.substr(0, value.find(','));
  } else if (key == "port") {
    const std::string first_port = value.substr(0, value.find(','));
    parts.port = first_port.empty() ? std::nullopt : std::optional<int>(parse_port(first_port));
  }
}

void read_parameters(const std::string& text, size_t begin, DsnParts& parts) {
  while (begin < text.size()) {
    size_t end = text.find('&', begin);
    if (end == std::string::npos)
      end = text.size();
    if (end > begin) {
      const size_t equals = text.find('=', begin);
      if (equals == std::string::npos || equals >= end)
        fail("every parameter needs a value: ?NAME=VALUE&NAME=VALUE");
      const std::string key = decode_or_fail(slice(text, begin, equals), "a parameter name");
      const std::string value = decode_or_fail(slice(text, equals + 1, end), "a parameter value");
      if (parts.driver == DriverKind::mysql)
        apply_mysql_parameter(key, value, parts);
      else
        apply_postgres_parameter(key, value, Span{equals + 1, end}, text, parts);
    }
    begin = end + 1;
  }
}

void apply_mysql_defaults(DsnParts& parts) {
  if (parts.user.empty())
    fail("a mysql DSN needs a user: mysql://USER:PASSWORD@HOST:PORT/DATABASE");
  if (parts.host.empty())
    parts.host = kDefaultMysqlHost;
  if (!parts.port)
    parts.port = kDefaultMysqlPort;
}

}  // namespace

DsnParts parse_uri(const std::string& text, DriverKind driver, size_t scheme_end) {
  DsnParts parts;
  parts.driver = driver;
  parts.is_uri = true;

  size_t authority_begin = scheme_end;
  const size_t at = text.rfind('@');
  if (at != std::string::npos && at >= scheme_end) {
    read_userinfo(text, scheme_end, at, parts);
    authority_begin = at + 1;
  }
  size_t authority_end = text.find_first_of("/?", authority_begin);
  if (authority_end == std::string::npos)
    authority_end = text.size();
  read_hosts(slice(text, authority_begin, authority_end), parts);

  size_t query_begin = text.find('?', authority_end);
  if (query_begin == std::string::npos)
    query_begin = text.size();
  parts.database_insert_at = authority_end;
  if (authority_end < text.size() && text[authority_end] == '/') {
    parts.database =
        decode_or_fail(slice(text, authority_end + 1, query_begin), "the database name");
    parts.database_value = Span{authority_end + 1, query_begin};
  }
  read_parameters(text, query_begin + 1, parts);

  if (driver == DriverKind::mysql)
    apply_mysql_defaults(parts);
  return parts;
}

}  // namespace zdm::db::detail
