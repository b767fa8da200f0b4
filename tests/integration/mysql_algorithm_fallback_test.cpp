// MariaDB refuses ALGORITHM=INSTANT for some tables (ROW_FORMAT=COMPRESSED, FULLTEXT
// indexes): zdm then adds the column online (INPLACE, LOCK=NONE) and says so, and stops
// with the server's reason when even that would block writes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../unit/run_process.hpp"
#include "test_databases.hpp"

namespace zdm::testing {
namespace {

class MysqlAlgorithmFallback : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<ScratchDatabase>(TestServer::mysql);
    plan_path_ = std::filesystem::temp_directory_path() / ("zdm-" + database_->name() + ".yaml");
    std::ofstream(plan_path_) << "zdm: 1\nname: it-fallback\ntarget: {driver: mysql}\n"
                                 "phases:\n  expand:\n    steps:\n"
                                 "      - add_column: {table: notes, column: tag, type: int}\n";
  }
  void TearDown() override { std::filesystem::remove(plan_path_); }

  test::ProcessResult apply() {
    return test::run_zdm({"apply", "--format", "json", plan_path_.string()},
                         {"ZDM_DSN=" + database_->dsn().text()});
  }

  bool has_column(const std::string& name) {
    return database_->connect()
               ->query_scalar(
                   "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                   "DATABASE() AND table_name = 'notes' AND column_name = ?",
                   {name})
               .value_or("") == "1";
  }

  std::unique_ptr<ScratchDatabase> database_;
  std::filesystem::path plan_path_;
};

TEST_F(MysqlAlgorithmFallback, CompressedTableGetsTheOnlineRebuild) {
  database_->connect()->execute(
      "CREATE TABLE notes (id int PRIMARY KEY, body text) ROW_FORMAT=COMPRESSED");
  const auto result = apply();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(has_column("tag"));
  EXPECT_NE(result.out.find("\"event\":\"fallback\""), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("ALGORITHM=INPLACE, LOCK=NONE"), std::string::npos);
}

TEST_F(MysqlAlgorithmFallback, FulltextTableStopsInsteadOfBlockingWrites) {
  database_->connect()->execute(
      "CREATE TABLE notes (id int PRIMARY KEY, body text, FULLTEXT KEY ft_body (body))");
  const auto result = apply();
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("LOCK=SHARED"), std::string::npos) << result.err;
  EXPECT_FALSE(has_column("tag"));
}

}  // namespace
}  // namespace zdm::testing
