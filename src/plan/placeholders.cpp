#include "zdm/plan/placeholders.hpp"

#include <cctype>

namespace zdm::plan {

std::vector<Placeholder> find_placeholders(const std::string& text) {
  std::vector<Placeholder> found;
  size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string::npos) {
    const auto close = text.find("}}", pos + 2);
    if (close == std::string::npos)
      break;
    std::string name = text.substr(pos + 2, close - pos - 2);
    // Trim the spaces people put inside: {{ percent }}.
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front())))
      name.erase(0, 1);
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back())))
      name.pop_back();
    found.push_back({name, pos, close + 2 - pos});
    pos = close + 2;
  }
  return found;
}

}  // namespace zdm::plan
