#pragma once
// Helpers for lint tests: plans built around a few steps, linted offline or against a
// fixed catalog, and the findings' codes.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "plan_test_support.hpp"
#include "zdm/lint/lint.hpp"

namespace zdm::test {

// A YAML literal block holding `sql`, each line indented by `indent` spaces.
inline std::string block(const std::string& sql, int indent) {
  std::string out = "|\n";
  std::istringstream lines(sql);
  std::string line;
  while (std::getline(lines, line))
    out += std::string(static_cast<size_t>(indent), ' ') + line + "\n";
  return out;
}

inline std::string plan_header(const std::string& driver) {
  return "zdm: 1\nname: lint-test\ntarget: {driver: " + driver + "}\nphases:\n";
}

// An sql step named `name` (down optional), as a list item of expand or contract steps.
inline std::string sql_step(const std::string& name, const std::string& up,
                            const std::string& down = "") {
  std::string out = "      - name: " + name + "\n        sql:\n          up: " + block(up, 12);
  if (!down.empty())
    out += "          down: " + block(down, 12);
  return out;
}

inline std::string phase(const std::string& name, const std::string& steps) {
  return "  " + name + ":\n    steps:\n" + steps;
}

// A read_switch phase with one command step.
inline std::string read_switch() {
  return "  read_switch:\n    steps:\n      - command: {argv: [echo, switch]}\n"
         "        rollback: {command: {argv: [echo, back]}}\n";
}

inline std::string pg_expand(const std::string& steps) {
  return plan_header("postgres") + phase("expand", steps);
}

inline std::string mysql_expand(const std::string& steps) {
  return plan_header("mysql") + phase("expand", steps);
}

inline lint::PlanLint lint_text(const std::string& text, lint::LintOptions options = {}) {
  const auto loaded = load(text);
  if (!loaded.ok())
    throw std::runtime_error("the test plan does not load: " + first_error(loaded) + "\n" + text);
  return lint::lint_plan(*loaded.plan, options);
}

// Unsuppressed findings of one rule.
inline std::vector<lint::Finding> findings_of(const lint::PlanLint& result,
                                              const std::string& code) {
  std::vector<lint::Finding> out;
  for (const auto& finding : result.findings) {
    if (finding.rule->code == code && !finding.suppressed)
      out.push_back(finding);
  }
  return out;
}

inline bool fires(const lint::PlanLint& result, const std::string& code) {
  return !findings_of(result, code).empty();
}

// "CODE@LINE:COL severity: message" of every finding, for failure messages.
inline std::string describe(const lint::PlanLint& result) {
  std::string out;
  for (const auto& f : result.findings) {
    out += std::string(f.rule->code) + "@" + std::to_string(f.at.line) + ":" +
           std::to_string(f.at.column) + " " + plan::to_string(f.severity) +
           (f.suppressed ? " (suppressed)" : "") + ": " + f.message + "\n";
  }
  return out.empty() ? "no findings\n" : out;
}

// The one finding of `code`; fails the test when there is not exactly one.
inline lint::Finding only(const lint::PlanLint& result, const std::string& code) {
  const auto found = findings_of(result, code);
  if (found.size() != 1)
    ADD_FAILURE() << "expected one " << code << " finding, got " << found.size() << ":\n"
                  << describe(result);
  return found.empty() ? lint::Finding{} : found.front();
}

// A catalog with one table of `rows` rows and the given columns (name, type).
inline lint::FixedCatalog catalog_with(
    const std::string& table, long long rows,
    const std::vector<std::pair<std::string, std::string>>& columns = {},
    const std::vector<db::ConstraintSchema>& constraints = {}) {
  lint::TableFacts facts;
  facts.schema.table = table;
  facts.schema.exists = true;
  for (const auto& [name, type] : columns) {
    db::ColumnSchema column;
    column.name = name;
    column.type = type;
    facts.schema.columns.push_back(column);
  }
  facts.schema.constraints = constraints;
  facts.rows = rows;
  return lint::FixedCatalog({{table, facts}});
}

inline lint::LintOptions online(lint::Catalog& catalog, long long large_table_rows = 1000) {
  lint::LintOptions options;
  options.catalog = &catalog;
  options.large_table_rows = large_table_rows;
  return options;
}

inline lint::LintOptions server(plan::Driver driver, const std::string& version) {
  lint::LintOptions options;
  options.server = lint::ServerVersion::parse(driver, version, lint::ServerVersion::Source::flag);
  return options;
}

}  // namespace zdm::test
