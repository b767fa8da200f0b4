// SARIF 2.1.0: one run of zdm, its rules, and a result per finding (suppressed ones with
// their in-source suppression), as GitHub code scanning and other SARIF readers take it.
#include <algorithm>

#include "fingerprint.hpp"
#include "zdm/lint/output.hpp"
#include "zdm/util/percent_encoding.hpp"
#include "zdm/version.hpp"

namespace zdm::lint {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kSarifSchema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

const char* level(plan::Severity severity) {
  return severity == plan::Severity::error ? "error" : "warning";
}

// A file path as a URI reference: each segment percent-encoded, "/" kept; absolute paths
// become file:// URIs.
std::string uri_of(const std::string& path) {
  std::string out;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    out += util::percent_encode(std::string_view(path).substr(start, end - start));
    if (end < path.size())
      out += "/";
    start = end + 1;
  }
  return !path.empty() && path[0] == '/' ? "file://" + out : out;
}

Json rule_json(const RuleInfo& rule) {
  Json tags = Json::array({"database-migration", to_string(rule.dialect)});
  return {{"id", rule.code},
          {"name", rule.name},
          {"shortDescription", {{"text", rule.summary}}},
          {"fullDescription",
           {{"text", std::string(rule.summary) + " " + std::string(rule.safe_alternative)}}},
          {"help", {{"text", rule.safe_alternative}}},
          {"defaultConfiguration", {{"level", level(rule.severity)}}},
          {"properties", {{"tags", tags}}}};
}

size_t rule_index(const RuleInfo* rule) {
  const auto& rules = all_rules();
  for (size_t i = 0; i < rules.size(); ++i) {
    if (&rules[i] == rule)
      return i;
  }
  return 0;
}

Json result_json(const Finding& finding, const std::string& fingerprint) {
  Json physical = {{"artifactLocation", {{"uri", uri_of(finding.file)}}}};
  if (finding.at.known()) {
    physical["region"] = {{"startLine", finding.at.line},
                          {"startColumn", std::max(finding.at.column, 1)}};
  }
  std::string text = finding.message;
  if (!finding.hint.empty())
    text += " Hint: " + finding.hint;
  Json result = {{"ruleId", finding.rule->code},
                 {"ruleIndex", rule_index(finding.rule)},
                 {"level", level(finding.severity)},
                 {"message", {{"text", text}}},
                 {"locations", Json::array({{{"physicalLocation", physical}}})},
                 {"partialFingerprints", {{"zdmFinding/v1", fingerprint}}}};
  if (finding.suppressed) {
    result["suppressions"] =
        Json::array({{{"kind", "inSource"}, {"justification", finding.suppressed->reason}}});
  }
  return result;
}

Json plans_property(const std::vector<PlanLint>& plans) {
  Json out = Json::array();
  for (const auto& plan : plans) {
    out.push_back({{"file", plan.file},
                   {"serverVersion", plan.server ? Json(plan.server->name()) : Json(nullptr)},
                   {"serverVersionSource",
                    plan.server ? Json(to_string(plan.server->source)) : Json(nullptr)},
                   {"online", plan.online}});
  }
  return out;
}

}  // namespace

Json sarif_report(const std::vector<PlanLint>& plans) {
  Json rules = Json::array();
  for (const auto& rule : all_rules())
    rules.push_back(rule_json(rule));
  Json results = Json::array();
  for (const auto& plan : plans) {
    const auto prints = fingerprints(plan);
    for (size_t i = 0; i < plan.findings.size(); ++i)
      results.push_back(result_json(plan.findings[i], prints[i]));
  }
  Json run = {{"tool", {{"driver", {{"name", "zdm"}, {"version", kVersion}, {"rules", rules}}}}},
              {"invocations", Json::array({{{"executionSuccessful", true}}})},
              {"results", results},
              {"properties", {{"plans", plans_property(plans)}}}};
  return {{"$schema", kSarifSchema}, {"version", "2.1.0"}, {"runs", Json::array({run})}};
}

}  // namespace zdm::lint
