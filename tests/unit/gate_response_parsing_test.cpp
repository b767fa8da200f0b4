// Reading gate values out of response bodies: Prometheus instant-query answers and JSON
// pointers into http gate responses. No network: the bodies are what the servers send.
#include <gtest/gtest.h>

#include <cmath>

#include "zdm/gates/json_number.hpp"
#include "zdm/gates/prometheus_response.hpp"
#include "zdm/util/number.hpp"

namespace zdm {
namespace {

using gates::number_at_json_pointer;
using gates::reading_from_prometheus;

TEST(PrometheusResponse, ScalarIsTheValue) {
  const auto reading = reading_from_prometheus(
      200, R"({"status":"success","data":{"resultType":"scalar","result":[1700000000.5,"1"]}})");
  EXPECT_TRUE(reading.reachable);
  EXPECT_TRUE(reading.passed_own_check);
  EXPECT_EQ(reading.value, 1.0);
  EXPECT_EQ(reading.summary, "1");
}

TEST(PrometheusResponse, VectorOfOneSampleIsItsValue) {
  const auto reading = reading_from_prometheus(200, R"({"status":"success","data":{
    "resultType":"vector",
    "result":[{"metric":{"job":"catalog"},"value":[1700000000.5,"0.0131"]}]}})");
  EXPECT_TRUE(reading.reachable);
  EXPECT_TRUE(reading.passed_own_check);
  EXPECT_DOUBLE_EQ(reading.value.value_or(-1), 0.0131);
  EXPECT_EQ(reading.summary, "0.0131");
}

TEST(PrometheusResponse, EmptyVectorIsAFailureNotAZero) {
  const auto reading = reading_from_prometheus(
      200, R"({"status":"success","data":{"resultType":"vector","result":[]}})");
  EXPECT_FALSE(reading.reachable);
  EXPECT_FALSE(reading.passed_own_check);
  EXPECT_FALSE(reading.value.has_value());
  EXPECT_EQ(reading.summary.rfind("empty result", 0), 0u) << reading.summary;
}

TEST(PrometheusResponse, TwoSamplesAreAFailureNamingTheCount) {
  const auto reading = reading_from_prometheus(200, R"({"status":"success","data":{
    "resultType":"vector","result":[
      {"metric":{"status":"200"},"value":[1700000000,"5"]},
      {"metric":{"status":"500"},"value":[1700000000,"1"]}]}})");
  EXPECT_FALSE(reading.reachable);
  EXPECT_FALSE(reading.value.has_value());
  EXPECT_EQ(reading.summary.rfind("2 series in the result", 0), 0u) << reading.summary;
}

TEST(PrometheusResponse, ErrorStatusCarriesPrometheusText) {
  const auto reading = reading_from_prometheus(400, R"({"status":"error","errorType":"bad_data",
    "error":"invalid parameter \"query\": 1:5: parse error: unexpected \")\""})");
  EXPECT_FALSE(reading.reachable);
  EXPECT_EQ(reading.summary,
            "Prometheus error (bad_data), HTTP 400: invalid parameter \"query\": 1:5: parse "
            "error: unexpected \")\"");
}

TEST(PrometheusResponse, NanIsAFailure) {
  const auto reading = reading_from_prometheus(
      200, R"({"status":"success","data":{"resultType":"scalar","result":[1700000000,"NaN"]}})");
  EXPECT_FALSE(reading.reachable);
  EXPECT_FALSE(reading.passed_own_check);
  EXPECT_FALSE(reading.value.has_value());
  EXPECT_EQ(reading.summary.rfind("NaN", 0), 0u) << reading.summary;
}

TEST(PrometheusResponse, InfinityIsANumber) {
  const auto reading = reading_from_prometheus(200, R"({"status":"success","data":{
    "resultType":"vector","result":[{"metric":{},"value":[1700000000,"+Inf"]}]}})");
  ASSERT_TRUE(reading.value.has_value());
  EXPECT_TRUE(std::isinf(*reading.value) && *reading.value > 0);
  EXPECT_EQ(reading.summary, "+Inf");
  const auto negative = reading_from_prometheus(
      200, R"({"status":"success","data":{"resultType":"scalar","result":[1,"-Inf"]}})");
  ASSERT_TRUE(negative.value.has_value());
  EXPECT_TRUE(std::isinf(*negative.value) && *negative.value < 0);
}

TEST(PrometheusResponse, MatrixAndStringAreRefused) {
  const auto matrix = reading_from_prometheus(200, R"({"status":"success","data":{
    "resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[2,"2"]]}]}})");
  EXPECT_FALSE(matrix.reachable);
  EXPECT_NE(matrix.summary.find("range vector"), std::string::npos) << matrix.summary;
  const auto text = reading_from_prometheus(
      200, R"({"status":"success","data":{"resultType":"string","result":[1,"hello"]}})");
  EXPECT_FALSE(text.reachable);
}

TEST(PrometheusResponse, NotPrometheusJsonIsAFailure) {
  const auto html = reading_from_prometheus(502, "<html><body>Bad Gateway</body></html>");
  EXPECT_FALSE(html.reachable);
  EXPECT_EQ(html.summary,
            "HTTP 502, not a Prometheus answer (is the url the Prometheus base URL?)");
  const auto odd = reading_from_prometheus(
      200, R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{}}]}})");
  EXPECT_FALSE(odd.reachable);
  const auto garbage_value = reading_from_prometheus(
      200, R"({"status":"success","data":{"resultType":"scalar","result":[1,"12abc"]}})");
  EXPECT_FALSE(garbage_value.reachable);
}

TEST(JsonPointer, ReadsANumberAtThePointer) {
  const std::string body = R"({"data":[{"value":0.25},{"value":7}],"a/b":{"m~n":3},"n":-2e3})";
  EXPECT_EQ(number_at_json_pointer(body, "/data/0/value").value, 0.25);
  EXPECT_EQ(number_at_json_pointer(body, "/data/1/value").value, 7.0);
  EXPECT_EQ(number_at_json_pointer(body, "/a~1b/m~0n").value, 3.0);  // RFC 6901 escapes
  EXPECT_EQ(number_at_json_pointer(body, "/n").value, -2000.0);
  EXPECT_EQ(number_at_json_pointer("42", "").value, 42.0);  // "" is the whole document
}

TEST(JsonPointer, MissingPathsAndNonNumbersAreProblems) {
  const std::string body = R"({"data":[{"value":"0.5"}],"ok":true,"none":null})";
  auto missing = number_at_json_pointer(body, "/data/3/value");
  EXPECT_FALSE(missing.value.has_value());
  EXPECT_EQ(missing.problem, "nothing at /data/3/value");
  EXPECT_EQ(number_at_json_pointer(body, "/nope").problem, "nothing at /nope");
  EXPECT_EQ(number_at_json_pointer(body, "/data/x").problem, "nothing at /data/x");
  EXPECT_EQ(number_at_json_pointer(body, "/data/0/value").problem,
            "/data/0/value is a string, not a number");
  EXPECT_EQ(number_at_json_pointer(body, "/ok").problem, "/ok is a boolean, not a number");
  EXPECT_EQ(number_at_json_pointer(body, "/none").problem, "/none is null, not a number");
  EXPECT_EQ(number_at_json_pointer(body, "/data").problem, "/data is a list, not a number");
  EXPECT_EQ(number_at_json_pointer("not json {", "/a").problem, "the body is not JSON");
}

TEST(ParseNumber, AcceptsWhatServersWrite) {
  EXPECT_EQ(util::parse_number("12"), 12.0);
  EXPECT_EQ(util::parse_number("-0.5"), -0.5);
  EXPECT_EQ(util::parse_number("1.5e-05"), 1.5e-05);
  EXPECT_TRUE(std::isinf(util::parse_number("+Inf").value()));
  EXPECT_TRUE(std::isnan(util::parse_number("NaN").value()));
  EXPECT_FALSE(util::parse_number("").has_value());
  EXPECT_FALSE(util::parse_number("+").has_value());
  EXPECT_FALSE(util::parse_number("+-1").has_value());
  EXPECT_FALSE(util::parse_number("1 ").has_value());
  EXPECT_FALSE(util::parse_number("0x10").has_value());
}

}  // namespace
}  // namespace zdm
