// libpq's keyword form: "host=db1 port=5432 dbname=app user=zdm password='a b\'c'".
// Same rules as libpq: whitespace around '=' is allowed, values may be single-quoted, and a
// backslash takes the next character literally. Error messages never quote a word of the
// text, since a stray word may be part of a password.

#include <cctype>

#include "dsn_parts.hpp"

namespace zdm::db::detail {

namespace {

struct KeywordValue {
  std::string keyword;
  std::string value;
  Span value_span;  // quotes included
};

class KeywordReader {
 public:
  explicit KeywordReader(const std::string& text) : text_(text) {}

  std::optional<KeywordValue> next() {
    skip_spaces();
    if (at_end())
      return std::nullopt;
    KeywordValue pair;
    pair.keyword = read_keyword();
    skip_spaces();
    if (at_end() || text_[pos_] != '=')
      fail("expected keyword=value pairs separated by spaces, found a word without '='");
    ++pos_;
    skip_spaces();
    pair.value_span.begin = pos_;
    pair.value = !at_end() && text_[pos_] == '\'' ? read_quoted_value() : read_plain_value();
    pair.value_span.end = pos_;
    return pair;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  bool at_space() const { return std::isspace(static_cast<unsigned char>(text_[pos_])) != 0; }

  void skip_spaces() {
    while (!at_end() && at_space())
      ++pos_;
  }

  std::string read_keyword() {
    const size_t begin = pos_;
    while (!at_end() && !at_space() && text_[pos_] != '=')
      ++pos_;
    if (pos_ == begin)
      fail("expected a keyword before '='");
    return text_.substr(begin, pos_ - begin);
  }

  // Appends the current character, or the one after a backslash.
  void take_character(std::string& value) {
    if (text_[pos_] == '\\' && pos_ + 1 < text_.size())
      ++pos_;
    value += text_[pos_++];
  }

  std::string read_plain_value() {
    std::string value;
    while (!at_end() && !at_space())
      take_character(value);
    return value;
  }

  std::string read_quoted_value() {
    std::string value;
    ++pos_;  // opening quote
    while (true) {
      if (at_end())
        fail("a quoted value has no closing quote");
      if (text_[pos_] == '\'') {
        ++pos_;
        return value;
      }
      take_character(value);
    }
  }

  const std::string& text_;
  size_t pos_ = 0;
};

std::string first_of_list(const std::string& value) {
  return value.substr(0, value.find(','));
}

void apply(const KeywordValue& pair, const std::string& text, DsnParts& parts) {
  const std::string& keyword = pair.keyword;
  if (keyword == "password" || keyword == "sslpassword")
    parts.secrets.push_back(pair.value_span);
  if (keyword == "password") {
    parts.password = pair.value;
    parts.password_as_written =
        text.substr(pair.value_span.begin, pair.value_span.end - pair.value_span.begin);
    parts.has_password = true;
  } else if (keyword == "user") {
    parts.user = pair.value;
  } else if (keyword == "dbname") {
    parts.database = pair.value;
    parts.database_value = pair.value_span;
  } else if (keyword == "host" || (keyword == "hostaddr" && parts.host.empty())) {
    parts.host = first_of_list(pair.value);
  } else if (keyword == "port") {
    const std::string port = first_of_list(pair.value);
    parts.port = port.empty() ? std::nullopt : std::optional<int>(parse_port(port));
  }
}

}  // namespace

DsnParts parse_keywords(const std::string& text) {
  DsnParts parts;
  parts.driver = DriverKind::postgres;
  parts.database_insert_at = text.size();
  KeywordReader reader(text);
  while (auto pair = reader.next())
    apply(*pair, text, parts);
  return parts;
}

}  // namespace zdm::db::detail
