// zdm lint: collect what zdm will run, apply every rule of the plan's dialect, honour the
// plan's ignore comments.
#include "zdm/lint/lint.hpp"

#include <algorithm>
#include <tuple>

#include "context.hpp"
#include "rules.hpp"
#include "statements.hpp"
#include "suppression.hpp"

namespace zdm::lint {

namespace {

bool earlier(const Finding& a, const Finding& b) {
  return std::tie(a.at.line, a.at.column, a.rule->code, a.message) <
         std::tie(b.at.line, b.at.column, b.rule->code, b.message);
}

bool same(const Finding& a, const Finding& b) {
  return a.rule == b.rule && a.at == b.at && a.message == b.message;
}

void sort_and_dedupe(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), earlier);
  findings.erase(std::unique(findings.begin(), findings.end(), same), findings.end());
}

}  // namespace

PlanLint lint_plan(const plan::Plan& plan, const LintOptions& options) {
  PlanLint out;
  out.file = plan.source_file;
  out.driver = plan.target.driver;
  out.server = options.server.value_or(ServerVersion::default_for(plan.target.driver));
  out.online = options.catalog != nullptr;
  CollectedStatements collected = collect_statements(plan);
  LintContext ctx(plan, collected.statements, *out.server, options.catalog,
                  options.large_table_rows);
  for (const auto& info : all_rules()) {
    const RuleCheck check = check_of(info.code);
    if (check && applies_to(info, plan.target.driver))
      check(ctx);
  }
  out.findings = std::move(collected.syntax_errors);
  for (auto& finding : ctx.take_findings())
    out.findings.push_back(std::move(finding));
  const IgnoreScan ignores = scan_ignores(plan.source_text, plan.source_file);
  apply_ignores(ignores, out.findings);
  out.findings.insert(out.findings.end(), ignores.problems.begin(), ignores.problems.end());
  sort_and_dedupe(out.findings);
  return out;
}

PlanLint invalid_plan(const std::string& file, const std::vector<plan::Diagnostic>& diagnostics) {
  PlanLint out;
  out.file = file;
  out.valid = false;
  for (const auto& diagnostic : diagnostics) {
    if (diagnostic.severity != plan::Severity::error)
      continue;
    Finding finding;
    finding.rule = &rule("ZDM000");
    finding.severity = plan::Severity::error;
    finding.file = diagnostic.file;
    finding.at = diagnostic.at;
    finding.message = diagnostic.message;
    finding.hint = diagnostic.hint;
    out.findings.push_back(std::move(finding));
  }
  return out;
}

bool reaches(const std::vector<PlanLint>& plans, FailOn fail_on) {
  if (fail_on == FailOn::never)
    return false;
  for (const auto& plan : plans) {
    for (const auto& finding : plan.findings) {
      if (finding.suppressed)
        continue;
      if (finding.severity == plan::Severity::error || fail_on == FailOn::warning)
        return true;
    }
  }
  return false;
}

Counts count(const std::vector<PlanLint>& plans) {
  Counts counts;
  for (const auto& plan : plans) {
    for (const auto& finding : plan.findings) {
      if (finding.suppressed)
        ++counts.suppressed;
      else if (finding.severity == plan::Severity::error)
        ++counts.errors;
      else
        ++counts.warnings;
    }
  }
  return counts;
}

}  // namespace zdm::lint
