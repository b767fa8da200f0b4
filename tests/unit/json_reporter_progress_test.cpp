// `zdm apply --format json`: one `progress` event per tick, with the documented fields.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "progress_test_support.hpp"
#include "zdm/engine/reporter.hpp"
#include "zdm/report/progress_line.hpp"

namespace zdm::engine {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using test::users_done;
using test::users_halfway;

class JsonReporterProgress : public ::testing::Test {
 protected:
  std::unique_ptr<Reporter> reporter(milliseconds every) {
    ReporterOptions options;
    options.out = &out_;
    options.clock = clock_.function();
    options.progress_every = every;
    return make_json_reporter(options);
  }

  std::vector<nlohmann::ordered_json> events() const {
    std::vector<nlohmann::ordered_json> parsed;
    std::istringstream lines(out_.str());
    for (std::string line; std::getline(lines, line);)
      parsed.push_back(nlohmann::ordered_json::parse(line));
    return parsed;
  }

  std::ostringstream out_;
  test::FakeClock clock_;
};

TEST_F(JsonReporterProgress, OneEventPerTickAndOnThrottleChangesAndDone) {
  auto json = reporter(seconds(5));
  for (int second = 0; second < 12; ++second) {
    json->progress(users_halfway());
    clock_.now += seconds(1);
  }
  auto paused = users_halfway();
  paused.throttle_reason = "replica lag 7.2s > 5s";
  json->progress(paused);
  clock_.now += milliseconds(100);
  json->progress(users_halfway());
  json->progress(users_done());
  const auto all = events();
  ASSERT_EQ(all.size(), 6u);  // at 0, 5, 10 s, the pause, its end, done
  EXPECT_EQ(all[3]["fields"]["throttle_reason"], "replica lag 7.2s > 5s");
  EXPECT_TRUE(all[4]["fields"]["throttle_reason"].is_null());
  EXPECT_TRUE(all[5]["fields"]["done"].get<bool>());
}

TEST_F(JsonReporterProgress, TheEventCarriesTheDocumentedFieldsInOrder) {
  auto json = reporter(seconds(10));
  json->progress(users_halfway());
  const auto all = events();
  ASSERT_EQ(all.size(), 1u);
  const auto& event = all[0];
  std::vector<std::string> keys;
  for (const auto& [key, value] : event.items())
    keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"kind", "version", "at_ms", "phase", "event", "message",
                                            "fields"}));
  EXPECT_EQ(event["kind"], "zdm.event");
  EXPECT_EQ(event["version"], 1);
  EXPECT_EQ(event["phase"], "backfill");
  EXPECT_EQ(event["event"], "progress");
  EXPECT_EQ(event["message"], report::progress_log_text(users_halfway()));
  EXPECT_EQ(event["fields"].dump(),
            R"({"table":"users","rows_scanned":450000,"rows_total":1000000,)"
            R"("rows_updated":449000,"rows_per_second":52300.4,"chunk_rows":10400,"threads":1,)"
            R"("eta_seconds":10.5,"throttle_reason":null,"done":false})");
}

TEST_F(JsonReporterProgress, UnknownsAreNull) {
  auto json = reporter(seconds(10));
  auto unknown = users_halfway();
  unknown.rows_total.reset();
  unknown.eta_seconds.reset();
  json->progress(unknown);
  const auto fields = events().at(0)["fields"];
  EXPECT_TRUE(fields["rows_total"].is_null());
  EXPECT_TRUE(fields["eta_seconds"].is_null());
}

TEST_F(JsonReporterProgress, OtherEventsKeepTheirFields) {
  auto json = reporter(seconds(10));
  json->report({"expand", "step_done", "step add_column done", {{"step", "add_column"}}});
  const auto event = events().at(0);
  EXPECT_EQ(event["phase"], "expand");
  EXPECT_EQ(event["event"], "step_done");
  EXPECT_EQ(event["fields"]["step"], "add_column");
}

}  // namespace
}  // namespace zdm::engine
