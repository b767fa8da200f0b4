#pragma once
// One HTTP request through libcurl, with a whole-request timeout and a stop flag.
// TLS certificates are always verified and redirects are never followed. The one HTTP client:
// read_switch hooks and gates use it.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace zdm::util {

struct HttpCall {
  std::string method = "GET";
  std::string url;
  std::optional<std::string> body;
  std::vector<std::pair<std::string, std::string>> headers;  // values are secrets
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};
  const std::atomic<bool>* stop = nullptr;  // polled; may be null
  std::size_t output_limit = 64 * 1024;     // response bytes kept; the rest is counted
};

struct HttpResult {
  enum class End {
    completed,  // a response came back: status is set
    timed_out,  // no complete response within the timeout
    stopped,    // the stop flag was raised
    failed,     // error says why (connection refused, TLS, DNS, ...)
  };
  End end = End::failed;
  long status = 0;
  std::string body;
  std::size_t body_dropped = 0;  // bytes beyond output_limit
  std::string error;             // from libcurl's error buffer; never holds a header value
  std::chrono::milliseconds elapsed{0};
};

HttpResult perform_http(const HttpCall& call);

// Whether `status` is one of `expect_status` (any 2xx when it is empty), and the list as
// text for messages: "[200, 204]" or "2xx".
bool status_accepted(long status, const std::vector<int>& expect_status);
std::string accepted_statuses(const std::vector<int>& expect_status);

}  // namespace zdm::util
