#pragma once
// A loopback TCP proxy in front of a test server, to take the database away from zdm and
// give it back: cut() closes every open connection and refuses new ones (as a restarting
// server or a failover does), restore() lets connections through again. Real sockets,
// the real protocol passing through untouched.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace zdm::testing {

class TcpProxy {
 public:
  explicit TcpProxy(int target_port) : target_port_(target_port) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = loopback(0);
    if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) ||
        listen(listener_, 64)) {
      throw std::runtime_error("proxy: cannot listen on loopback");
    }
    socklen_t length = sizeof address;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }

  ~TcpProxy() {
    stopping_ = true;
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    cut();
    acceptor_.join();
    for (auto& pump : pumps_)
      pump.join();
  }

  int port() const { return port_; }

  // Drops every connection now; new ones are accepted and closed at once until restore().
  void cut() {
    up_ = false;
    std::lock_guard lock(mutex_);
    for (int fd : open_)
      shutdown(fd, SHUT_RDWR);
  }

  void restore() { up_ = true; }

 private:
  static sockaddr_in loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
  }

  void accept_loop() {
    while (!stopping_) {
      const int client = accept(listener_, nullptr, nullptr);
      if (client < 0)
        continue;
      if (!up_) {
        close(client);
        continue;
      }
      const int server = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in target = loopback(target_port_);
      if (connect(server, reinterpret_cast<sockaddr*>(&target), sizeof target) != 0) {
        close(client);
        close(server);
        continue;
      }
      // Without Nagle, as the servers and clients themselves run: no 40 ms stalls.
      const int one = 1;
      setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      std::lock_guard lock(mutex_);
      open_.insert(client);
      open_.insert(server);
      pumps_.emplace_back([this, client, server] { pump(client, server); });
    }
  }

  // Copies bytes both ways until either side closes (or cut() shuts them down).
  void pump(int client, int server) {
    std::vector<char> buffer(64 * 1024);
    pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
    for (bool open = true; open && !stopping_;) {
      if (poll(fds, 2, 200) <= 0)
        continue;
      for (int i = 0; i < 2 && open; ++i) {
        if (fds[i].revents == 0)
          continue;
        const ssize_t n = read(fds[i].fd, buffer.data(), buffer.size());
        open = n > 0 && write_all(fds[1 - i].fd, buffer.data(), static_cast<size_t>(n));
      }
    }
    std::lock_guard lock(mutex_);
    open_.erase(client);
    open_.erase(server);
    close(client);
    close(server);
  }

  static bool write_all(int fd, const char* data, size_t size) {
    while (size > 0) {
      const ssize_t n = send(fd, data, size, MSG_NOSIGNAL);  // no SIGPIPE
      if (n <= 0)
        return false;
      data += n;
      size -= static_cast<size_t>(n);
    }
    return true;
  }

  int target_port_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> up_{true};
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::set<int> open_;
  std::vector<std::thread> pumps_;
  std::thread acceptor_;
};

}  // namespace zdm::testing
