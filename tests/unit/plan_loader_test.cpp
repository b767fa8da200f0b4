#include <gtest/gtest.h>

#include "plan_test_support.hpp"

namespace zdm {
namespace {

using test::first_error;
using test::first_hint;
using test::load;

// The full example of PLAN-FORMAT.md, with every phase, step kind and gate kind.
constexpr const char* kFullPlan = R"Y(zdm: 1
name: users-email-address
description: Move users.email to users.email_address
target:
  driver: postgres
  dsn: ${APP_DATABASE_URL}
  schema: public
settings:
  lock_timeout: 2s
  ddl_retries: 30
  retry_backoff: {initial: 200ms, max: 10s}
  statement_timeout: 0s
  state_schema: zdm
phases:
  expand:
    steps:
      - add_column: {table: users, column: email_address, type: "varchar(255)"}
      - create_index: {table: users, name: idx_users_email_address, columns: [email_address]}
      - add_check: {table: users, name: ck_users_email_at, expression: "email_address LIKE '%@%'"}
      - add_foreign_key: {table: orders, name: fk_orders_user, columns: [user_id],
                          references: {table: users, columns: [id]}}
      - create_table: {table: audit_log, columns: [{name: id, type: bigint, primary_key: true},
                                                   {name: body, type: text}]}
      - sql: {up: "CREATE EXTENSION IF NOT EXISTS citext", down: "DROP EXTENSION citext"}
  dual_write:
    sync:
      table: users
      set: {email_address: email}
    checks:
      - name: app-writes-both
        sql: "SELECT count(*) FROM users WHERE email_address IS DISTINCT FROM email AND updated_at > {{phase_started_at}}"
        expect: "= 0"
    observe: 5m
    every: 30s
  backfill:
    - table: users
      set: {email_address: email}
      where: "email_address IS NULL"
      key: [id]
      chunk: {target_time: 200ms, contended_target_time: 50ms, min_rows: 100, max_rows: 100000}
      throttle: {max_replica_lag: 5s, max_rows_per_second: 0}
  read_switch:
    steps:
      - http: {method: PUT, url: "https://flags.internal/api/flags/read-email-address",
               body: '{"percent": {{percent}}}', headers: {Authorization: "Bearer ${FLAG_TOKEN}"},
               expect_status: [200, 204], timeout: 5s}
        rollback:
          http: {method: PUT, url: "https://flags.internal/api/flags/read-email-address",
                 body: '{"percent": 0}'}
      - command: {argv: [kubectl, rollout, status, deploy/app], timeout: 5m}
    ramp: {percents: [5, 25, 100], hold: 5m}
  contract:
    soak: 24h
    steps:
      - drop_column: {table: users, column: email, backup: true}
      - rename_column: {table: users, from: email_address, to: email}
      - drop_index: {table: users, name: idx_users_email_old}
gates:
  - name: no-null-emails
    sql: "SELECT count(*) FROM users WHERE email_address IS NULL"
    expect: "= 0"
    before: [read_switch, contract]
  - name: app-health
    http: {url: "http://127.0.0.1:8080/health", expect_status: [200]}
    after: [expand, backfill, read_switch, contract]
    timeout: 5s
    retries: 3
  - name: error-rate
    prometheus: {url: "http://prometheus:9090",
                 query: 'sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))'}
    expect: "< 0.05"
    during: [backfill, read_switch]
    every: 30s
    on_fail: rollback
)Y";

TEST(PlanLoader, LoadsTheFullFormatExample) {
  auto result = load(kFullPlan, {{"FLAG_TOKEN", "s3cret"}});
  ASSERT_TRUE(result.ok()) << first_error(result);
  const plan::Plan& p = *result.plan;
  EXPECT_EQ(p.name, "users-email-address");
  EXPECT_EQ(p.target.driver, plan::Driver::postgres);
  ASSERT_TRUE(p.target.dsn.has_value());
  EXPECT_EQ(p.target.dsn->unset_variables, std::vector<std::string>{"APP_DATABASE_URL"});
  EXPECT_EQ(p.settings.retry_backoff.initial.count(), 200);
  EXPECT_EQ(p.settings.retry_backoff.max.count(), 10000);
  ASSERT_TRUE(p.expand);
  ASSERT_EQ(p.expand->steps.size(), 6u);
  EXPECT_STREQ(plan::step_kind(p.expand->steps[4].action), "create_table");
  const auto& table = std::get<plan::CreateTable>(p.expand->steps[4].action);
  EXPECT_TRUE(table.columns[0].primary_key);
  EXPECT_FALSE(table.columns[0].nullable);
  EXPECT_EQ(p.expand->steps[0].at.line, 17);
  EXPECT_EQ(p.expand->steps[0].at.column, 9);
  ASSERT_TRUE(p.dual_write);
  EXPECT_EQ(p.dual_write->observe.count(), 300000);
  EXPECT_EQ(p.dual_write->sync.at(0).set.at(0).expression, "email");
  ASSERT_TRUE(p.backfill);
  EXPECT_EQ(p.backfill->tables.at(0).chunk.max_rows, 100000);
  EXPECT_EQ(p.backfill->tables.at(0).chunk.contended_target_time->count(), 50);
  EXPECT_EQ(p.backfill->tables.at(0).throttle.max_replica_lag->count(), 5000);
  ASSERT_TRUE(p.read_switch);
  const auto& http = std::get<plan::HttpRequest>(p.read_switch->steps[0].action);
  EXPECT_EQ(http.headers.at(0).second.value, "Bearer s3cret");
  EXPECT_TRUE(http.headers.at(0).second.from_environment);
  EXPECT_EQ(http.expect_status, (std::vector<int>{200, 204}));
  EXPECT_TRUE(p.read_switch->steps[0].rollback.has_value());
  EXPECT_EQ(p.read_switch->ramp->percents, (std::vector<int>{5, 25, 100}));
  ASSERT_TRUE(p.contract);
  EXPECT_EQ(p.contract->soak.count(), 24LL * 3600 * 1000);
  ASSERT_EQ(p.gates.size(), 3u);
  EXPECT_STREQ(plan::gate_kind(p.gates[2].probe), "prometheus");
  EXPECT_EQ(p.gates[2].on_fail, plan::GateFailAction::rollback);
  EXPECT_EQ(p.gates[1].retries, 3);
  EXPECT_EQ(p.phases().size(), 5u);
}

TEST(PlanLoader, MinimalPlanTakesDefaults) {
  auto result = load(test::kMinimalPlan);
  ASSERT_TRUE(result.ok()) << first_error(result);
  EXPECT_EQ(result.plan->settings.lock_timeout.count(), 2000);
  EXPECT_EQ(result.plan->settings.ddl_retries, 30);
  EXPECT_EQ(result.plan->settings.state_schema, "zdm");
  EXPECT_EQ(result.plan->target.schema, "public");
  EXPECT_EQ(result.plan->expand->steps[0].name, "add_column users.email_address");
}

TEST(PlanLoader, UnknownKeySuggestsTheNearest) {
  auto result = load(R"Y(zdm: 1
name: x
target: {driver: postgres}
phases:
  expand:
    steps:
      - add_column: {tabel: users, column: a, type: int}
)Y");
  EXPECT_EQ(first_error(result), "7:22: unknown key \"tabel\" in add_column");
  EXPECT_EQ(first_hint(result).rfind("did you mean \"table\"?", 0), 0u) << first_hint(result);
}

TEST(PlanLoader, BackfillMethodIsUpdateUnlessCopyIsAskedForOnMysql) {
  auto result = load(R"Y(zdm: 1
name: x
target: {driver: mysql}
phases:
  backfill:
    - {table: users, set: {b: a}}
    - {table: orders, set: {b: a}, method: copy}
)Y");
  ASSERT_TRUE(result.ok()) << first_error(result);
  EXPECT_EQ(result.plan->backfill->tables[0].method, plan::BackfillMethod::update);
  EXPECT_EQ(result.plan->backfill->tables[1].method, plan::BackfillMethod::copy);
}

// A setting MySQL has nothing for is said at its key, and the plan still loads.
TEST(PlanLoader, MaxXidAgeOnMysqlIsAWarningAtItsKey) {
  const std::string plan = R"Y(zdm: 1
name: x
target: {driver: DRIVER}
phases:
  backfill:
    - table: users
      set: {b: a}
      throttle: {max_xid_age: 100000}
)Y";
  const auto on = [&](const std::string& driver) {
    std::string text = plan;
    text.replace(text.find("DRIVER"), 6, driver);
    return load(text);
  };
  const auto mysql = on("mysql");
  ASSERT_TRUE(mysql.ok()) << first_error(mysql);
  ASSERT_EQ(mysql.diagnostics.size(), 1u);
  EXPECT_EQ(mysql.diagnostics[0].severity, plan::Severity::warning);
  EXPECT_EQ(mysql.diagnostics[0].at.line, 8);
  EXPECT_EQ(mysql.diagnostics[0].at.column, 18);
  EXPECT_EQ(mysql.diagnostics[0].message,
            "backfill of users: max_xid_age is PostgreSQL's (transaction-id wraparound); on "
            "MySQL it has no effect");
  const auto postgres = on("postgres");
  ASSERT_TRUE(postgres.ok()) << first_error(postgres);
  EXPECT_TRUE(postgres.diagnostics.empty());
  EXPECT_EQ(postgres.plan->backfill->tables[0].throttle.max_xid_age, 100000);
}

TEST(PlanLoader, BackfillMethodCopyIsRefusedOnPostgresAtItsKey) {
  auto result = load(R"Y(zdm: 1
name: x
target: {driver: postgres}
phases:
  backfill:
    - table: users
      set: {b: a}
      method: copy
)Y");
  EXPECT_EQ(first_error(result),
            "8:15: backfill of users: method: copy is for MariaDB (target driver: mysql)");
  EXPECT_NE(first_hint(result).find("set method: update"), std::string::npos);
  auto misspelt = load(R"Y(zdm: 1
name: x
target: {driver: mysql}
phases:
  backfill:
    - {table: users, set: {b: a}, method: coppy}
)Y");
  EXPECT_NE(first_error(misspelt).find("method"), std::string::npos) << first_error(misspelt);
  EXPECT_NE(first_hint(misspelt).find("copy"), std::string::npos) << first_hint(misspelt);
}

TEST(PlanLoader, ReportsEveryErrorNotJustTheFirst) {
  auto result = load(R"Y(zdm: 1
name: Bad Name
target: {driver: oracle}
phases: {}
)Y");
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.diagnostics.size(), 3u);
  EXPECT_EQ(result.diagnostics[0].message, "invalid plan name \"Bad Name\"");
  EXPECT_EQ(result.diagnostics[1].message, "unknown driver \"oracle\"");
  EXPECT_EQ(result.diagnostics[2].message, "the plan has no phases");
}

TEST(PlanLoader, EnvironmentVariablesExpandWithDefaults) {
  auto result = load(R"Y(zdm: 1
name: x
target: {driver: postgres}
settings: {state_schema: "${STATE:-zdm_state}"}
phases:
  expand:
    steps:
      - add_column: {table: "${TABLE}", column: a, type: int}
)Y",
                     {{"TABLE", "accounts"}});
  ASSERT_TRUE(result.ok()) << first_error(result);
  EXPECT_EQ(result.plan->settings.state_schema, "zdm_state");
  EXPECT_EQ(std::get<plan::AddColumn>(result.plan->expand->steps[0].action).table, "accounts");
}

TEST(PlanLoader, UnsetVariableIsAnErrorThatNamesIt) {
  auto result = load(R"Y(zdm: 1
name: x
target: {driver: postgres}
phases:
  expand:
    steps:
      - add_column: {table: "${TABLE}", column: a, type: int}
)Y");
  EXPECT_EQ(first_error(result), "7:29: environment variable TABLE is not set (used in \"table\")");
}

TEST(PlanLoader, DsnVariablesAreDeferredBecauseFlagsOverrideThem) {
  auto result = load(R"Y(zdm: 1
name: x
target: {driver: postgres, dsn: "${NOT_SET_HERE}"}
phases: {expand: {steps: [{add_column: {table: t, column: a, type: int}}]}}
)Y");
  ASSERT_TRUE(result.ok()) << first_error(result);
  EXPECT_EQ(result.plan->target.dsn->unset_variables, std::vector<std::string>{"NOT_SET_HERE"});
}

TEST(PlanLoader, ReadsPlanFromFileAndReportsMissingFile) {
  auto missing = plan::load_plan_file("/nonexistent/plan.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.diagnostics.at(0).message,
            "cannot read the plan file: No such file or directory");
  EXPECT_FALSE(missing.diagnostics.at(0).at.known());
}

TEST(PlanLoader, DuplicateKeysAreRefused) {
  auto result = load(
      "zdm: 1\nname: a\nname: b\ntarget: {driver: mysql}\nphases: {backfill: [{table: t, set: {a: "
      "b}}]}\n");
  EXPECT_EQ(first_error(result), "3:1: duplicate key \"name\" in the plan (first at line 2)");
}

TEST(PlanLoader, GatesMustNameThePlansPhases) {
  auto result = load(std::string(test::kMinimalPlan) + R"Y(gates:
  - name: g
    sql: "SELECT 1"
    expect: "= 1"
    before: [contract]
)Y");
  EXPECT_EQ(first_error(result),
            "13:14: gate \"g\" runs before contract, but the plan has no contract phase");
  EXPECT_EQ(first_hint(result), "phases in this plan: expand");
}

// An http gate after the minimal plan: the gate is at line 10, its http mapping on line 11.
plan::LoadResult load_http_gate(const std::string& http, const std::string& extra = "") {
  return load(std::string(test::kMinimalPlan) + "gates:\n  - name: g\n    http: " + http +
              "\n    after: [expand]\n" + extra);
}

TEST(PlanLoader, HttpGateTakesBodyContainsAndJsonPointer) {
  auto result =
      load_http_gate(R"({url: "http://127.0.0.1:9/health", body_contains: '"status":"ok"'})");
  ASSERT_TRUE(result.ok()) << first_error(result);
  const auto& http = std::get<plan::HttpRequest>(result.plan->gates.at(0).probe);
  EXPECT_EQ(http.body_contains, std::optional<std::string>("\"status\":\"ok\""));
  EXPECT_FALSE(http.json_pointer.has_value());
  EXPECT_FALSE(result.plan->gates.at(0).expect.has_value());

  result = load_http_gate(R"({url: "http://127.0.0.1:9/stats", json_pointer: "/data/0/value"})",
                          "    expect: \"< 0.05\"\n");
  ASSERT_TRUE(result.ok()) << first_error(result);
  const auto& stats = std::get<plan::HttpRequest>(result.plan->gates.at(0).probe);
  EXPECT_EQ(stats.json_pointer, std::optional<std::string>("/data/0/value"));
  EXPECT_TRUE(result.plan->gates.at(0).expect.has_value());
}

TEST(PlanLoader, JsonPointerOnHttpGateRequiresExpect) {
  auto result = load_http_gate(R"({url: "http://127.0.0.1:9/stats", json_pointer: "/p95"})");
  EXPECT_EQ(first_error(result),
            "10:5: gate \"g\" needs \"expect\" for the number its json_pointer reads");
}

TEST(PlanLoader, ExpectOnHttpGateWithoutJsonPointerIsRefused) {
  auto result = load_http_gate(R"({url: "http://127.0.0.1:9/health"})", "    expect: \"= 1\"\n");
  EXPECT_EQ(first_error(result),
            "13:5: \"expect\" on an http gate needs \"json_pointer\": the number in the response "
            "to compare");
}

TEST(PlanLoader, MalformedJsonPointerIsRefused) {
  auto result = load_http_gate(R"({url: "http://127.0.0.1:9/stats", json_pointer: "data/0"})",
                               "    expect: \"< 1\"\n");
  EXPECT_EQ(first_error(result),
            "11:59: \"json_pointer\" must be a JSON pointer (RFC 6901), got \"data/0\"");
  result = load_http_gate(R"({url: "http://127.0.0.1:9/stats", json_pointer: "/a~2b"})",
                          "    expect: \"< 1\"\n");
  EXPECT_EQ(first_error(result),
            "11:59: \"json_pointer\" must be a JSON pointer (RFC 6901), got \"/a~2b\"");
}

TEST(PlanLoader, EmptyBodyContainsIsRefused) {
  auto result = load_http_gate(R"({url: "http://127.0.0.1:9/health", body_contains: ""})");
  EXPECT_EQ(first_error(result), "11:61: \"body_contains\" must not be empty");
}

TEST(PlanLoader, BodyChecksAreRefusedOnReadSwitchSteps) {
  const std::string plan = R"Y(zdm: 1
name: flags
target: {driver: postgres}
phases:
  read_switch:
    steps:
      - http: {method: PUT, url: "http://127.0.0.1:9/flag", body_contains: ok}
        rollback:
          http: {method: PUT, url: "http://127.0.0.1:9/flag", json_pointer: /ok}
)Y";
  auto result = load(plan);
  ASSERT_FALSE(result.ok());
  std::vector<std::string> errors;
  for (const auto& d : result.diagnostics)
    errors.push_back(std::to_string(d.at.line) + ":" + std::to_string(d.at.column) + ": " +
                     d.message);
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "7:61: \"body_contains\" applies to http gates, not to read_switch steps",
                        "9:63: \"json_pointer\" applies to http gates, not to read_switch steps"}));
}

}  // namespace
}  // namespace zdm
