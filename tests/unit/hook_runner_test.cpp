// The read_switch hook runner against real components: a small HTTP server on 127.0.0.1
// inside the test, and real programs (echo, sh, sleep).

#include "zdm/engine/hook_runner.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "run_process.hpp"

namespace zdm::engine {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// ---- a tiny HTTP/1.1 server: one thread per connection, canned responses per path ----

class TestHttpServer {
 public:
  struct Response {
    Response(int status_code = 200, std::string text = {}, milliseconds wait = 0ms)
        : status(status_code), body(std::move(text)), delay(wait) {}
    int status;
    std::string body;
    milliseconds delay;              // wait before answering (cut short when the server stops)
    bool echo_headers = false;       // answer with the request's header lines as the body
    std::vector<std::string> extra;  // more header lines, e.g. "Location: /x"
  };
  struct Request {
    std::string request_line;
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
  };

  TestHttpServer() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0)
      throw std::runtime_error("socket failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listen_fd_, 16) != 0)
      throw std::runtime_error("bind/listen failed");
    socklen_t length = sizeof address;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    accept_thread_ = std::thread([this] { accept_loop(); });
  }

  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  ~TestHttpServer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    accept_thread_.join();
    std::vector<std::thread> connections;
    {
      std::lock_guard lock(mutex_);
      connections.swap(connections_);
    }
    for (auto& connection : connections)
      connection.join();
    ::close(listen_fd_);
  }

  void on(const std::string& path, Response response) {
    std::lock_guard lock(mutex_);
    responses_[path] = std::move(response);
  }

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  std::vector<Request> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void accept_loop() {
    for (;;) {
      {
        std::lock_guard lock(mutex_);
        if (stopping_)
          return;
      }
      pollfd fd{listen_fd_, POLLIN, 0};
      if (::poll(&fd, 1, 20) <= 0)
        continue;
      const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0)
        continue;
      std::lock_guard lock(mutex_);
      connections_.emplace_back([this, client] {
        serve(client);
        ::close(client);
      });
    }
  }

  // Reads until `done` says the request is complete; false when the client went away.
  static bool read_more(int fd, std::string& data) {
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, 5000) <= 0)
      return false;
    char buffer[4096];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0)
      return false;
    data.append(buffer, static_cast<size_t>(n));
    return true;
  }

  void serve(int fd) {
    std::string data;
    std::size_t header_end;
    while ((header_end = data.find("\r\n\r\n")) == std::string::npos)
      if (!read_more(fd, data))
        return;
    Request request;
    std::istringstream head(data.substr(0, header_end));
    std::string line;
    std::getline(head, line);
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    request.request_line = line;
    std::istringstream(line) >> request.method >> request.target;
    std::string header_lines;
    while (std::getline(head, line)) {
      if (!line.empty() && line.back() == '\r')
        line.pop_back();
      header_lines += line + "\n";
      const auto colon = line.find(':');
      if (colon == std::string::npos)
        continue;
      std::string name = line.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      request.headers[name] = value;
    }
    std::size_t content_length = 0;
    if (auto it = request.headers.find("content-length"); it != request.headers.end())
      content_length = std::stoul(it->second);
    std::string body = data.substr(header_end + 4);
    while (body.size() < content_length)
      if (!read_more(fd, body))
        return;
    request.body = body.substr(0, content_length);

    Response response{404, "no such path\n"};
    {
      std::unique_lock lock(mutex_);
      requests_.push_back(request);
      const std::string path = request.target.substr(0, request.target.find('?'));
      if (auto it = responses_.find(path); it != responses_.end())
        response = it->second;
      if (response.delay > 0ms)
        wake_.wait_for(lock, response.delay, [this] { return stopping_; });
    }
    if (response.echo_headers)
      response.body = header_lines;
    std::string out = "HTTP/1.1 " + std::to_string(response.status) + " Canned\r\n" +
                      "Content-Length: " + std::to_string(response.body.size()) + "\r\n" +
                      "Connection: close\r\n";
    for (const auto& extra : response.extra)
      out += extra + "\r\n";
    out += "\r\n" + response.body;
    std::size_t sent = 0;
    while (sent < out.size()) {
      const ssize_t n = ::send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
      if (n <= 0)
        return;
      sent += static_cast<std::size_t>(n);
    }
  }

  int listen_fd_ = -1;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::map<std::string, Response> responses_;
  std::vector<Request> requests_;
  std::thread accept_thread_;
  std::vector<std::thread> connections_;
};

// A port on 127.0.0.1 that nothing listens on (bound, then released).
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

plan::HttpRequest http(const std::string& method, const std::string& url) {
  plan::HttpRequest request;
  request.method = method;
  request.url.value = url;
  request.url.text = url;
  return request;
}

plan::TemplatedString header_value(const std::string& value, const std::string& text) {
  plan::TemplatedString result;
  result.value = value;
  result.text = text;
  result.from_environment = text != value;
  return result;
}

plan::Command command(std::vector<std::string> argv, milliseconds timeout = 10s) {
  plan::Command result;
  result.argv = std::move(argv);
  result.timeout = timeout;
  return result;
}

const std::map<std::string, std::string> kPercent25 = {{"percent", "25"}};

template <typename F>
auto timed(F&& f) {
  const auto started = Clock::now();
  auto outcome = f();
  return std::make_pair(std::move(outcome),
                        std::chrono::duration_cast<milliseconds>(Clock::now() - started));
}

// Raises `flag` after `delay`, from another thread.
class RaiseLater {
 public:
  RaiseLater(std::atomic<bool>& flag, milliseconds delay)
      : thread_([&flag, delay] {
          std::this_thread::sleep_for(delay);
          flag = true;
        }) {}
  ~RaiseLater() { thread_.join(); }

 private:
  std::thread thread_;
};

// ---- HTTP ----

TEST(HookHttp, AcceptedStatusAndBodyWithPercentReachTheServer) {
  TestHttpServer server;
  server.on("/flags/x", {204, ""});
  auto request = http("PUT", server.url("/flags/x"));
  request.body = "{\"percent\": {{percent}}}";
  request.expect_status = {200, 204};

  const HookOutcome outcome = run_hook(request, kPercent25, nullptr);

  EXPECT_TRUE(outcome.ok) << outcome.error;
  EXPECT_TRUE(outcome.error.empty()) << outcome.error;
  EXPECT_NE(outcome.summary.find("PUT " + server.url("/flags/x") + " -> 204 in "),
            std::string::npos)
      << outcome.summary;
  EXPECT_NE(outcome.summary.find(" ms"), std::string::npos) << outcome.summary;
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].request_line, "PUT /flags/x HTTP/1.1");
  EXPECT_EQ(requests[0].body, "{\"percent\": 25}");
  // The body goes as is: not labelled a form by libcurl.
  EXPECT_EQ(requests[0].headers.count("content-type"), 0u);
}

TEST(HookHttp, ContentTypeFromThePlanIsSent) {
  TestHttpServer server;
  server.on("/flags/x", {200, "{}"});
  auto request = http("POST", server.url("/flags/x"));
  request.body = "{}";
  request.headers.push_back({"Content-Type", header_value("application/json", "application/json")});
  const HookOutcome outcome = run_hook(request, {}, nullptr);
  EXPECT_TRUE(outcome.ok) << outcome.error;
  EXPECT_EQ(outcome.output, "{}");
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].headers.at("content-type"), "application/json");
}

TEST(HookHttp, StatusOutsideTheExpectedListFails) {
  TestHttpServer server;
  server.on("/fail", {500, "database on fire\n"});
  auto request = http("PUT", server.url("/fail"));
  request.expect_status = {200, 204};

  const HookOutcome outcome = run_hook(request, {}, nullptr);

  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error, "status 500 not in [200, 204]");
  EXPECT_NE(outcome.summary.find("-> 500 in "), std::string::npos) << outcome.summary;
  EXPECT_EQ(outcome.output, "database on fire\n");
}

TEST(HookHttp, WithoutExpectStatusAny2xxIsAccepted) {
  TestHttpServer server;
  server.on("/created", {201, "made"});
  server.on("/fail", {500, ""});
  const HookOutcome created = run_hook(http("POST", server.url("/created")), {}, nullptr);
  EXPECT_TRUE(created.ok) << created.error;
  const HookOutcome failed = run_hook(http("GET", server.url("/fail")), {}, nullptr);
  EXPECT_FALSE(failed.ok);
  EXPECT_EQ(failed.error, "status 500 not in 2xx");
  // A POST without a body still says how long its (empty) body is.
  ASSERT_GE(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].headers.at("content-length"), "0");
}

TEST(HookHttp, PercentInTheUrlAndTheUrlShownAsWritten) {
  TestHttpServer server;
  server.on("/flags/25", {204, ""});
  plan::HttpRequest request;
  request.method = "PUT";
  request.url.text = "${FLAG_URL}/flags/{{ percent }}";
  request.url.value = server.url("/flags/{{ percent }}");
  request.url.from_environment = true;

  const HookOutcome outcome = run_hook(request, kPercent25, nullptr);

  EXPECT_TRUE(outcome.ok) << outcome.error;
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].target, "/flags/25");
  EXPECT_NE(outcome.summary.find("PUT ${FLAG_URL}/flags/25 -> 204"), std::string::npos)
      << outcome.summary;
  EXPECT_EQ(outcome.summary.find("127.0.0.1"), std::string::npos) << outcome.summary;
}

TEST(HookHttp, HeaderValuesReachTheServerButNeverTheOutcome) {
  const std::string token = "s3cr3t-t0ken-value-42";
  TestHttpServer server;
  // The server echoes the request headers back, with a status that is refused.
  TestHttpServer::Response echo(401);
  echo.echo_headers = true;
  server.on("/echo", echo);
  auto request = http("PUT", server.url("/echo"));
  request.headers.push_back(
      {"Authorization", header_value("Bearer " + token, "Bearer ${FLAG_TOKEN}")});
  request.headers.push_back({"X-Api-Key", header_value("k3y-" + token, "${KEY}")});

  const HookOutcome outcome = run_hook(request, {}, nullptr);

  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].headers.at("authorization"), "Bearer " + token);
  EXPECT_EQ(server.requests()[0].headers.at("x-api-key"), "k3y-" + token);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error, "status 401 not in 2xx");
  EXPECT_EQ(server.requests()[0].headers.count("content-type"), 0u);
  for (const std::string* text : {&outcome.summary, &outcome.output, &outcome.error}) {
    EXPECT_EQ(text->find(token), std::string::npos) << *text;
    EXPECT_EQ(text->find("t0ken"), std::string::npos) << *text;
  }
  // The echo came back, with the values replaced.
  EXPECT_NE(outcome.output.find("Authorization: [redacted]\n"), std::string::npos)
      << outcome.output;
}

TEST(HookHttp, TimeoutIsHonoured) {
  TestHttpServer server;
  server.on("/slow", {200, "late", 5s});
  auto request = http("GET", server.url("/slow"));
  request.timeout = 300ms;

  const auto [outcome, elapsed] = timed([&] { return run_hook(request, {}, nullptr); });

  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error, "timed out after 300ms");
  EXPECT_NE(outcome.summary.find("-> timeout in "), std::string::npos) << outcome.summary;
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 1300ms);
}

TEST(HookHttp, ConnectionRefused) {
  const int port = closed_port();
  auto request = http("PUT", "http://127.0.0.1:" + std::to_string(port) + "/flags/x");
  const HookOutcome outcome = run_hook(request, {}, nullptr);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error.rfind("connection refused", 0), 0u) << outcome.error;
  EXPECT_NE(outcome.summary.find("-> failed in "), std::string::npos) << outcome.summary;
}

TEST(HookHttp, RedirectsAreNotFollowed) {
  TestHttpServer server;
  TestHttpServer::Response redirect(302);
  redirect.extra = {"Location: /new"};
  server.on("/old", redirect);
  server.on("/new", {200, ""});
  const HookOutcome outcome = run_hook(http("GET", server.url("/old")), {}, nullptr);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error, "status 302 not in 2xx (redirects are not followed)");
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].target, "/old");
}

TEST(HookHttp, OnlyHttpAndHttpsAreSpoken) {
  const HookOutcome outcome = run_hook(http("GET", "file:///etc/passwd"), {}, nullptr);
  EXPECT_FALSE(outcome.ok);
  EXPECT_FALSE(outcome.error.empty());
  EXPECT_TRUE(outcome.output.empty()) << outcome.output;
}

TEST(HookHttp, LargeResponsesAreTruncatedWithANote) {
  TestHttpServer server;
  server.on("/big", {200, std::string(200000, 'x')});
  const HookOutcome outcome = run_hook(http("GET", server.url("/big")), {}, nullptr);
  EXPECT_TRUE(outcome.ok) << outcome.error;
  EXPECT_LE(outcome.output.size(), kHookOutputLimit);
  EXPECT_GT(outcome.output.size(), kHookOutputLimit - 200);
  EXPECT_NE(outcome.output.find("[output truncated: 200000 bytes in all"), std::string::npos);
}

TEST(HookHttp, StopFlagAbandonsTheRequest) {
  TestHttpServer server;
  server.on("/slow", {200, "late", 10s});
  auto request = http("GET", server.url("/slow"));
  request.timeout = 30s;
  std::atomic<bool> stop{false};
  RaiseLater raise(stop, 200ms);

  const auto [outcome, elapsed] = timed([&] { return run_hook(request, {}, &stop); });

  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error, "stopped");
  EXPECT_NE(outcome.summary.find("-> stopped in "), std::string::npos) << outcome.summary;
  EXPECT_LT(elapsed, 1500ms);
}

// A TLS server with a self-signed certificate (openssl s_server), for as long as it lives.
class SelfSignedTlsServer {
 public:
  SelfSignedTlsServer() {
    char dir_template[] = "/tmp/zdm-hook-tls-XXXXXX";
    if (::mkdtemp(dir_template) == nullptr)
      throw std::runtime_error("mkdtemp failed");
    dir_ = dir_template;
    const auto made = test::run_process(
        {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj",
         "/CN=127.0.0.1", "-days", "1", "-keyout", dir_ + "/key.pem", "-out", dir_ + "/cert.pem"},
        {"PATH=/usr/bin:/bin"});
    if (made.exit_code != 0)
      throw std::runtime_error("openssl req failed: " + made.err);
    port_ = closed_port();
    const std::vector<std::string> argv = {"/usr/bin/openssl",
                                           "s_server",
                                           "-quiet",
                                           "-www",
                                           "-accept",
                                           "127.0.0.1:" + std::to_string(port_),
                                           "-cert",
                                           dir_ + "/cert.pem",
                                           "-key",
                                           dir_ + "/key.pem"};
    std::vector<char*> args;
    for (const auto& arg : argv)
      args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    char* environment[] = {const_cast<char*>("PATH=/usr/bin:/bin"), nullptr};
    const int spawned = ::posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environment);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
      throw std::runtime_error("cannot start openssl s_server");
    // Ready once it accepts connections.
    const auto deadline = Clock::now() + 5s;
    while (!accepts() && Clock::now() < deadline)
      std::this_thread::sleep_for(20ms);
  }
  SelfSignedTlsServer(const SelfSignedTlsServer&) = delete;
  SelfSignedTlsServer& operator=(const SelfSignedTlsServer&) = delete;
  ~SelfSignedTlsServer() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    std::remove((dir_ + "/key.pem").c_str());
    std::remove((dir_ + "/cert.pem").c_str());
    ::rmdir(dir_.c_str());
  }
  int port() const { return port_; }

 private:
  bool accepts() const {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port_));
    const bool connected =
        ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return connected;
  }

  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

TEST(HookHttp, TlsCertificatesAreVerified) {
  if (::access("/usr/bin/openssl", X_OK) != 0)
    GTEST_SKIP() << "needs /usr/bin/openssl";
  SelfSignedTlsServer server;
  const HookOutcome outcome = run_hook(
      http("GET", "https://127.0.0.1:" + std::to_string(server.port()) + "/"), {}, nullptr);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error.rfind("TLS failed", 0), 0u) << outcome.error;
  EXPECT_NE(outcome.error.find("certificate"), std::string::npos) << outcome.error;
}

// ---- commands ----

TEST(HookCommand, OutputIsCapturedAndPercentSubstituted) {
  const HookOutcome outcome = run_hook(
      command({"/bin/echo", "hello", "{{percent}}%", "at {{percent}}"}), kPercent25, nullptr);
  EXPECT_TRUE(outcome.ok) << outcome.error;
  EXPECT_EQ(outcome.output, "hello 25% at 25\n");
  EXPECT_EQ(outcome.summary.rfind("/bin/echo hello 25% 'at 25' -> exit 0 in ", 0), 0u)
      << outcome.summary;
}

TEST(HookCommand, StdoutAndStderrTogether) {
  const HookOutcome outcome =
      run_hook(command({"sh", "-c", "echo out; echo err >&2; echo more"}), {}, nullptr);
  EXPECT_TRUE(outcome.ok) << outcome.error;
  EXPECT_EQ(outcome.output, "out\nerr\nmore\n");
}

TEST(HookCommand, NonZeroExitFails) {
  const HookOutcome outcome = run_hook(command({"sh", "-c", "echo nope; exit 3"}), {}, nullptr);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error, "exit 3");
  EXPECT_EQ(outcome.output, "nope\n");
  EXPECT_NE(outcome.summary.find("-> exit 3 in "), std::string::npos) << outcome.summary;
}

TEST(HookCommand, KilledBySignalFails) {
  const HookOutcome outcome = run_hook(command({"sh", "-c", "kill -9 $$"}), {}, nullptr);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error, "killed by signal 9 (SIGKILL)");
}

TEST(HookCommand, TimeoutKillsPromptly) {
  const auto [outcome, elapsed] = timed([] {
    return run_hook(command({"sleep", "10"}, 300ms), {}, nullptr);
  });
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error, "timed out after 300ms; ended by SIGTERM");
  EXPECT_NE(outcome.summary.find("sleep 10 -> timeout in "), std::string::npos) << outcome.summary;
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 1300ms);
}

// True when the process is gone or a zombie, within two seconds.
bool process_ends(pid_t pid) {
  const auto deadline = Clock::now() + 2s;
  while (Clock::now() < deadline) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string content;
    if (!stat || !std::getline(stat, content))
      return true;
    const auto paren = content.rfind(')');
    if (paren != std::string::npos && paren + 2 < content.size() && content[paren + 2] == 'Z')
      return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

TEST(HookCommand, TimeoutKillsTheChildrenToo) {
  // The shell dies of SIGTERM; its child ignores SIGTERM and is killed with the group.
  const auto [outcome, elapsed] = timed([] {
    return run_hook(command({"sh", "-c", "(trap '' TERM; exec sleep 30) & echo $!; wait"}, 300ms),
                    {}, nullptr);
  });
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error.rfind("timed out after 300ms", 0), 0u) << outcome.error;
  EXPECT_LT(elapsed, 1300ms);
  const pid_t child = static_cast<pid_t>(std::stol(outcome.output));
  ASSERT_GT(child, 1);
  EXPECT_TRUE(process_ends(child));
}

TEST(HookCommand, SigtermIgnoredThenSigkill) {
  const auto [outcome, elapsed] = timed([] {
    return run_hook(command({"sh", "-c", "trap '' TERM; sleep 30"}, 200ms), {}, nullptr);
  });
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error, "timed out after 200ms; killed with SIGKILL after it ignored SIGTERM");
  EXPECT_GE(elapsed, 2100ms);
  EXPECT_LT(elapsed, 3200ms);
}

TEST(HookCommand, MissingProgram) {
  const HookOutcome outcome =
      run_hook(command({"kubectll", "rollout", "status", "deploy/app"}), {}, nullptr);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error, "program not found: kubectll");
  EXPECT_NE(outcome.summary.find("kubectll rollout status deploy/app -> not started"),
            std::string::npos)
      << outcome.summary;
}

TEST(HookCommand, NoShellIsInvolved) {
  const HookOutcome outcome = run_hook(command({"/bin/echo", "$HOME", "a|b", "*"}), {}, nullptr);
  EXPECT_TRUE(outcome.ok) << outcome.error;
  EXPECT_EQ(outcome.output, "$HOME a|b *\n");
}

TEST(HookCommand, ZdmsOpenFilesAreNotInherited) {
  const int inheritable = ::open("/dev/null", O_RDONLY);  // no O_CLOEXEC
  ASSERT_GE(inheritable, 3);
  const std::string fd = std::to_string(inheritable);
  const HookOutcome outcome =
      run_hook(command({"sh", "-c",
                        "if [ -e /proc/$$/fd/" + fd + " ]; then echo leaked; else echo clean; fi"}),
               {}, nullptr);
  ::close(inheritable);
  EXPECT_TRUE(outcome.ok) << outcome.error;
  EXPECT_EQ(outcome.output, "clean\n");
}

TEST(HookCommand, LargeOutputIsTruncatedWithANote) {
  const HookOutcome outcome = run_hook(command({"head", "-c", "300000", "/dev/zero"}), {}, nullptr);
  EXPECT_TRUE(outcome.ok) << outcome.error;
  EXPECT_LE(outcome.output.size(), kHookOutputLimit);
  EXPECT_NE(outcome.output.find("[output truncated: 300000 bytes in all"), std::string::npos);
}

TEST(HookCommand, StopFlagKillsALongSleep) {
  std::atomic<bool> stop{false};
  RaiseLater raise(stop, 200ms);
  const auto [outcome, elapsed] = timed([&] {
    return run_hook(command({"sleep", "10"}, 60s), {}, &stop);
  });
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error, "stopped; ended by SIGTERM");
  EXPECT_NE(outcome.summary.find("-> stopped in "), std::string::npos) << outcome.summary;
  EXPECT_LT(elapsed, 1500ms);
}

TEST(HookCommand, StopFlagAlreadyRaisedStartsNothing) {
  std::atomic<bool> stop{true};
  const HookOutcome outcome = run_hook(command({"sh", "-c", "echo ran"}), {}, &stop);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error, "stopped");
  EXPECT_TRUE(outcome.output.empty());
}

}  // namespace
}  // namespace zdm::engine
