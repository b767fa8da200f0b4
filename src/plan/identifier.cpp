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
  if (name.empty() || name.size() > kMaxIdentifierBytes)
    return false;
  if (!is_ascii_letter(name[0]) && name[0] != '_')
    return false;
  for (char c : name) {
    if (!is_ascii_letter(c) && !is_ascii_digit(c) && c != '_' && c != '$')
      return false;
  }
  return true;
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
