// http gates: one request; the status (and body_contains) decide, or, with json_pointer, the
// number in the JSON body is the value `expect` judges.
#include <algorithm>

#include "probe_kinds.hpp"
#include "zdm/gates/json_number.hpp"
#include "zdm/plan/duration.hpp"
#include "zdm/util/http_client.hpp"
#include "zdm/util/number.hpp"

namespace zdm::gates::detail {

namespace {

// A body check needs the whole body; larger answers fail rather than be judged in part.
constexpr std::size_t kBodyLimit = 1024 * 1024;

// The request failed before a complete response: timeout, refused, TLS, stopped.
ProbeReading no_response(const util::HttpResult& result, milliseconds limit) {
  using End = util::HttpResult::End;
  if (result.end == End::timed_out)
    return unreachable("timed out after " + plan::format_duration(limit));
  if (result.end == End::stopped)
    return unreachable("stopped");
  return unreachable(result.error.empty() ? "request failed" : first_line(result.error));
}

// What the body says: "" when every check the gate asks for holds, else why not; with
// json_pointer, the number goes into `reading`.
std::string check_body(const plan::HttpRequest& request, const util::HttpResult& result,
                       ProbeReading& reading) {
  if ((request.body_contains || request.json_pointer) && result.body_dropped > 0)
    return "the body is larger than " + std::to_string(kBodyLimit / 1024) + " KiB";
  if (request.body_contains && result.body.find(*request.body_contains) == std::string::npos)
    return "the body does not contain the body_contains text";
  if (!request.json_pointer)
    return {};
  const JsonNumber number = number_at_json_pointer(result.body, *request.json_pointer);
  if (!number.value)
    return number.problem;
  reading.value = *number.value;
  return {};
}

}  // namespace

ProbeReading read_http(const plan::HttpRequest& request, milliseconds timeout,
                       const ProbeEnvironment& env) {
  util::HttpCall call;
  call.method = request.method;
  call.url = request.url.value;
  call.body = request.body;
  for (const auto& [name, value] : request.headers)
    call.headers.emplace_back(name, value.value);
  call.timeout = std::min(timeout, request.timeout);
  call.stop = env.stop;
  call.output_limit = kBodyLimit;
  const util::HttpResult result = util::perform_http(call);
  if (result.end != util::HttpResult::End::completed)
    return no_response(result, call.timeout);

  ProbeReading reading;
  reading.summary =
      "HTTP " + std::to_string(result.status) + " in " + format_elapsed(result.elapsed);
  if (!request.json_pointer)
    reading.value = static_cast<double>(result.status);
  const std::string body_problem = check_body(request, result, reading);
  // With json_pointer the answer is the number; without, any response is one.
  reading.reachable = !request.json_pointer || reading.value.has_value();
  const bool status_ok = util::status_accepted(result.status, request.expect_status);
  reading.passed_own_check = status_ok && body_problem.empty();
  if (!status_ok)
    reading.summary += ", expected " + util::accepted_statuses(request.expect_status);
  if (!body_problem.empty())
    reading.summary += ", " + body_problem;
  else if (request.json_pointer)
    reading.summary += ", " + (request.json_pointer->empty() ? "body" : *request.json_pointer) +
                       " = " + util::format_number(*reading.value);
  return reading;
}

}  // namespace zdm::gates::detail
