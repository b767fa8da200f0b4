#include "zdm/plan/identifier.hpp"

#include <cctype>

namespace zdm::plan {

namespace {

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

bool is_valid_identifier(const std::string& name) {
  return identifier_problem(name).empty();
}

std::string identifier_problem(const std::string& name) {
  if (name.empty())
    return "it is empty";
  if (is_ascii_digit(name[0]))
    return "it starts with a digit";
  if (name[0] == '$')
    return "it starts with \"$\"";
  for (char c : name) {
    if (is_ascii_letter(c) || is_ascii_digit(c) || c == '_' || c == '$')
      continue;
    if (c == ' ')
      return "it contains a space";
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
      return "it contains a control or non-ASCII character";
    return std::string("it contains \"") + c + "\"";
  }
  if (name.size() > kMaxIdentifierBytes) {
    return "it is " + std::to_string(name.size()) + " bytes long, the limit is " +
           std::to_string(kMaxIdentifierBytes);
  }
  return {};
}

bool is_valid_plan_name(const std::string& name) {
  if (name.empty() || name.size() > 63)
    return false;
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || is_ascii_digit(c); };
  if (!lower_or_digit(name[0]))
    return false;
  for (char c : name) {
    if (!lower_or_digit(c) && c != '_' && c != '-')
      return false;
  }
  return true;
}

}  // namespace zdm::plan
