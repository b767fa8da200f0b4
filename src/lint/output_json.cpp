// JSON: kind zdm.lint, version 1 (docs/json-output.md).
#include "zdm/lint/output.hpp"
#include "zdm/version.hpp"

namespace zdm::lint {

namespace {

using Json = nlohmann::ordered_json;

Json text_or_null(const std::string& text) {
  return text.empty() ? Json(nullptr) : Json(text);
}

// "a, b" -> ["a", "b"]
Json list(std::string_view text) {
  Json out = Json::array();
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find(", ", start), text.size());
    out.push_back(std::string(text.substr(start, end - start)));
    start = end + 2;
  }
  return out;
}

const char* fail_on_name(FailOn fail_on) {
  switch (fail_on) {
    case FailOn::error:
      return "error";
    case FailOn::warning:
      return "warning";
    case FailOn::never:
      return "never";
  }
  return "error";
}

Json server_json(const std::optional<ServerVersion>& server) {
  if (!server)
    return nullptr;
  return {{"product", to_string(server->product)},
          {"version", server->name().substr(server->name().find(' ') + 1)},
          {"source", to_string(server->source)}};
}

Json plan_json(const PlanLint& plan) {
  Json findings = Json::array();
  for (const auto& finding : plan.findings)
    findings.push_back(finding_json(finding));
  return {{"file", plan.file},
          {"valid", plan.valid},
          {"driver", plan.driver ? Json(plan::to_string(*plan.driver)) : Json(nullptr)},
          {"server_version", server_json(plan.server)},
          {"online", plan.online},
          {"findings", findings}};
}

}  // namespace

Json finding_json(const Finding& finding) {
  Json out = {{"code", finding.rule->code},
              {"rule", finding.rule->name},
              {"severity", plan::to_string(finding.severity)},
              {"file", finding.file},
              {"line", finding.at.known() ? Json(finding.at.line) : Json(nullptr)},
              {"column", finding.at.known() ? Json(finding.at.column) : Json(nullptr)},
              {"message", finding.message},
              {"hint", text_or_null(finding.hint)},
              {"phase", text_or_null(finding.phase)},
              {"step", text_or_null(finding.step)},
              {"table", text_or_null(finding.table)},
              {"suppressed", nullptr}};
  if (finding.suppressed) {
    out["suppressed"] = {{"reason", finding.suppressed->reason},
                         {"line", finding.suppressed->line}};
  }
  return out;
}

Json plan_lint_json(const PlanLint& plan) {
  Json findings = Json::array();
  for (const auto& finding : plan.findings)
    findings.push_back(finding_json(finding));
  return {
      {"server_version", plan.server ? Json(plan.server->name()) : Json(nullptr)},
      {"server_version_source", plan.server ? Json(to_string(plan.server->source)) : Json(nullptr)},
      {"online", plan.online},
      {"findings", findings}};
}

Json rules_json() {
  Json out = Json::array();
  for (const auto& rule : all_rules()) {
    out.push_back({{"code", rule.code},
                   {"name", rule.name},
                   {"severity", plan::to_string(rule.severity)},
                   {"dialect", to_string(rule.dialect)},
                   {"summary", rule.summary},
                   {"safe_alternative", rule.safe_alternative},
                   {"squawk", list(rule.squawk)},
                   {"strong_migrations", list(rule.strong_migrations)},
                   {"size_sensitive", rule.size_sensitive},
                   {"version_dependent", rule.version_dependent},
                   {"suppressible", rule.suppressible}});
  }
  return out;
}

Json json_report(const std::vector<PlanLint>& plans, const OutputContext& context) {
  const Counts counts = count(plans);
  Json plan_list = Json::array();
  for (const auto& plan : plans)
    plan_list.push_back(plan_json(plan));
  return {{"kind", "zdm.lint"},
          {"version", 1},
          {"tool", {{"name", "zdm"}, {"version", kVersion}}},
          {"fail_on", fail_on_name(context.fail_on)},
          {"failed", reaches(plans, context.fail_on)},
          {"summary",
           {{"errors", counts.errors},
            {"warnings", counts.warnings},
            {"suppressed", counts.suppressed}}},
          {"plans", plan_list},
          {"rules", rules_json()}};
}

}  // namespace zdm::lint
