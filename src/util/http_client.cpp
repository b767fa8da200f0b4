#include "zdm/util/http_client.hpp"

#include <curl/curl.h>
#include <strings.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "zdm/version.hpp"

namespace zdm::util {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// How long curl_multi_poll waits at most before we look at the stop flag again.
constexpr int kPollIntervalMs = 50;

void initialise_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      throw std::runtime_error("libcurl could not be initialised");
  });
}

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct MultiDeleter {
  void operator()(CURLM* multi) const { curl_multi_cleanup(multi); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

struct Sink {
  HttpResult* result;
  std::size_t limit;
};

size_t write_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const std::size_t bytes = size * count;
  std::string& body = sink->result->body;
  const std::size_t room = body.size() < sink->limit ? sink->limit - body.size() : 0;
  const std::size_t kept = bytes < room ? bytes : room;
  body.append(data, kept);
  sink->result->body_dropped += bytes - kept;
  return bytes;
}

// POST, PUT and PATCH always send a body (an empty one when the plan gives none, so that
// Content-Length: 0 is sent); other methods only when the plan gives one.
bool sends_body(const HttpCall& call) {
  if (call.method == "HEAD")
    return false;
  return call.body || call.method == "POST" || call.method == "PUT" || call.method == "PATCH";
}

bool has_header(const HttpCall& call, const char* name) {
  for (const auto& [header, value] : call.headers)
    if (strcasecmp(header.c_str(), name) == 0)
      return true;
  return false;
}

// The header list; values are secrets, so this list is the only place they are written.
curl_slist* build_headers(const HttpCall& call) {
  curl_slist* list = nullptr;
  auto add = [&list](const std::string& line) {
    curl_slist* grown = curl_slist_append(list, line.c_str());
    if (grown == nullptr) {
      curl_slist_free_all(list);
      throw std::bad_alloc();
    }
    list = grown;
  };
  for (const auto& [name, value] : call.headers)
    add(value.empty() ? name + ";" : name + ": " + value);  // "Name;" sends an empty header
  // libcurl would label a body as a form (application/x-www-form-urlencoded); send the body
  // as is and let the plan say what it is.
  if (sends_body(call) && !has_header(call, "Content-Type"))
    add("Content-Type:");
  if (!has_header(call, "Expect"))
    add("Expect:");  // no 100-continue round trip
  return list;
}

std::string describe_failure(CURLcode code, const char* error_buffer, long os_errno) {
  std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == '\r'))
    detail.pop_back();
  switch (code) {
    case CURLE_COULDNT_CONNECT:
      if (os_errno == ECONNREFUSED)
        return "connection refused (" + detail + ")";
      return "cannot connect (" + detail + ")";
    case CURLE_COULDNT_RESOLVE_HOST:
      return "cannot resolve host (" + detail + ")";
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
      return "TLS failed (" + detail + ")";
    default:
      return detail;
  }
}

}  // namespace

HttpResult perform_http(const HttpCall& call) {
  HttpResult result;
  const auto started = Clock::now();
  auto finish = [&]() -> HttpResult {
    result.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
    return std::move(result);
  };
  if (call.stop != nullptr && call.stop->load()) {
    result.end = HttpResult::End::stopped;
    return finish();
  }
  initialise_curl_once();

  // Everything the handle points at is declared first, so that it outlives the handle.
  char error_buffer[CURL_ERROR_SIZE];
  error_buffer[0] = '\0';
  Sink sink{&result, call.output_limit};
  const std::string user_agent = std::string("zdm/") + kVersion;
  std::unique_ptr<curl_slist, ListDeleter> headers(build_headers(call));
  std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
  std::unique_ptr<CURLM, MultiDeleter> multi(curl_multi_init());  // cleaned up first
  if (!easy || !multi) {
    result.error = "libcurl could not create a request";
    return finish();
  }

  CURL* handle = easy.get();
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(handle, CURLOPT_URL, call.url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(call.timeout.count()));
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(handle, CURLOPT_USERAGENT, user_agent.c_str());
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &sink);

  if (call.method == "HEAD") {
    curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
  } else if (sends_body(call)) {  // with the method said explicitly
    const std::string* body = call.body ? &*call.body : nullptr;
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(body ? body->size() : 0));
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body ? body->data() : "");
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, call.method.c_str());
  } else if (call.method != "GET") {
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, call.method.c_str());
  }

  if (curl_multi_add_handle(multi.get(), handle) != CURLM_OK) {
    result.error = "libcurl could not start the request";
    return finish();
  }
  bool stopped = false;
  for (;;) {
    int running = 0;
    const CURLMcode performed = curl_multi_perform(multi.get(), &running);
    if (performed != CURLM_OK) {
      curl_multi_remove_handle(multi.get(), handle);
      result.error = std::string("libcurl: ") + curl_multi_strerror(performed);
      return finish();
    }
    if (running == 0)
      break;
    if (call.stop != nullptr && call.stop->load()) {
      stopped = true;
      break;
    }
    curl_multi_poll(multi.get(), nullptr, 0, kPollIntervalMs, nullptr);
  }

  CURLcode code = CURLE_OK;
  bool done = false;
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
    if (message->msg == CURLMSG_DONE && message->easy_handle == handle) {
      code = message->data.result;
      done = true;
    }
  }
  long os_errno = 0;
  curl_easy_getinfo(handle, CURLINFO_OS_ERRNO, &os_errno);
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &result.status);
  curl_multi_remove_handle(multi.get(), handle);  // aborts the transfer when stopped

  if (stopped) {
    result.end = HttpResult::End::stopped;
  } else if (!done) {
    result.end = HttpResult::End::failed;
    result.error = "libcurl ended the request without a result";
  } else if (code == CURLE_OK) {
    result.end = HttpResult::End::completed;
  } else if (code == CURLE_OPERATION_TIMEDOUT) {
    result.end = HttpResult::End::timed_out;
  } else {
    result.end = HttpResult::End::failed;
    result.error = describe_failure(code, error_buffer, os_errno);
  }
  return finish();
}

bool status_accepted(long status, const std::vector<int>& expect_status) {
  if (expect_status.empty())
    return status >= 200 && status <= 299;
  return std::find(expect_status.begin(), expect_status.end(), status) != expect_status.end();
}

std::string accepted_statuses(const std::vector<int>& expect_status) {
  std::string list;
  for (int status : expect_status)
    list += (list.empty() ? "" : ", ") + std::to_string(status);
  return expect_status.empty() ? "2xx" : "[" + list + "]";
}

}  // namespace zdm::util
