#include "zdm/db/constant_default.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace zdm::db {

namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// -12, 1.5, +3e-2
bool is_number(std::string_view text) {
  if (!text.empty() && (text.front() == '-' || text.front() == '+'))
    text.remove_prefix(1);
  const auto digits = std::find_if_not(text.begin(), text.end(), is_digit);
  if (digits == text.begin())
    return false;
  std::string_view rest(digits, text.end());
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    rest = std::string_view(std::find_if_not(rest.begin(), rest.end(), is_digit), rest.end());
  }
  if (!rest.empty() && (rest.front() == 'e' || rest.front() == 'E')) {
    rest.remove_prefix(1);
    if (!rest.empty() && (rest.front() == '-' || rest.front() == '+'))
      rest.remove_prefix(1);
    const auto exponent = std::find_if_not(rest.begin(), rest.end(), is_digit);
    if (exponent == rest.begin())
      return false;
    rest = std::string_view(exponent, rest.end());
  }
  return rest.empty();
}

// "::character varying", "::numeric(10,2)", "::text[]": a cast to a type name, which calls
// nothing of the user's.
bool is_cast(std::string_view text) {
  if (text.substr(0, 2) != "::")
    return false;
  return std::all_of(text.begin() + 2, text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view(" _(),\".[]:").find(c) != std::string_view::npos;
  });
}

// 'text' with '' inside, then nothing or a cast.
bool is_quoted_literal(std::string_view text) {
  if (text.empty() || text.front() != '\'')
    return false;
  size_t at = 1;
  while (at < text.size()) {
    if (text[at] == '\\')
      return false;  // an escape: MySQL's and E'' strings read it differently
    if (text[at] == '\'') {
      if (at + 1 < text.size() && text[at + 1] == '\'') {
        at += 2;
        continue;
      }
      const std::string_view rest = text.substr(at + 1);
      return rest.empty() || is_cast(rest);
    }
    ++at;
  }
  return false;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<std::string> constant_default(const ColumnSchema& column) {
  if (!column.default_sql)
    return std::nullopt;
  std::string_view text = trimmed(*column.default_sql);
  if (text.size() >= 2 && text.front() == '(' && text.back() == ')')
    text = trimmed(text.substr(1, text.size() - 2));
  if (equals_ignoring_case(text, "true") || equals_ignoring_case(text, "false") ||
      is_number(text) || is_quoted_literal(text))
    return std::string(text);
  return std::nullopt;
}

}  // namespace zdm::db
