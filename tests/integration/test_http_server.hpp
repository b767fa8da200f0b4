#pragma once
// A small HTTP/1.1 server for integration tests: listens on a loopback port the kernel
// picks, answers each connection in its own thread with what the test's handler returns
// (status, body, an optional delay before answering), then closes the connection.
// Real sockets and real HTTP on the wire, so the client under test is not mocked.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace zdm::testing {

struct HttpRequestSeen {
  std::string method;
  std::string target;                          // path and query, as sent
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

struct HttpAnswer {
  int status = 200;
  std::string body;
  std::string content_type = "text/plain";
  std::chrono::milliseconds delay{0};  // wait this long before answering
};

class TestHttpServer {
 public:
  using Handler = std::function<HttpAnswer(const HttpRequestSeen&)>;

  explicit TestHttpServer(Handler handler) : handler_(std::move(handler)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener_ < 0)
      throw std::runtime_error("socket() failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;  // the kernel picks a free port
    socklen_t length = sizeof address;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 64) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ::close(listener_);
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }

  ~TestHttpServer() {
    stopping_ = true;
    acceptor_.join();
    std::vector<std::thread> workers;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      workers.swap(workers_);
    }
    for (auto& worker : workers)
      worker.join();
    ::close(listener_);
  }

  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  void set_handler(Handler handler) {
    std::lock_guard<std::mutex> lock(mutex_);
    handler_ = std::move(handler);
  }

  std::vector<HttpRequestSeen> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  void accept_loop() {
    while (!stopping_) {
      pollfd ready{listener_, POLLIN, 0};
      if (::poll(&ready, 1, 50) <= 0)
        continue;
      const int connection = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (connection < 0)
        continue;
      std::lock_guard<std::mutex> lock(mutex_);
      workers_.emplace_back([this, connection] {
        serve(connection);
        ::close(connection);
      });
    }
  }

  // Reads until the headers and Content-Length bytes of body have arrived.
  bool read_request(int connection, HttpRequestSeen& request) {
    std::string data;
    char buffer[4096];
    std::size_t header_end = std::string::npos;
    std::size_t body_length = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!stopping_ && std::chrono::steady_clock::now() < deadline) {
      if (header_end != std::string::npos && data.size() >= header_end + 4 + body_length)
        break;
      pollfd ready{connection, POLLIN, 0};
      if (::poll(&ready, 1, 50) <= 0)
        continue;
      const ssize_t n = ::recv(connection, buffer, sizeof buffer, 0);
      if (n <= 0)
        return false;
      data.append(buffer, static_cast<std::size_t>(n));
      if (header_end == std::string::npos && (header_end = data.find("\r\n\r\n")) != data.npos)
        body_length = parse_head(data.substr(0, header_end), request);
    }
    if (header_end == std::string::npos)
      return false;
    request.body = data.substr(header_end + 4, body_length);
    return true;
  }

  // Fills method, target and headers; returns Content-Length.
  static std::size_t parse_head(const std::string& head, HttpRequestSeen& request) {
    std::size_t line_end = head.find("\r\n");
    const std::string first = head.substr(0, line_end);
    const auto space = first.find(' ');
    request.method = first.substr(0, space);
    request.target = first.substr(space + 1, first.rfind(' ') - space - 1);
    while (line_end != std::string::npos && line_end < head.size()) {
      const std::size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      const std::string line =
          head.substr(start, line_end == head.npos ? head.npos : line_end - start);
      const auto colon = line.find(':');
      if (colon == std::string::npos)
        continue;
      std::string name = line.substr(0, colon);
      for (char& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    const auto length = request.headers.find("content-length");
    return length == request.headers.end() ? 0 : std::stoul(length->second);
  }

  void serve(int connection) {
    HttpRequestSeen request;
    if (!read_request(connection, request))
      return;
    Handler handler;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(request);
      handler = handler_;
    }
    const HttpAnswer answer = handler(request);
    const auto answer_at = std::chrono::steady_clock::now() + answer.delay;
    while (!stopping_ && std::chrono::steady_clock::now() < answer_at)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const std::string head = "HTTP/1.1 " + std::to_string(answer.status) + " " +
                             (answer.status < 400 ? "OK" : "Error") +
                             "\r\nContent-Type: " + answer.content_type +
                             "\r\nContent-Length: " + std::to_string(answer.body.size()) +
                             "\r\nConnection: close\r\n\r\n";
    const std::string response = head + (request.method == "HEAD" ? "" : answer.body);
    std::size_t sent = 0;
    while (sent < response.size()) {  // MSG_NOSIGNAL: a client that gave up is no SIGPIPE
      const ssize_t n =
          ::send(connection, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
      if (n <= 0)
        return;
      sent += static_cast<std::size_t>(n);
    }
  }

  mutable std::mutex mutex_;
  Handler handler_;
  std::vector<HttpRequestSeen> requests_;
  std::vector<std::thread> workers_;
  std::atomic<bool> stopping_{false};
  int listener_ = -1;
  int port_ = 0;
  std::thread acceptor_;
};

}  // namespace zdm::testing
