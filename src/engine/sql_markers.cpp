#include "zdm/engine/sql_markers.hpp"

namespace zdm::engine {

std::string number_markers(const db::Dialect& dialect, const std::string& sql, int first_number) {
  std::string out;
  int number = first_number;
  for (char c : sql) {
    if (c == '?')
      out += dialect.placeholder(number++);
    else
      out += c;
  }
  return out;
}

}  // namespace zdm::engine
