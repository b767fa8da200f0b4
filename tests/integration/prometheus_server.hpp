#pragma once
// A real Prometheus (Debian's /usr/bin/prometheus) for integration tests: its own temporary
// config and storage, listening on a loopback port, scraping one target every second.
// Killed (and its folder removed) when the object goes away; PR_SET_PDEATHSIG kills it
// too if the test process dies first.

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "loopback_port.hpp"
#include "zdm/util/http_client.hpp"

namespace zdm::testing {

class PrometheusServer {
 public:
  static constexpr const char* kBinary = "/usr/bin/prometheus";

  // `scrape_target`: "127.0.0.1:PORT" serving /metrics. Waits for /-/ready.
  explicit PrometheusServer(const std::string& scrape_target) {
    char pattern[] = "/tmp/zdm-prometheus.XXXXXX";
    if (::mkdtemp(pattern) == nullptr)
      throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    write_config(scrape_target);
    for (int attempt = 1; attempt <= 3 && pid_ <= 0; ++attempt) {
      port_ = free_loopback_port();
      launch();
      if (!wait_until_ready(std::chrono::seconds(60)))
        stop();  // most likely the port was taken in between: try another
    }
    if (pid_ <= 0)
      throw std::runtime_error("Prometheus did not start; see " +
                               (dir_ / "prometheus.log").string());
  }

  ~PrometheusServer() {
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  PrometheusServer(const PrometheusServer&) = delete;
  PrometheusServer& operator=(const PrometheusServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void write_config(const std::string& scrape_target) {
    std::ofstream config(dir_ / "prometheus.yml");
    config << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
           << "scrape_configs:\n  - job_name: exporter\n    honor_labels: true\n"
           << "    static_configs:\n      - targets: ['" << scrape_target << "']\n";
  }

  void launch() {
    const std::string config = "--config.file=" + (dir_ / "prometheus.yml").string();
    const std::string storage = "--storage.tsdb.path=" + (dir_ / "data").string();
    const std::string listen = "--web.listen-address=127.0.0.1:" + std::to_string(port_);
    const std::string log = (dir_ / "prometheus.log").string();
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ == 0) {
      // Only async-signal-safe calls between fork and exec.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent)
        ::_exit(127);
      const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      ::dup2(out, STDOUT_FILENO);
      ::dup2(out, STDERR_FILENO);
      ::execl(kBinary, kBinary, config.c_str(), storage.c_str(), listen.c_str(), "--log.level=warn",
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }

  bool exited() {
    int status = 0;
    if (pid_ > 0 && ::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return true;
    }
    return pid_ <= 0;
  }

  bool wait_until_ready(std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (exited())
        return false;
      util::HttpCall call;
      call.url = url() + "/-/ready";
      call.timeout = std::chrono::seconds(2);
      const auto result = util::perform_http(call);
      if (result.end == util::HttpResult::End::completed && result.status == 200)
        return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  void stop() {
    if (pid_ <= 0)
      return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 100 && !exited(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }

  std::filesystem::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace zdm::testing
