#include "context.hpp"

#include <algorithm>

#include "mysql_alter.hpp"
#include "mysql_sql.hpp"
#include "pg_parse.hpp"

namespace zdm::lint {

namespace {

std::string with_thousands(long long value) {
  std::string digits = std::to_string(value);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3)
    digits.insert(static_cast<size_t>(at), ",");
  return digits;
}

}  // namespace

// A type as its dialect's parser reduces it, so that the plan's "int" and the catalog's
// "int(11)", or "varchar(255)" and "character varying(255)", compare equal.
std::string LintContext::canonical_type(const std::string& text) const {
  if (postgres()) {
    const auto type = pg::parse_type(text);
    return type ? pg::describe(*type) : text;
  }
  const auto type = mysql::parse_type(text);
  return type ? mysql::describe(*type) : text;
}

bool LintContext::same_name(std::string_view a, std::string_view b) const {
  if (postgres())
    return a == b;
  return mysql::lower(a) == mysql::lower(b);
}

bool LintContext::created_by_plan(const std::string& table, size_t index) const {
  for (size_t i = 0; i < index && i < statements_.size(); ++i) {
    if (!statements_[i].runs_forward())
      continue;
    for (const auto& created : statements_[i].facts.created_tables) {
      if (same_name(created, table))
        return true;
    }
  }
  return false;
}

std::optional<std::string> LintContext::column_type(const std::string& table,
                                                    const std::string& column, size_t index) const {
  std::optional<std::string> type;
  for (size_t i = 0; i < index && i < statements_.size(); ++i) {
    if (!statements_[i].runs_forward())
      continue;
    const auto& facts = statements_[i].facts;
    for (const auto& added : facts.columns_added) {
      if (same_name(added.table, table) && same_name(added.column, column))
        type = added.type;
    }
    for (const auto& set : facts.types_set) {
      if (same_name(set.table, table) && same_name(set.column, column))
        type = set.type;
    }
  }
  if (type || catalog_ == nullptr)
    return type ? std::optional<std::string>(canonical_type(*type)) : std::nullopt;
  for (const auto& candidate : catalog_->table(table).schema.columns) {
    if (same_name(candidate.name, column))
      return canonical_type(candidate.type);
  }
  return std::nullopt;
}

std::optional<bool> LintContext::table_exists(const std::string& table) const {
  if (catalog_ == nullptr)
    return std::nullopt;
  return catalog_->table(table).schema.exists;
}

void LintContext::report(std::string_view code, const PlannedStatement& statement,
                         const std::string& table, std::string message,
                         std::optional<plan::Severity> severity) {
  std::string step;
  if (statement.step)
    step = statement.step->name;
  else if (statement.gate)
    step = statement.gate->name;
  if (statement.origin == SqlOrigin::sql_down)
    message = "on rollback (down): " + message;
  report_at(code, statement.at, statement.anchor_lines,
            statement.phase ? plan::to_string(*statement.phase) : "", step, table,
            std::move(message), severity);
}

void LintContext::report_at(std::string_view code, plan::SourceLocation at,
                            std::vector<int> anchor_lines, const std::string& phase,
                            const std::string& step, const std::string& table, std::string message,
                            std::optional<plan::Severity> severity) {
  Finding finding;
  finding.rule = &rule(code);
  finding.severity = severity.value_or(finding.rule->severity);
  finding.file = plan_.source_file;
  finding.at = at;
  finding.message = std::move(message);
  finding.hint = std::string(finding.rule->safe_alternative);
  finding.phase = phase;
  finding.step = step;
  finding.table = table;
  finding.anchor_lines = std::move(anchor_lines);
  finding.anchor_lines.insert(finding.anchor_lines.begin(), at.line);
  size_severity(finding);
  if (finding.rule->version_dependent)
    finding.message += " (" + server_.assumption() + ")";
  findings_.push_back(std::move(finding));
}

// Online, a size-sensitive finding is an error on a large table and a warning on a small
// one; offline (or when the catalog has no estimate) it keeps the rule's severity.
void LintContext::size_severity(Finding& finding) const {
  if (!finding.rule->size_sensitive || catalog_ == nullptr || finding.table.empty())
    return;
  const TableFacts& facts = catalog_->table(finding.table);
  if (!facts.schema.exists || !facts.rows)
    return;
  const bool large = *facts.rows >= large_table_rows_;
  finding.severity = large ? plan::Severity::error : plan::Severity::warning;
  finding.message += " (" + finding.table + ": ~" + with_thousands(*facts.rows) + " rows, " +
                     (large ? "at or above" : "below") + " --large-table-rows " +
                     with_thousands(large_table_rows_) + ")";
}

}  // namespace zdm::lint
