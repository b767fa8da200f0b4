// The bad-plan corpus: each tests/plans/bad/NN-name.yaml gets, from the real `zdm validate`,
// exactly the stderr in NN-name.expected ("{file}" standing for its path), nothing on stdout
// and exit code 2, with a DSN that cannot be reached to show validate never connects. The
// library's first error must carry the line and column the expected text shows.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "plan_test_support.hpp"
#include "run_process.hpp"

namespace zdm {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpusDir = ZDM_SOURCE_DIR "/tests/plans/bad";
// Nothing listens on port 1: a validate that connected would fail there, never pass.
const std::string kUnreachableDsn = "ZDM_DSN=postgresql://zdm:secret@127.0.0.1:1/none";

struct CorpusCase {
  std::string name;  // "001-yaml-unclosed-flow-sequence"
  fs::path plan;
  fs::path expected;
};

void PrintTo(const CorpusCase& c, std::ostream* out) {
  *out << c.plan.filename();
}

std::vector<CorpusCase> corpus() {
  std::vector<CorpusCase> cases;
  std::error_code missing;
  for (const auto& entry : fs::directory_iterator(kCorpusDir, missing)) {
    const fs::path& path = entry.path();
    if (path.extension() != ".yaml")
      continue;
    fs::path expected = path;
    expected.replace_extension(".expected");
    cases.push_back({path.stem().string(), path, expected});
  }
  std::sort(cases.begin(), cases.end(),
            [](const CorpusCase& a, const CorpusCase& b) { return a.name < b.name; });
  return cases;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size()))
    text.replace(pos, from.size(), to);
  return text;
}

// gtest names are letters, digits and _: "001-yaml-tab" -> "001_yaml_tab".
std::string test_name(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    if (!std::isalnum(static_cast<unsigned char>(c)))
      c = '_';
  }
  return out;
}

struct ExpectedError {
  plan::SourceLocation at;
  std::string message;
};

// "LINE:COL: error: MESSAGE" -> the parts; nullopt for any other shape. (No <regex>: GCC 12
// warns inside it at -O2, and -Werror turns that into a failed build.)
std::optional<ExpectedError> parse_error_line(const std::string& rest) {
  int line = 0;
  int column = 0;
  int consumed = 0;
  if (std::sscanf(rest.c_str(), "%d:%d: error: %n", &line, &column, &consumed) != 2 ||
      consumed == 0)
    return std::nullopt;
  return ExpectedError{{line, column}, rest.substr(static_cast<size_t>(consumed))};
}

// The first "{file}:LINE:COL: error: MESSAGE" line of an expected text.
std::optional<ExpectedError> first_expected_error(const std::string& expected) {
  const std::string prefix = "{file}:";
  std::istringstream in(expected);
  std::string text;
  while (std::getline(in, text)) {
    if (text.rfind(prefix, 0) != 0)
      continue;
    if (auto parsed = parse_error_line(text.substr(prefix.size())))
      return parsed;
  }
  return std::nullopt;
}

test::ProcessResult validate(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"validate"};
  argv.insert(argv.end(), args.begin(), args.end());
  return test::run_zdm(argv, {kUnreachableDsn});
}

class BadPlanCorpus : public testing::TestWithParam<CorpusCase> {};

TEST_P(BadPlanCorpus, ValidatePrintsExactlyTheExpectedErrorsAndExits2) {
  const CorpusCase& c = GetParam();
  ASSERT_TRUE(fs::exists(c.expected)) << c.expected << " is missing";
  const std::string expected = replace_all(read_text(c.expected), "{file}", c.plan.string());
  const auto result = validate({c.plan.string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, expected);
  EXPECT_EQ(result.out, "");
}

TEST_P(BadPlanCorpus, LoaderReportsTheFirstErrorAtTheExpectedLineAndColumn) {
  const CorpusCase& c = GetParam();
  const auto expected = first_expected_error(read_text(c.expected));
  ASSERT_TRUE(expected.has_value()) << c.expected << " has no \"{file}:LINE:COL: error:\" line";
  const auto result = plan::load_plan_file(c.plan.string(), test::fixed_environment({}));
  ASSERT_FALSE(result.ok());
  const auto first =
      std::find_if(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const auto& d) { return d.severity == plan::Severity::error; });
  ASSERT_NE(first, result.diagnostics.end());
  EXPECT_EQ(first->at.line, expected->at.line);
  EXPECT_EQ(first->at.column, expected->at.column);
  EXPECT_EQ(first->message, expected->message);
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadPlanCorpus, testing::ValuesIn(corpus()),
                         [](const testing::TestParamInfo<CorpusCase>& info) {
                           return test_name(info.param.name);
                         });

TEST(BadPlanCorpusFiles, HasAtLeast40CasesEachWithItsExpectedText) {
  const auto cases = corpus();
  EXPECT_GE(cases.size(), 40u);
  for (const auto& entry : fs::directory_iterator(kCorpusDir)) {
    if (entry.path().extension() != ".expected")
      continue;
    fs::path plan = entry.path();
    plan.replace_extension(".yaml");
    EXPECT_TRUE(fs::exists(plan)) << entry.path() << " has no plan beside it";
  }
  std::vector<std::string> names;
  for (const auto& c : cases)
    names.push_back(test_name(c.name));
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end())
      << "two corpus files map to the same test name";
}

TEST(BadPlanCorpusFiles, MissingFileHasNoLineOrColumn) {
  const std::string path = (kCorpusDir / "no-such-plan.yaml").string();
  const auto result = validate({path});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, path +
                            ": error: cannot read the plan file: No such file or directory\n"
                            "  hint: check the path; zdm validate takes one or more plan files\n");
  EXPECT_EQ(result.out, "");
  const auto loaded = plan::load_plan_file(path);
  ASSERT_EQ(loaded.diagnostics.size(), 1u);
  EXPECT_EQ(loaded.diagnostics[0].message, "cannot read the plan file: No such file or directory");
  EXPECT_FALSE(loaded.diagnostics[0].at.known());
}

TEST(BadPlanCorpusFiles, DirectoryIsRefusedAsADirectory) {
  const std::string path = kCorpusDir.string();
  const auto result = validate({path});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, path + ": error: cannot read the plan file: it is a directory\n" +
                            "  hint: give the plan files in it, such as " + path + "/*.yaml\n");
  EXPECT_EQ(result.out, "");
  const auto loaded = plan::load_plan_file(path);
  ASSERT_EQ(loaded.diagnostics.size(), 1u);
  EXPECT_FALSE(loaded.diagnostics[0].at.known());
}

TEST(BadPlanCorpusFiles, JsonOutputCarriesFileLineColumnAndMessage) {
  const CorpusCase c = corpus().at(0);
  const auto expected = first_expected_error(read_text(c.expected));
  ASSERT_TRUE(expected.has_value());
  const auto result = validate({"--format", "json", c.plan.string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "");
  const auto json = nlohmann::json::parse(result.out);  // throws, failing the test, if invalid
  EXPECT_EQ(json["kind"], "zdm.validate");
  EXPECT_FALSE(json["valid"].get<bool>());
  ASSERT_EQ(json["plans"].size(), 1u);
  const auto& plan = json["plans"][0];
  EXPECT_EQ(plan["file"], c.plan.string());
  EXPECT_FALSE(plan["valid"].get<bool>());
  EXPECT_TRUE(plan["plan"].is_null());
  ASSERT_FALSE(plan["diagnostics"].empty());
  const auto& first = plan["diagnostics"][0];
  EXPECT_EQ(first["file"], c.plan.string());
  EXPECT_EQ(first["line"], expected->at.line);
  EXPECT_EQ(first["column"], expected->at.column);
  EXPECT_EQ(first["severity"], "error");
  EXPECT_EQ(first["message"], expected->message);
}

TEST(BadPlanCorpusFiles, GoodPlanBesideABadOneIsStillReportedOk) {
  const fs::path good =
      fs::path(testing::TempDir()) / ("zdm-corpus-good-plan-" + std::to_string(getpid()) + ".yaml");
  std::ofstream(good) << test::kMinimalPlan;
  const CorpusCase bad = corpus().at(0);
  const auto result = validate({good.string(), bad.plan.string()});
  fs::remove(good);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out.rfind(good.string() + ": ok: minimal (postgres)", 0), 0u) << result.out;
  EXPECT_EQ(result.err, replace_all(read_text(bad.expected), "{file}", bad.plan.string()));
}

}  // namespace
}  // namespace zdm
