#pragma once
// Lint results in the forms CI systems read: text, JSON (zdm.lint, versioned), GitHub
// workflow commands, GitLab Code Quality and SARIF 2.1.0.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "zdm/lint/lint.hpp"

namespace zdm::lint {

enum class Format { text, json, github, gitlab, sarif };

// nullopt for an unknown name.
std::optional<Format> format_from_string(const std::string& name);
inline constexpr const char* kFormatNames[] = {"text", "json", "github", "gitlab", "sarif"};

struct OutputContext {
  FailOn fail_on = FailOn::error;
};

// Unsuppressed findings, one "FILE:LINE:COL: severity: CODE name: message" per finding
// (and its hint), then a summary line.
std::string text_report(const std::vector<PlanLint>& plans);
// kind "zdm.lint", version 1: documented in docs/json-output.md.
nlohmann::ordered_json json_report(const std::vector<PlanLint>& plans,
                                   const OutputContext& context);
// One finding as JSON (also used inside zdm.dry_run's "lint").
nlohmann::ordered_json finding_json(const Finding& finding);
nlohmann::ordered_json rules_json();
// One plan's lint inside another command's JSON (zdm.validate, zdm.dry_run):
// {"server_version", "server_version_source", "online", "findings"}.
nlohmann::ordered_json plan_lint_json(const PlanLint& plan);
// Each unsuppressed finding as text and a summary naming the server version, for stderr
// beside another command's output; "" when the plan has no finding at all.
std::string findings_text(const PlanLint& plan);
// ::error file=F,line=L,col=C,title=CODE name::message (workflow commands).
std::string github_report(const std::vector<PlanLint>& plans);
// GitLab Code Quality: an array of issues with fingerprints.
nlohmann::ordered_json gitlab_report(const std::vector<PlanLint>& plans);
// SARIF 2.1.0, one run; suppressed findings carry their in-source suppression.
nlohmann::ordered_json sarif_report(const std::vector<PlanLint>& plans);

// The whole output of one format, ready to print on stdout.
std::string render(Format format, const std::vector<PlanLint>& plans, const OutputContext& context);

}  // namespace zdm::lint
