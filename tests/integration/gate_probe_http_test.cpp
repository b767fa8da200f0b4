// http and command gate probes against a real HTTP server on loopback and real programs.
#include <gtest/gtest.h>

#include <atomic>

#include "gate_probe_support.hpp"
#include "test_http_server.hpp"

namespace zdm::testing {
namespace {

using Clock = std::chrono::steady_clock;

HttpAnswer healthy(const HttpRequestSeen&) {
  return {200, R"({"status":"ok","latency":{"p95":0.035},"queue":[3,"x"]})", "application/json"};
}

class HttpGateProbe : public ::testing::Test {
 protected:
  TestHttpServer server{healthy};
};

TEST_F(HttpGateProbe, HealthyStatusPassesAndFailingStatusFails) {
  auto reading = read_once(http_probe(server.url("/health")));
  EXPECT_TRUE(reading.reachable);
  EXPECT_TRUE(reading.passed_own_check);
  EXPECT_EQ(reading.value, 200.0);
  EXPECT_EQ(reading.summary.rfind("HTTP 200 in ", 0), 0u) << reading.summary;

  server.set_handler([](const HttpRequestSeen&) { return HttpAnswer{500, "down"}; });
  reading = read_once(http_probe(server.url("/health")));
  EXPECT_TRUE(reading.reachable);  // an answer, a bad one
  EXPECT_FALSE(reading.passed_own_check);
  EXPECT_EQ(reading.value, 500.0);
  EXPECT_NE(reading.summary.find("HTTP 500"), std::string::npos) << reading.summary;
  EXPECT_NE(reading.summary.find("expected 2xx"), std::string::npos) << reading.summary;
}

TEST_F(HttpGateProbe, ExpectStatusListDecides) {
  server.set_handler([](const HttpRequestSeen&) { return HttpAnswer{204, ""}; });
  auto probe = http_probe(server.url("/health"));
  probe.expect_status = {200};
  auto reading = read_once(probe);
  EXPECT_FALSE(reading.passed_own_check);
  EXPECT_NE(reading.summary.find("expected [200]"), std::string::npos) << reading.summary;
  probe.expect_status = {200, 204};
  EXPECT_TRUE(read_once(probe).passed_own_check);
}

TEST_F(HttpGateProbe, SlowAnswerPastTheGateTimeoutIsUnreachable) {
  server.set_handler([](const HttpRequestSeen&) {
    HttpAnswer answer{200, "late"};
    answer.delay = 3s;
    return answer;
  });
  const auto started = Clock::now();
  const auto reading = read_once(http_probe(server.url("/health")), 300ms);
  const auto took = Clock::now() - started;
  EXPECT_FALSE(reading.reachable);
  EXPECT_FALSE(reading.passed_own_check);
  EXPECT_EQ(reading.summary, "timed out after 300ms");
  EXPECT_LT(took, 1500ms);
}

TEST_F(HttpGateProbe, TheRequestsOwnShorterTimeoutWins) {
  server.set_handler([](const HttpRequestSeen&) {
    HttpAnswer answer{200, "late"};
    answer.delay = 3s;
    return answer;
  });
  auto probe = http_probe(server.url("/health"));
  probe.timeout = 200ms;
  const auto reading = read_once(probe, 10s);
  EXPECT_EQ(reading.summary, "timed out after 200ms");
}

TEST_F(HttpGateProbe, RefusedConnectionIsUnreachable) {
  std::string closed_url;
  {
    TestHttpServer gone(healthy);
    closed_url = gone.url("/health");
  }
  const auto reading = read_once(http_probe(closed_url));
  EXPECT_FALSE(reading.reachable);
  EXPECT_NE(reading.summary.find("connection refused"), std::string::npos) << reading.summary;
}

TEST_F(HttpGateProbe, BodyContainsPassesOnlyWhenTheTextIsThere) {
  auto probe = http_probe(server.url("/health"));
  probe.body_contains = R"("status":"ok")";
  auto reading = read_once(probe);
  EXPECT_TRUE(reading.passed_own_check) << reading.summary;

  server.set_handler([](const HttpRequestSeen&) {
    return HttpAnswer{200, R"({"status":"degraded"})", "application/json"};
  });
  reading = read_once(probe);
  EXPECT_TRUE(reading.reachable);
  EXPECT_FALSE(reading.passed_own_check);
  EXPECT_NE(reading.summary.find("does not contain"), std::string::npos) << reading.summary;
}

TEST_F(HttpGateProbe, JsonPointerNumberIsTheValue) {
  auto probe = http_probe(server.url("/stats"));
  probe.json_pointer = "/latency/p95";
  auto reading = read_once(probe);
  EXPECT_TRUE(reading.reachable);
  EXPECT_TRUE(reading.passed_own_check);
  EXPECT_EQ(reading.value, 0.035);
  EXPECT_NE(reading.summary.find("/latency/p95 = 0.035"), std::string::npos) << reading.summary;

  probe.json_pointer = "/queue/0";
  EXPECT_EQ(read_once(probe).value, 3.0);
}

TEST_F(HttpGateProbe, JsonPointerMissingOrNotANumberFails) {
  auto probe = http_probe(server.url("/stats"));
  for (const std::string pointer : {"/latency/p99", "/queue/1", "/status"}) {
    probe.json_pointer = pointer;
    const auto reading = read_once(probe);
    EXPECT_FALSE(reading.reachable) << pointer;
    EXPECT_FALSE(reading.passed_own_check) << pointer;
    EXPECT_FALSE(reading.value.has_value()) << pointer;
  }
  server.set_handler([](const HttpRequestSeen&) { return HttpAnswer{200, "<html>"}; });
  probe.json_pointer = "/latency/p95";
  EXPECT_NE(read_once(probe).summary.find("not JSON"), std::string::npos);
}

TEST_F(HttpGateProbe, JsonPointerOnAFailingStatusDoesNotPass) {
  server.set_handler([](const HttpRequestSeen&) {
    return HttpAnswer{503, R"({"latency":{"p95":0.01}})", "application/json"};
  });
  auto probe = http_probe(server.url("/stats"));
  probe.json_pointer = "/latency/p95";
  const auto reading = read_once(probe);
  EXPECT_EQ(reading.value, 0.01);
  EXPECT_FALSE(reading.passed_own_check);
}

TEST_F(HttpGateProbe, SendsMethodHeadersAndBody) {
  auto probe = http_probe(server.url("/check?deep=1"));
  probe.method = "POST";
  probe.body = R"({"probe":true})";
  probe.headers.emplace_back("X-Probe", templated("zdm-gate"));
  ASSERT_TRUE(read_once(probe).passed_own_check);
  const auto seen = server.requests().back();
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/check?deep=1");
  EXPECT_EQ(seen.headers.at("x-probe"), "zdm-gate");
  EXPECT_EQ(seen.body, R"({"probe":true})");
}

TEST_F(HttpGateProbe, StopFlagAbandonsTheRequest) {
  server.set_handler([](const HttpRequestSeen&) {
    HttpAnswer answer{200, "late"};
    answer.delay = 5s;
    return answer;
  });
  std::atomic<bool> stop{false};
  gates::ProbeEnvironment env;
  env.stop = &stop;
  std::thread raise([&] {
    std::this_thread::sleep_for(200ms);
    stop = true;
  });
  const auto started = Clock::now();
  const auto reading = gates::read_probe(http_probe(server.url("/")), 10s, env);
  raise.join();
  EXPECT_EQ(reading.summary, "stopped");
  EXPECT_LT(Clock::now() - started, 2s);
}

// ---- command

TEST(CommandGateProbe, ExitZeroPassesAndTheStatusIsTheValue) {
  auto reading = read_once(command_probe({"true"}));
  EXPECT_TRUE(reading.reachable);
  EXPECT_TRUE(reading.passed_own_check);
  EXPECT_EQ(reading.value, 0.0);
  EXPECT_EQ(reading.summary.rfind("exit 0 in ", 0), 0u) << reading.summary;
}

TEST(CommandGateProbe, NonZeroExitFailsWithTheFirstLineOfOutput) {
  const auto reading =
      read_once(command_probe({"sh", "-c", "echo; echo 'smoke test: 2 of 9 failed' >&2; exit 3"}));
  EXPECT_TRUE(reading.reachable);
  EXPECT_FALSE(reading.passed_own_check);
  EXPECT_EQ(reading.value, 3.0);
  EXPECT_EQ(reading.summary.rfind("exit 3: smoke test: 2 of 9 failed in ", 0), 0u)
      << reading.summary;
}

TEST(CommandGateProbe, TimeoutKillsTheCommand) {
  const auto started = Clock::now();
  const auto reading = read_once(command_probe({"sleep", "10"}), 300ms);
  EXPECT_FALSE(reading.reachable);
  EXPECT_FALSE(reading.passed_own_check);
  EXPECT_EQ(reading.summary, "timed out after 300ms");
  EXPECT_LT(Clock::now() - started, 3s);
  // The command's own timeout applies too when it is the shorter one.
  EXPECT_EQ(read_once(command_probe({"sleep", "10"}, 200ms), 10s).summary, "timed out after 200ms");
}

TEST(CommandGateProbe, MissingProgramIsUnreachable) {
  const auto reading = read_once(command_probe({"zdm-no-such-program"}));
  EXPECT_FALSE(reading.reachable);
  EXPECT_EQ(reading.summary, "program not found: zdm-no-such-program");
}

TEST(CommandGateProbe, KilledBySignalFails) {
  const auto reading = read_once(command_probe({"sh", "-c", "kill -SEGV $$"}));
  EXPECT_FALSE(reading.passed_own_check);
  EXPECT_EQ(reading.summary.rfind("killed by SIGSEGV", 0), 0u) << reading.summary;
}

}  // namespace
}  // namespace zdm::testing
