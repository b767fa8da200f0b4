#include "zdm/lint/server_version.hpp"

#include <cctype>

#include "mysql_sql.hpp"

namespace zdm::lint {

namespace {

// The first "N" or "N.M" in the text.
bool read_version(std::string_view text, int& major, int& minor) {
  size_t at = 0;
  while (at < text.size() && !std::isdigit(static_cast<unsigned char>(text[at])))
    ++at;
  if (at == text.size())
    return false;
  auto number = [&](int& out) {
    out = 0;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])) && out < 100000)
      out = out * 10 + (text[at++] - '0');
  };
  number(major);
  minor = 0;
  if (at + 1 < text.size() && text[at] == '.' &&
      std::isdigit(static_cast<unsigned char>(text[at + 1]))) {
    ++at;
    number(minor);
  }
  return true;
}

}  // namespace

const char* to_string(Product product) {
  switch (product) {
    case Product::postgresql:
      return "PostgreSQL";
    case Product::mysql:
      return "MySQL";
    case Product::mariadb:
      return "MariaDB";
  }
  return "PostgreSQL";
}

const char* to_string(ServerVersion::Source source) {
  switch (source) {
    case ServerVersion::Source::assumed:
      return "default";
    case ServerVersion::Source::flag:
      return "--server-version";
    case ServerVersion::Source::server:
      return "server";
  }
  return "default";
}

ServerVersion ServerVersion::default_for(plan::Driver driver) {
  ServerVersion version;
  if (driver == plan::Driver::postgres) {
    version.product = Product::postgresql;
    version.major = 15;
  } else {
    version.product = Product::mariadb;
    version.major = 10;
    version.minor = 11;
  }
  return version;
}

std::optional<ServerVersion> ServerVersion::parse(plan::Driver driver, std::string_view text,
                                                  Source source) {
  const std::string lowered = mysql::lower(text);
  const bool says_mariadb = lowered.find("mariadb") != std::string::npos;
  const bool says_mysql = lowered.find("mysql") != std::string::npos;
  const bool says_postgres = lowered.find("postgres") != std::string::npos;
  const bool postgres = driver == plan::Driver::postgres;
  if ((postgres && (says_mariadb || says_mysql)) || (!postgres && says_postgres))
    return std::nullopt;
  ServerVersion version;
  version.source = source;
  if (!read_version(text, version.major, version.minor))
    return std::nullopt;
  if (postgres)
    version.product = Product::postgresql;
  else if (says_mariadb)
    version.product = Product::mariadb;
  else if (says_mysql)
    version.product = Product::mysql;
  else
    version.product = version.major >= 10 ? Product::mariadb : Product::mysql;
  return version;
}

bool ServerVersion::at_least(int wanted_major, int wanted_minor) const {
  return major > wanted_major || (major == wanted_major && minor >= wanted_minor);
}

std::string ServerVersion::name() const {
  std::string text = std::string(to_string(product)) + " " + std::to_string(major);
  if (minor != 0 || product != Product::postgresql)
    text += "." + std::to_string(minor);
  return text;
}

std::string ServerVersion::assumption() const {
  switch (source) {
    case Source::assumed:
      return "assuming " + name() + ", the default; set --server-version";
    case Source::flag:
      return "for " + name() + ", from --server-version";
    case Source::server:
      return "for " + name() + ", read from the server";
  }
  return name();
}

}  // namespace zdm::lint
