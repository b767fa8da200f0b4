#pragma once
// What a rule sees: the plan, the statements zdm will run in order, the server version,
// the catalog when online; and where it reports. Private to lint.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "statements.hpp"
#include "zdm/lint/catalog.hpp"
#include "zdm/lint/finding.hpp"
#include "zdm/lint/server_version.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::lint {

class LintContext {
 public:
  LintContext(const plan::Plan& plan, const std::vector<PlannedStatement>& statements,
              ServerVersion server, Catalog* catalog, long long large_table_rows)
      : plan_(plan),
        statements_(statements),
        server_(server),
        catalog_(catalog),
        large_table_rows_(large_table_rows) {}

  const plan::Plan& plan() const { return plan_; }
  const std::vector<PlannedStatement>& statements() const { return statements_; }
  const ServerVersion& server() const { return server_; }
  bool postgres() const { return plan_.target.driver == plan::Driver::postgres; }
  // apply --dry-run: the catalog can be asked; nullptr offline.
  Catalog* catalog() const { return catalog_; }

  // Table and column names compare as the server compares them: exactly on PostgreSQL
  // (the parser already folded unquoted names), ignoring case on MySQL.
  bool same_name(std::string_view a, std::string_view b) const;
  // Whether a statement that runs before statement `index` creates `table`: a table the
  // plan creates is empty and unused, so locking it harms nobody.
  bool created_by_plan(const std::string& table, size_t index) const;
  // The column's type before statement `index`, as the plan last set it or, online, as
  // the catalog has it, in canonical spelling; nullopt when unknown.
  std::optional<std::string> column_type(const std::string& table, const std::string& column,
                                         size_t index) const;
  // `text` in the dialect's canonical spelling ("int(11)" -> "int"); as is when unparsable.
  std::string canonical_type(const std::string& text) const;
  // Whether the table exists in the catalog; nullopt offline.
  std::optional<bool> table_exists(const std::string& table) const;

  // A finding about a statement. Size-sensitive rules get their severity from the table's
  // estimated rows when online; version-dependent rules name the version they assumed.
  // `severity` replaces the rule's when a rule is less sure in one case than in another.
  void report(std::string_view code, const PlannedStatement& statement, const std::string& table,
              std::string message, std::optional<plan::Severity> severity = std::nullopt);
  // A finding at a place of the plan that is not a statement (a backfill column, a step).
  void report_at(std::string_view code, plan::SourceLocation at, std::vector<int> anchor_lines,
                 const std::string& phase, const std::string& step, const std::string& table,
                 std::string message, std::optional<plan::Severity> severity = std::nullopt);

  std::vector<Finding> take_findings() { return std::move(findings_); }

 private:
  void size_severity(Finding& finding) const;

  const plan::Plan& plan_;
  const std::vector<PlannedStatement>& statements_;
  ServerVersion server_;
  Catalog* catalog_;
  long long large_table_rows_;
  std::vector<Finding> findings_;
};

// The check of one rule (rules.hpp declares them all).
using RuleCheck = void (*)(LintContext&);

}  // namespace zdm::lint
