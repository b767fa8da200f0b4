#include "zdm/lint/output.hpp"

namespace zdm::lint {

std::optional<Format> format_from_string(const std::string& name) {
  static const std::pair<const char*, Format> formats[] = {{"text", Format::text},
                                                           {"json", Format::json},
                                                           {"github", Format::github},
                                                           {"gitlab", Format::gitlab},
                                                           {"sarif", Format::sarif}};
  for (const auto& [text, format] : formats) {
    if (name == text)
      return format;
  }
  return std::nullopt;
}

std::string render(Format format, const std::vector<PlanLint>& plans,
                   const OutputContext& context) {
  switch (format) {
    case Format::text:
      return text_report(plans);
    case Format::json:
      return json_report(plans, context).dump(2) + "\n";
    case Format::github:
      return github_report(plans);
    case Format::gitlab:
      return gitlab_report(plans).dump(2) + "\n";
    case Format::sarif:
      return sarif_report(plans).dump(2) + "\n";
  }
  return "";
}

}  // namespace zdm::lint
