// No summary of a gate probe ever holds a header value, a URL secret or a DSN password,
// whatever the probe read: a server that echoes the request, a failure, a timeout.
#include <gtest/gtest.h>

#include "gate_probe_support.hpp"
#include "test_databases.hpp"
#include "test_http_server.hpp"

namespace zdm::testing {
namespace {

constexpr const char* kToken = "tok-3b9f1c7e5a2d8f60";
constexpr const char* kUrlSecret = "qs-9d8c7b6a5f4e3d2c";

// Echoes every request header in the body, as some debug endpoints do.
HttpAnswer echo_headers(const HttpRequestSeen& request) {
  std::string body = "{";
  for (const auto& [name, value] : request.headers)
    body += "\"" + name + "\":\"" + value + "\",";
  body += "\"ok\":1}";
  return {500, body, "application/json"};
}

void expect_no_secret(const gates::ProbeReading& reading, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets)
    EXPECT_EQ(reading.summary.find(secret), std::string::npos)
        << "\"" << secret << "\" in: " << reading.summary;
}

TEST(GateProbeSecrets, HttpSummariesHoldNoHeaderValueOrUrl) {
  TestHttpServer server(echo_headers);
  const std::vector<std::string> secrets = {kToken, kUrlSecret};
  auto probe = http_probe(server.url("/health?token=") + kUrlSecret);
  probe.headers.emplace_back("Authorization", templated(std::string("Bearer ") + kToken));
  probe.headers.emplace_back("X-Api-Key", templated(kToken));

  expect_no_secret(read_once(probe), secrets);  // 500 with the headers in the body
  probe.body_contains = kToken;                 // found in the echo
  expect_no_secret(read_once(probe), secrets);
  probe.body_contains = std::string(kToken) + "-not-there";
  expect_no_secret(read_once(probe), secrets);
  probe.body_contains.reset();
  probe.json_pointer = "/authorization";  // a string holding the token: not a number
  expect_no_secret(read_once(probe), secrets);
  probe.json_pointer = "/ok";
  expect_no_secret(read_once(probe), secrets);

  server.set_handler([](const HttpRequestSeen&) {
    HttpAnswer answer{200, "late"};
    answer.delay = 2s;
    return answer;
  });
  expect_no_secret(read_once(probe, 200ms), secrets);
  ASSERT_FALSE(server.requests().empty());
  EXPECT_EQ(server.requests().front().headers.at("authorization"),
            std::string("Bearer ") + kToken);  // the header was sent all the same
}

TEST(GateProbeSecrets, HttpFailureToConnectHoldsNoSecret) {
  std::string gone;
  {
    TestHttpServer closed(echo_headers);
    gone = closed.url("/health?token=") + kUrlSecret;
  }
  auto probe = http_probe(gone);
  probe.headers.emplace_back("Authorization", templated(std::string("Bearer ") + kToken));
  expect_no_secret(read_once(probe), {kToken, kUrlSecret});
}

TEST(GateProbeSecrets, PrometheusUrlCredentialsStayOut) {
  TestHttpServer server([](const HttpRequestSeen&) { return HttpAnswer{401, "unauthorized"}; });
  const std::string url =
      "http://zdm:" + std::string(kUrlSecret) + "@127.0.0.1:" + std::to_string(server.port());
  expect_no_secret(read_once(prometheus_probe(url, "vector(1)")), {kUrlSecret});
}

db::Dsn with_password(const db::Dsn& dsn, const std::string& password) {
  std::string text = dsn.text();
  const auto at = text.find('@');
  const auto colon = text.rfind(':', at);
  return db::Dsn::parse(text.substr(0, colon + 1) + password + text.substr(at));
}

class ReplicaDsnSecrets : public ::testing::TestWithParam<TestServer> {};

TEST_P(ReplicaDsnSecrets, ReplicaLagSummariesHoldNoPassword) {
  ScratchDatabase database(GetParam());
  const db::Dsn& real = database.dsn();
  const db::Dsn wrong = with_password(real, "pw-5e4d3c2b1a09f8e7");
  auto dialect = db::make_dialect(real.driver(), "public", "zdm");
  gates::ProbeEnvironment env;
  env.dialect = dialect.get();
  plan::ReplicaLagProbe probe;
  probe.max = 1s;

  env.replica_dsns = {wrong};  // refused: the message names the server, not the password
  auto reading = gates::read_probe(probe, 5s, env);
  EXPECT_FALSE(reading.reachable);
  expect_no_secret(reading, {wrong.password(), real.password()});

  env.replica_dsns = {real};  // connects, but it is not a replica
  reading = gates::read_probe(probe, 5s, env);
  EXPECT_FALSE(reading.reachable);
  expect_no_secret(reading, {real.password()});
  std::cout << reading.summary << "\n";
}

TEST_P(ReplicaDsnSecrets, SqlSummariesHoldNoPassword) {
  ScratchDatabase database(GetParam());
  auto connection = database.connect();
  auto dialect = db::make_dialect(database.dsn().driver(), "public", "zdm");
  gates::ProbeEnvironment env;
  env.database = connection.get();
  env.dialect = dialect.get();
  plan::SqlProbe probe;
  probe.sql = "SELECT count(*) FROM no_such_table";
  expect_no_secret(gates::read_probe(probe, 5s, env), {database.dsn().password()});
}

INSTANTIATE_TEST_SUITE_P(Servers, ReplicaDsnSecrets,
                         ::testing::Values(TestServer::postgres, TestServer::mysql),
                         [](const auto& info) { return std::string(server_label(info.param)); });

}  // namespace
}  // namespace zdm::testing
