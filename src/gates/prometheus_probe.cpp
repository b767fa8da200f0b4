// prometheus gates: an instant query through the HTTP API.
#include "probe_kinds.hpp"
#include "zdm/gates/prometheus_response.hpp"
#include "zdm/plan/duration.hpp"
#include "zdm/util/http_client.hpp"
#include "zdm/util/percent_encoding.hpp"

namespace zdm::gates::detail {

namespace {

// Query results of a gate are one sample; anything larger is not worth keeping whole.
constexpr std::size_t kAnswerLimit = 1024 * 1024;

// <base>/api/v1/query?query=...&timeout=...: Prometheus itself gives up at the gate's
// timeout too, instead of evaluating a query nobody waits for.
std::string query_url(const std::string& base, const std::string& query, milliseconds timeout) {
  std::string url = base;
  while (!url.empty() && url.back() == '/')
    url.pop_back();
  return url + "/api/v1/query?query=" + util::percent_encode(query) +
         "&timeout=" + std::to_string(timeout.count()) + "ms";
}

}  // namespace

ProbeReading read_prometheus(const plan::PrometheusProbe& probe, milliseconds timeout,
                             const ProbeEnvironment& env) {
  util::HttpCall call;
  call.url = query_url(probe.url.value, probe.query, timeout);
  call.timeout = timeout;
  call.stop = env.stop;
  call.output_limit = kAnswerLimit;
  const util::HttpResult result = util::perform_http(call);
  using End = util::HttpResult::End;
  if (result.end == End::timed_out)
    return unreachable("timed out after " + plan::format_duration(timeout));
  if (result.end == End::stopped)
    return unreachable("stopped");
  if (result.end == End::failed)
    return unreachable(first_line(result.error));
  ProbeReading reading = result.body_dropped > 0
                             ? unreachable("the answer is larger than 1 MiB")
                             : reading_from_prometheus(result.status, result.body);
  reading.summary += " in " + format_elapsed(result.elapsed);
  return reading;
}

}  // namespace zdm::gates::detail
