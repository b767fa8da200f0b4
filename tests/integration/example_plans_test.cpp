// Every example plan in plans/, applied by the real binary to the schema its comment says
// it expects, while an "old application" uses the old column through expand, dual write,
// backfill and read switch, and a "new application" uses the new column from read switch
// through contract. No application query may fail and no row may be lost; then rollback
// must give back the starting schema (equal to the snapshot) and the original data.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../unit/run_process.hpp"
#include "application_traffic.hpp"
#include "prometheus_server.hpp"
#include "test_databases.hpp"
#include "test_http_server.hpp"
#include "zdm_process.hpp"

namespace zdm::testing {
namespace {

using namespace std::chrono_literals;

constexpr long long kSeedRows = 20000;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The SQL under "# Starting schema this plan expects", so that the comment users read is
// the schema the test runs against.
std::vector<std::string> starting_schema(const std::string& plan) {
  std::istringstream lines(plan);
  std::string line, sql;
  bool inside = false;
  while (std::getline(lines, line)) {
    if (line.rfind("# Starting schema", 0) == 0) {
      inside = true;
    } else if (inside && line.rfind("#   ", 0) == 0) {
      sql += line.substr(4) + "\n";
    } else if (inside) {
      break;
    }
  }
  std::vector<std::string> statements;
  std::istringstream parts(sql);
  for (std::string statement; std::getline(parts, statement, ';');) {
    if (statement.find_first_not_of(" \n") != std::string::npos)
      statements.push_back(statement);
  }
  return statements;
}

// The plan with its waits shortened (observe, every, hold), so the test takes seconds.
std::string with_short_waits(std::string plan, const std::string& hold = "1s") {
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"observe: ", "2s"}, {"every: ", "500ms"}, {"hold: ", hold}}) {
    for (size_t at = plan.find(key); at != std::string::npos; at = plan.find(key, at + 1)) {
      const size_t start = at + key.size();
      const size_t end = plan.find_first_of(" ,}\n#", start);
      plan.replace(start, end - start, value);
    }
  }
  return plan;
}

struct Scenario {
  std::string plan;
  TestServer server;
  std::vector<std::string> seed;    // fills the starting schema
  std::vector<std::string> tables;  // whose schema rollback must give back
  TrafficTable old_app;
  std::optional<TrafficTable> new_app;  // from read switch on
  std::string final_column;             // holds every value at the end
};

void PrintTo(const Scenario& scenario, std::ostream* out) {
  *out << scenario.plan;
}

std::string series(TestServer server, const std::string& pg_expression,
                   const std::string& mysql_expression, const std::string& into) {
  if (server == TestServer::postgres)
    return "INSERT INTO " + into + " SELECT " + pg_expression + " FROM generate_series(1, " +
           std::to_string(kSeedRows) + ") g";
  return "INSERT INTO " + into + " SELECT " + mysql_expression + " FROM seq_1_to_" +
         std::to_string(kSeedRows);
}

std::string email_of(long long id) {
  return "user" + std::to_string(id) + "@example.com";
}
std::string amount_of(long long id) {
  return std::to_string(id % 1000 + 1);
}

TrafficTable traffic(std::string table, std::string column, bool numeric, bool first_half) {
  TrafficTable t;
  t.table = std::move(table);
  t.column = std::move(column);
  t.numeric = numeric;
  t.first_own_row = first_half ? 1 : kSeedRows / 2 + 1;
  t.last_own_row = first_half ? kSeedRows / 2 : kSeedRows;
  t.seed_value = numeric ? amount_of : email_of;
  return t;
}

Scenario rename_email(const std::string& plan, TestServer server) {
  Scenario s{plan, server, {}, {"users"}, traffic("users", "email", false, true), {}, ""};
  s.seed = {series(server, "'user' || g || '@example.com'", "CONCAT('user', seq, '@example.com')",
                   "users (email)")};
  s.new_app = traffic("users", "email_address", false, false);
  s.final_column = "email_address";
  return s;
}

Scenario change_type(const std::string& plan, TestServer server, const std::string& new_column) {
  Scenario s{plan, server, {}, {"orders"}, traffic("orders", "amount", true, true), {}, ""};
  s.seed = {series(server, "g % 1000 + 1", "seq % 1000 + 1", "orders (amount)")};
  s.new_app = traffic("orders", new_column, true, false);
  s.new_app->renamed_to = "amount";  // the last contract step renames it back
  s.final_column = "amount";
  return s;
}

Scenario add_index_and_check() {
  const auto server = TestServer::postgres;
  Scenario s{"pg-add-index-and-check.yaml",           server, {},      {"orders", "customers"},
             traffic("orders", "amount", true, true), {},     "amount"};
  s.old_app.insert_columns = "customer_id, ";
  s.old_app.insert_values = "1, ";
  s.old_app.last_own_row = kSeedRows;
  s.seed = {"INSERT INTO customers (name) SELECT 'c' || g FROM generate_series(1, 100) g",
            series(server, "g % 100 + 1, g % 1000 + 1", "", "orders (customer_id, amount)")};
  return s;
}

std::vector<Scenario> scenarios() {
  return {rename_email("pg-rename-email.yaml", TestServer::postgres),
          rename_email("mysql-rename-email.yaml", TestServer::mysql),
          change_type("pg-change-column-type.yaml", TestServer::postgres, "amount_numeric"),
          change_type("mysql-change-column-type.yaml", TestServer::mysql, "amount_decimal"),
          add_index_and_check()};
}

class ExamplePlan : public ::testing::TestWithParam<Scenario> {
 protected:
  void SetUp() override {
    const Scenario& s = GetParam();
    database_ = std::make_unique<ScratchDatabase>(s.server);
    plan_text_ = read_file(std::filesystem::path(ZDM_SOURCE_DIR) / "plans" / s.plan);
    auto c = database_->connect();
    const auto schema = starting_schema(plan_text_);
    ASSERT_FALSE(schema.empty()) << s.plan << " has no \"Starting schema\" comment";
    for (const auto& statement : schema)
      c->execute(statement);
    for (const auto& statement : s.seed)
      c->execute(statement);
    dialect_ = db::make_dialect(database_->dsn().driver(), "public", "zdm");
    for (const auto& table : s.tables)
      snapshots_.push_back(dialect_->describe_table(*c, table));
    plan_path_ = std::filesystem::temp_directory_path() / ("zdm-" + database_->name() + ".yaml");
    std::ofstream(plan_path_) << with_short_waits(plan_text_);
  }

  void TearDown() override { std::filesystem::remove(plan_path_); }

  std::string name() const {
    return GetParam().plan.substr(0, GetParam().plan.size() - std::string(".yaml").size());
  }

  test::ProcessResult zdm(std::vector<std::string> args) {
    return test::run_zdm(args, {"ZDM_DSN=" + database_->dsn().text(), "PATH=/usr/bin:/bin"});
  }

  nlohmann::json status() {
    const auto result = zdm({"status", "--format", "json", name()});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out)["migrations"][0];
  }

  // Each phase that ran for a while saw the application's queries succeed meanwhile.
  void expect_traffic_during_phases(const ApplicationTraffic& app,
                                    const std::vector<std::string>& phases) {
    const auto migration = status();
    for (const auto& phase : migration["phases"]) {
      const std::string name = phase["phase"];
      if (std::find(phases.begin(), phases.end(), name) == phases.end())
        continue;
      const long long from = phase["started_at_ms"], to = phase["finished_at_ms"];
      long long during = 0;
      for (long long at : app.operation_times())
        during += at >= from && at <= to ? 1 : 0;
      std::cout << "[ traffic  ] " << name << ": " << to - from << " ms, " << during
                << " application operations succeeded meanwhile\n";
      if (to - from >= 100) {
        EXPECT_GT(during, 0) << "no application query completed during " << name;
      }
    }
  }

  // Every row is there, `column` holding the value last written to it or its seed value.
  void expect_no_row_lost(const std::string& column,
                          const std::vector<const ApplicationTraffic*>& apps) {
    const Scenario& s = GetParam();
    std::map<long long, std::string> expected;
    for (long long id = 1; id <= kSeedRows; ++id)
      expected[id] = s.old_app.seed_value(id);
    for (const auto* app : apps) {
      for (const auto& [id, value] : app->written())
        expected[id] = value;
    }
    auto rows = database_->connect()->query("SELECT id, " + column + " FROM " + s.old_app.table +
                                            " ORDER BY id");
    ASSERT_EQ(rows.size(), expected.size()) << "rows were lost or added";
    size_t wrong = 0;
    for (const auto& row : rows) {
      const long long id = std::stoll(row.at(0).value());
      const std::string seen = row.at(1).value_or("NULL");
      const std::string& want = expected[id];
      const bool equal =
          s.old_app.numeric && seen != "NULL" ? std::stod(seen) == std::stod(want) : seen == want;
      if (!equal && wrong++ < 5)
        ADD_FAILURE() << "row " << id << ": " << column << " = " << seen << ", expected " << want;
    }
    EXPECT_EQ(wrong, 0u);
  }

  static void expect_no_failures(const ApplicationTraffic& app, const std::string& label) {
    EXPECT_TRUE(app.failures().empty()) << label << " application: " << app.failures().size()
                                        << " failed queries, first: " << app.failures().front();
    std::cout << "[ traffic  ] " << label << " application: " << app.operation_times().size()
              << " operations, max latency " << app.max_latency_ms() << " ms, "
              << app.renames_followed() << " rename(s) followed\n";
  }

  // Rows only the new application wrote have no old value: past contract's point of no
  // return they cannot go back to a NOT NULL old column, so the operator removes them.
  void remove_rows_without_old_value(const ApplicationTraffic& app) {
    auto c = database_->connect();
    for (long long id : app.inserted())
      c->execute("DELETE FROM " + GetParam().old_app.table + " WHERE id = " + std::to_string(id));
  }

  // The old column holds what the old application last wrote, or the seed value.
  void expect_rolled_back(const ApplicationTraffic& old_app) {
    const auto result = zdm({"rollback", name(), "--yes"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    expect_no_row_lost(GetParam().old_app.column, {&old_app});
    auto c = database_->connect();
    for (const auto& before : snapshots_) {
      const auto now = dialect_->describe_table(*c, before.table);
      EXPECT_TRUE(db::schema_differences(before, now).empty())
          << before.table << ": " << nlohmann::json(db::schema_differences(before, now)).dump(2);
    }
    EXPECT_EQ(status()["status"], "rolled_back");
  }

  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<db::Dialect> dialect_;
  std::string plan_text_;
  std::vector<db::TableSchema> snapshots_;
  std::filesystem::path plan_path_;
};

TEST_P(ExamplePlan, AppliesUnderTrafficAndRollsBackToTheSnapshot) {
  const Scenario& s = GetParam();
  ApplicationTraffic old_app(*database_, s.old_app, "old");
  old_app.start();
  const bool has_new_app = s.new_app.has_value();
  const auto first = has_new_app ? zdm({"apply", "--until", "read_switch", plan_path_.string()})
                                 : zdm({"apply", plan_path_.string()});
  old_app.stop();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  expect_no_failures(old_app, "old");
  expect_traffic_during_phases(old_app, {"expand", "dual_write", "backfill", "read_switch"});

  std::unique_ptr<ApplicationTraffic> new_app;
  if (has_new_app) {
    new_app = std::make_unique<ApplicationTraffic>(*database_, *s.new_app, "new");
    new_app->start();
    const auto rest = zdm({"apply", "--skip-soak", plan_path_.string()});
    new_app->stop();
    ASSERT_EQ(rest.exit_code, 0) << rest.err;
    expect_no_failures(*new_app, "new");
    expect_traffic_during_phases(*new_app, {"contract"});
  }
  EXPECT_EQ(status()["status"], "completed");
  std::vector<const ApplicationTraffic*> apps = {&old_app};
  if (new_app)
    apps.push_back(new_app.get());
  expect_no_row_lost(s.final_column, apps);

  if (new_app)
    remove_rows_without_old_value(*new_app);
  expect_rolled_back(old_app);
}

// What CI runs before a deploy: the plan's dry run, with lint using the catalog, finds
// nothing (its only findings carry a justified # zdm-ignore).
TEST_P(ExamplePlan, DryRunLintsCleanOnItsStartingSchema) {
  const auto result =
      zdm({"apply", "--dry-run", "--fail-on", "warning", "--format", "json", plan_path_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto lint = nlohmann::json::parse(result.out)["lint"];
  EXPECT_TRUE(lint["online"].get<bool>());
  for (const auto& finding : lint["findings"])
    EXPECT_FALSE(finding["suppressed"].is_null()) << finding.dump();
}

// pg-gated-ramp.yaml with the services it names, started by the test: the flag service
// (records each PUT), the application's health check and metrics, a real Prometheus
// scraping those metrics, and a smoke test (/bin/true in place of the catalog's).
class GatedRampPlan : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<ScratchDatabase>(TestServer::postgres);
    const std::string plan =
        read_file(std::filesystem::path(ZDM_SOURCE_DIR) / "plans" / "pg-gated-ramp.yaml");
    auto c = database_->connect();
    for (const auto& statement : starting_schema(plan))
      c->execute(statement);
    c->execute(
        "INSERT INTO products (price) SELECT (g % 5000) / 100.0 FROM "
        "generate_series(1, 5000) g");
    snapshot_ =
        db::make_dialect(db::DriverKind::postgres, "public", "zdm")->describe_table(*c, "products");
    plan_text_ = plan;
    const std::string app_health = "http://127.0.0.1:8080/healthz";
    for (size_t at = plan_text_.find(app_health); at != std::string::npos;
         at = plan_text_.find(app_health, at))
      plan_text_.replace(at, app_health.size(), app_.url("/healthz"));
    const std::string smoke = "/usr/local/bin/catalog-smoke-test, --prices-from, price_cents";
    plan_text_.replace(plan_text_.find(smoke), smoke.size(), "/bin/true");
    plan_path_ = std::filesystem::temp_directory_path() / ("zdm-" + database_->name() + ".yaml");
    started_ = std::chrono::steady_clock::now();
    prometheus_ = std::make_unique<PrometheusServer>("127.0.0.1:" + std::to_string(app_.port()));
  }

  void TearDown() override {
    std::filesystem::remove(plan_path_);
    std::filesystem::remove(plan_path_.string() + ".log");
  }

  void write_plan(const std::string& hold) {
    std::ofstream(plan_path_) << with_short_waits(plan_text_, hold);
  }

  std::vector<std::string> env() const {
    return {"ZDM_DSN=" + database_->dsn().text(), "FLAG_SERVICE_URL=" + flags_.url(""),
            "FLAG_TOKEN=flag-t0ken-s3cret", "PROMETHEUS_URL=" + prometheus_->url(),
            "PATH=/usr/bin:/bin"};
  }

  // The application's counters, as it would export them: 1000 requests a second, 99.5 %
  // of them under 100 ms; 5xx at 100 a second from the moment errors_since is set.
  HttpAnswer metrics() const {
    using std::chrono::duration;
    const double seconds = duration<double>(std::chrono::steady_clock::now() - started_).count();
    const double ok = 1000 * seconds;
    double errors = 0;
    if (const auto since = errors_since_.load(); since > 0)
      errors = 100 * std::max(0.0, seconds - since);
    std::string text = "# TYPE http_requests_total counter\n";
    text += "http_requests_total{job=\"catalog\",status=\"200\"} " + std::to_string(ok) + "\n";
    text += "http_requests_total{job=\"catalog\",status=\"500\"} " + std::to_string(errors) + "\n";
    text += "# TYPE http_request_duration_seconds histogram\n";
    for (const auto& [le, share] : std::vector<std::pair<std::string, double>>{
             {"0.05", 0.5}, {"0.1", 0.995}, {"+Inf", 1.0}}) {
      text += "http_request_duration_seconds_bucket{job=\"catalog\",le=\"" + le + "\"} " +
              std::to_string(ok * share) + "\n";
    }
    text += "http_request_duration_seconds_sum{job=\"catalog\"} " + std::to_string(ok * 0.05) +
            "\nhttp_request_duration_seconds_count{job=\"catalog\"} " + std::to_string(ok) + "\n";
    return {200, text, "text/plain; version=0.0.4", std::chrono::milliseconds(0)};
  }

  // Prometheus needs a few scrapes before rate() has an answer: zdm gates says when (the
  // backfill's gates: the read switch's include sql gates on columns not there yet).
  void wait_for_healthy_gates() {
    const auto deadline = std::chrono::steady_clock::now() + 90s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (test::run_zdm({"gates", "--phase", "backfill", plan_path_.string()}, env()).exit_code ==
          0)
        return;
      std::this_thread::sleep_for(500ms);
    }
    FAIL() << "the gates never turned healthy";
  }

  std::vector<std::string> flag_bodies() const {
    std::vector<std::string> bodies;
    for (const auto& request : flags_.requests())
      bodies.push_back(request.method + " " + request.body);
    return bodies;
  }

  std::string scalar(const std::string& sql) {
    return database_->connect()->query_scalar(sql, {}).value_or("");
  }

  std::unique_ptr<ScratchDatabase> database_;
  std::string plan_text_;
  db::TableSchema snapshot_;
  std::filesystem::path plan_path_;
  std::chrono::steady_clock::time_point started_;
  std::atomic<double> errors_since_{0};
  TestHttpServer app_{[this](const HttpRequestSeen& request) {
    return request.target == "/metrics" ? metrics() : HttpAnswer{200, "ok", "text/plain", {}};
  }};
  TestHttpServer flags_{[](const HttpRequestSeen&) {
    return HttpAnswer{204, "", "text/plain", {}};
  }};
  std::unique_ptr<PrometheusServer> prometheus_;
};

TEST_F(GatedRampPlan, RampsReadsThroughTheFlagServiceWhileThePrometheusGatesWatch) {
  write_plan("1s");
  wait_for_healthy_gates();
  const auto result = test::run_zdm({"apply", "--skip-soak", plan_path_.string()}, env());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(flag_bodies(),
            (std::vector<std::string>{"PUT {\"percent\": 5}", "PUT {\"percent\": 25}",
                                      "PUT {\"percent\": 100}"}));
  for (const auto& request : flags_.requests())
    EXPECT_EQ(request.headers.at("authorization"), "Bearer flag-t0ken-s3cret");
  EXPECT_EQ(result.err.find("flag-t0ken-s3cret"), std::string::npos) << "a header value leaked";
  EXPECT_NE(result.err.find("gate p99-latency (baseline at the start of read_switch)"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("gate error-rate (during read_switch): 0, expects < 0.01: ok"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(scalar("SELECT count(*) FROM products WHERE price_cents IS NULL"), "0");
  EXPECT_EQ(scalar("SELECT count(*) FROM zdm.migrations WHERE status = 'completed'"), "1");

  const auto rollback = test::run_zdm({"rollback", "pg-gated-ramp", "--yes"}, env());
  ASSERT_EQ(rollback.exit_code, 0) << rollback.err;
  const auto now = db::make_dialect(db::DriverKind::postgres, "public", "zdm")
                       ->describe_table(*database_->connect(), "products");
  EXPECT_TRUE(db::schema_differences(snapshot_, now).empty());
  EXPECT_EQ(flag_bodies().back(), "PUT {\"percent\": 0}");
}

TEST_F(GatedRampPlan, AnErrorSpikeAt25PercentSendsEveryReaderBackTo0) {
  write_plan("15s");  // long enough at 25 % for the spike to show in rate()
  wait_for_healthy_gates();
  const pid_t run =
      start_zdm({"apply", "--skip-soak", plan_path_.string()}, env(), plan_path_.string() + ".log");
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (flag_bodies().size() < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  ASSERT_EQ(flag_bodies().size(), 2u);  // at 25 %, holding
  errors_since_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  EXPECT_EQ(wait_exit(run), 3);
  EXPECT_EQ(flag_bodies(),
            (std::vector<std::string>{"PUT {\"percent\": 5}", "PUT {\"percent\": 25}",
                                      "PUT {\"percent\": 0}"}));
  EXPECT_EQ(scalar("SELECT status FROM zdm.phases WHERE phase = 'read_switch'"), "rolled_back");
  EXPECT_EQ(scalar("SELECT status FROM zdm.migrations"), "gate_failed");
}

INSTANTIATE_TEST_SUITE_P(Plans, ExamplePlan, ::testing::ValuesIn(scenarios()),
                         [](const auto& info) {
                           std::string name = info.param.plan;
                           name = name.substr(0, name.find('.'));
                           for (char& c : name)
                             c = c == '-' ? '_' : c;
                           return name;
                         });

}  // namespace
}  // namespace zdm::testing
