#pragma once
// What the backfill's end-to-end tests share: a plan file in the temp directory, zdm run to
// the end or in the background, and the sums of the table's range checkpoints.

#include <filesystem>
#include <fstream>
#include <string>

#include "../unit/run_process.hpp"
#include "test_databases.hpp"
#include "zdm/db/dialect.hpp"
#include "zdm_process.hpp"

namespace zdm::testing {

class BackfillRun {
 public:
  explicit BackfillRun(const ScratchDatabase& database)
      : database_(database),
        plan_(std::filesystem::temp_directory_path() / ("zdm-" + database.name() + ".yaml")),
        log_(std::filesystem::temp_directory_path() / ("zdm-" + database.name() + ".log")) {}
  ~BackfillRun() {
    std::filesystem::remove(plan_);
    std::filesystem::remove(log_);
  }

  // A plan that adds users.email_address (unless `add_column` is false) and backfills
  // `table` with `entry` (YAML lines under "- table: ...", indented six spaces).
  void write_plan(const std::string& table, const std::string& entry,
                  const std::string& expand_column_table = "") const {
    std::ofstream out(plan_);
    out << "zdm: 1\nname: it-backfill\ntarget: {driver: " << server_label(database_.server())
        << "}\nphases:\n";
    if (!expand_column_table.empty()) {
      out << "  expand:\n    steps:\n      - add_column: {table: " << expand_column_table
          << ", column: email_address, type: \"varchar(255)\"}\n";
    }
    out << "  backfill:\n    - table: " << table << "\n" << entry;
  }

  // A plan of the test's own.
  void write_plan_text(const std::string& text) const { std::ofstream(plan_) << text; }

  // zdm apply to the end, as the tests' admin or as the login of `dsn`.
  test::ProcessResult apply(std::vector<std::string> flags = {},
                            const std::string& dsn = "") const {
    std::vector<std::string> args = {"apply"};
    args.insert(args.end(), flags.begin(), flags.end());
    args.push_back(plan_.string());
    return test::run_zdm(args, {"ZDM_DSN=" + (dsn.empty() ? database_.dsn().text() : dsn)});
  }

  // zdm apply in the background; its stderr goes to log().
  pid_t start(std::vector<std::string> flags = {}) const {
    std::vector<std::string> args = {"apply"};
    args.insert(args.end(), flags.begin(), flags.end());
    args.push_back(plan_.string());
    return start_zdm(args, {"ZDM_DSN=" + database_.dsn().text()}, log_.string());
  }

  std::string log() const {
    std::ifstream in(log_);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  std::string checkpoints() const {
    return db::make_dialect(database_.dsn().driver(), "public", "zdm")->state_table("checkpoints");
  }

  // Waits until the table's ranges together updated at least `rows` rows.
  bool wait_for_rows(long long rows) const {
    return wait_until(*database_.connect(),
                      "SELECT coalesce(sum(rows_done), 0) FROM " + checkpoints(),
                      [rows](const std::string& done) { return std::stoll(done) >= rows; });
  }

  std::string scalar(const std::string& sql) const {
    return database_.connect()->query_scalar(sql, {}).value_or("NULL");
  }

 private:
  const ScratchDatabase& database_;
  std::filesystem::path plan_;
  std::filesystem::path log_;
};

}  // namespace zdm::testing
