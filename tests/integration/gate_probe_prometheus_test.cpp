// prometheus gate probes against a real Prometheus started by the test, scraping an
// exporter the test serves, so PromQL queries return values Prometheus computed.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "gate_probe_support.hpp"
#include "prometheus_server.hpp"
#include "test_http_server.hpp"

namespace zdm::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Text exposition format: two series of one counter.
HttpAnswer exporter(const HttpRequestSeen&) {
  return {200,
          "# HELP http_requests_total Requests served.\n"
          "# TYPE http_requests_total counter\n"
          "http_requests_total{job=\"catalog\",status=\"200\"} 93\n"
          "http_requests_total{job=\"catalog\",status=\"500\"} 7\n",
          "text/plain; version=0.0.4"};
}

class PrometheusGateProbe : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    exporter_ = std::make_unique<TestHttpServer>(exporter);
    prometheus_ =
        std::make_unique<PrometheusServer>("127.0.0.1:" + std::to_string(exporter_->port()));
    wait_for_first_scrape();
  }

  static void TearDownTestSuite() {
    prometheus_.reset();
    exporter_.reset();
  }

  // Until Prometheus has scraped the exporter once, its series do not exist.
  static void wait_for_first_scrape() {
    const auto deadline = Clock::now() + 30s;
    while (Clock::now() < deadline) {
      const auto reading = read_once(
          prometheus_probe(prometheus_->url(), "sum(http_requests_total{job=\"catalog\"})"));
      if (reading.value == 100.0)
        return;
      std::this_thread::sleep_for(200ms);
    }
    FAIL() << "Prometheus did not scrape the exporter within 30s";
  }

  static gates::ProbeReading query(const std::string& promql) {
    return read_once(prometheus_probe(prometheus_->url(), promql));
  }

  static std::unique_ptr<TestHttpServer> exporter_;
  static std::unique_ptr<PrometheusServer> prometheus_;
};

std::unique_ptr<TestHttpServer> PrometheusGateProbe::exporter_;
std::unique_ptr<PrometheusServer> PrometheusGateProbe::prometheus_;

// One test per Prometheus start (ctest runs each test in its own process): the values of
// real queries...
TEST_F(PrometheusGateProbe, QueriesWithOneNumberPass) {
  auto reading = query("vector(1)");  // a one-sample vector without labels
  EXPECT_TRUE(reading.reachable);
  EXPECT_TRUE(reading.passed_own_check);
  EXPECT_EQ(reading.value, 1.0);
  EXPECT_EQ(reading.summary.rfind("1 in ", 0), 0u) << reading.summary;

  reading = query("scalar(sum(http_requests_total))");  // resultType scalar
  EXPECT_TRUE(reading.passed_own_check) << reading.summary;
  EXPECT_EQ(reading.value, 100.0);

  reading = query("http_requests_total{job=\"catalog\",status=\"500\"}");  // one series
  EXPECT_TRUE(reading.passed_own_check) << reading.summary;
  EXPECT_EQ(reading.value, 7.0);

  // An error ratio, as an operator would write it: 7 of 100.
  reading = query(
      "sum(http_requests_total{status=~\"5..\"}) / sum(http_requests_total{job=\"catalog\"})");
  EXPECT_TRUE(reading.passed_own_check) << reading.summary;
  EXPECT_DOUBLE_EQ(reading.value.value_or(-1), 0.07);

  reading = read_once(prometheus_probe(prometheus_->url() + "/", "vector(2)"));
  EXPECT_EQ(reading.value, 2.0) << "a base URL ending in / works too: " << reading.summary;
}

// ...and what fails.
TEST_F(PrometheusGateProbe, QueriesWithoutOneNumberFail) {
  auto reading = query("http_requests_total{status=\"404\"}");
  EXPECT_FALSE(reading.reachable);
  EXPECT_FALSE(reading.passed_own_check);
  EXPECT_FALSE(reading.value.has_value());
  EXPECT_EQ(reading.summary.rfind("empty result", 0), 0u) << reading.summary;

  reading = query("http_requests_total{job=\"catalog\"}");
  EXPECT_FALSE(reading.reachable);
  EXPECT_EQ(reading.summary.rfind("2 series", 0), 0u) << reading.summary;

  reading = query("sum(http_requests_total");
  EXPECT_FALSE(reading.reachable);
  EXPECT_FALSE(reading.passed_own_check);
  EXPECT_EQ(reading.summary.rfind("Prometheus error (bad_data), HTTP 400: ", 0), 0u)
      << reading.summary;
  EXPECT_NE(reading.summary.find("parse error"), std::string::npos) << reading.summary;

  reading = query("vector(0) / 0");  // 0/0: an error ratio without traffic
  EXPECT_FALSE(reading.reachable);
  EXPECT_EQ(reading.summary.rfind("NaN", 0), 0u) << reading.summary;
}

// Figures for the report: how long one probe takes against a local Prometheus.
TEST_F(PrometheusGateProbe, ProbeLatency) {
  constexpr int kProbes = 50;
  std::vector<double> ms;
  for (int i = 0; i < kProbes; ++i) {
    const auto started = Clock::now();
    const auto reading =
        query("sum(http_requests_total{status=~\"5..\"}) / sum(http_requests_total)");
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
    ASSERT_TRUE(reading.reachable) << reading.summary;
  }
  std::sort(ms.begin(), ms.end());
  std::cout << "prometheus probe latency over " << kProbes << " probes: median " << ms[kProbes / 2]
            << " ms, p95 " << ms[kProbes * 95 / 100] << " ms, max " << ms.back() << " ms\n";
  EXPECT_LT(ms[kProbes / 2], 1000.0);
}

TEST(PrometheusGateProbeWithoutPrometheus, UnreachableServerFails) {
  std::string gone;
  {
    TestHttpServer closed(exporter);
    gone = closed.url("");
  }
  const auto reading = read_once(prometheus_probe(gone, "vector(1)"));
  EXPECT_FALSE(reading.reachable);
  EXPECT_NE(reading.summary.find("connection refused"), std::string::npos) << reading.summary;
}

TEST(PrometheusGateProbeWithoutPrometheus, NotAPrometheusServerFails) {
  TestHttpServer other([](const HttpRequestSeen&) { return HttpAnswer{404, "not here"}; });
  const auto reading = read_once(prometheus_probe(other.url(""), "vector(1)"));
  EXPECT_FALSE(reading.reachable);
  EXPECT_NE(reading.summary.find("not a Prometheus answer"), std::string::npos) << reading.summary;
}

}  // namespace
}  // namespace zdm::testing
