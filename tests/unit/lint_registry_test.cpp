// One registry of rules: docs/lint-rules.md lists each with the same code, name, severity,
// dialect and equivalents, and each rule has a test that shows it firing and one that shows
// it quiet.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "zdm/lint/rule.hpp"

namespace zdm {
namespace {

std::vector<std::string> doc_lines() {
  std::ifstream in(ZDM_SOURCE_DIR "/docs/lint-rules.md");
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line))
    lines.push_back(line);
  return lines;
}

std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::stringstream in(row.substr(1));
  std::string cell;
  while (std::getline(in, cell, '|')) {
    const size_t first = cell.find_first_not_of(' ');
    const size_t last = cell.find_last_not_of(' ');
    out.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
  }
  return out;
}

// "a, b" -> "`a`, `b`"; "" -> "—"
std::string as_doc_cell(std::string_view list) {
  if (list.empty())
    return "—";
  std::string out;
  size_t start = 0;
  while (start < list.size()) {
    const size_t end = std::min(list.find(", ", start), list.size());
    out += (out.empty() ? "`" : ", `") + std::string(list.substr(start, end - start)) + "`";
    start = end + 2;
  }
  return out;
}

std::map<std::string, std::vector<std::string>> doc_rows() {
  std::map<std::string, std::vector<std::string>> rows;
  for (const auto& line : doc_lines()) {
    if (line.rfind("| ", 0) != 0)
      continue;
    const auto row = cells(line);
    if (!row.empty() && lint::find_rule(row[0]) && row[0].size() <= 6)
      rows[row[0]] = row;
  }
  return rows;
}

TEST(LintRegistry, DocsTableListsEveryRuleAsTheRegistryHasIt) {
  const auto rows = doc_rows();
  EXPECT_EQ(rows.size(), lint::all_rules().size());
  for (const auto& rule : lint::all_rules()) {
    const std::string code(rule.code);
    ASSERT_TRUE(rows.count(code)) << code << " has no row in docs/lint-rules.md";
    const auto& row = rows.at(code);
    ASSERT_EQ(row.size(), 7u) << code;
    EXPECT_EQ(row[1], "`" + std::string(rule.name) + "`") << code;
    EXPECT_EQ(row[2], plan::to_string(rule.severity)) << code;
    EXPECT_EQ(row[3], lint::to_string(rule.dialect)) << code;
    EXPECT_EQ(row[4].find("size") != std::string::npos, rule.size_sensitive) << code;
    EXPECT_EQ(row[4].find("version") != std::string::npos, rule.version_dependent) << code;
    EXPECT_EQ(row[5], as_doc_cell(rule.squawk)) << code;
    EXPECT_EQ(row[6], as_doc_cell(rule.strong_migrations)) << code;
  }
}

TEST(LintRegistry, DocsExplainEveryRuleInASectionOfItsOwn) {
  const auto lines = doc_lines();
  for (const auto& rule : lint::all_rules()) {
    const std::string heading = "### " + std::string(rule.code) + " " + std::string(rule.name);
    EXPECT_NE(std::find(lines.begin(), lines.end(), heading), lines.end()) << heading;
  }
}

TEST(LintRegistry, CodesAndNamesAreUniqueStableAndFoundEitherWay) {
  std::set<std::string> seen;
  for (const auto& rule : lint::all_rules()) {
    EXPECT_TRUE(seen.insert(std::string(rule.code)).second) << rule.code;
    EXPECT_TRUE(seen.insert(std::string(rule.name)).second) << rule.name;
    EXPECT_EQ(lint::find_rule(rule.name), &rule);
    std::string lower(rule.code);
    for (auto& c : lower)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(lint::find_rule(lower), &rule);
    for (const char c : rule.name)
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') << rule.name;
    EXPECT_FALSE(rule.summary.empty());
    EXPECT_FALSE(rule.safe_alternative.empty());
  }
  EXPECT_EQ(lint::find_rule("PG999"), nullptr);
}

// Each rule's suite, LintCODE, holds tests named Fires... and Quiet...
TEST(LintRegistry, EveryRuleHasAFiringAndAQuietTest) {
  std::map<std::string, std::pair<bool, bool>> found;
  const auto* unit = ::testing::UnitTest::GetInstance();
  for (int i = 0; i < unit->total_test_suite_count(); ++i) {
    const auto* suite = unit->GetTestSuite(i);
    const std::string name = suite->name();
    if (name.rfind("Lint", 0) != 0)
      continue;
    for (int j = 0; j < suite->total_test_count(); ++j) {
      const std::string test = suite->GetTestInfo(j)->name();
      auto& [fires, quiet] = found[name.substr(4)];
      fires = fires || test.rfind("Fires", 0) == 0;
      quiet = quiet || test.rfind("Quiet", 0) == 0;
    }
  }
  for (const auto& rule : lint::all_rules()) {
    const auto& [fires, quiet] = found[std::string(rule.code)];
    EXPECT_TRUE(fires) << "no Lint" << rule.code << ".Fires... test";
    EXPECT_TRUE(quiet) << "no Lint" << rule.code << ".Quiet... test";
  }
}

}  // namespace
}  // namespace zdm
