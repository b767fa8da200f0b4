#pragma once
// Running the zdm binary in the background (to kill it, or to act while it works) and
// waiting for the database to reach a state: what the end-to-end tests share.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "zdm/db/connection.hpp"

namespace zdm::testing {

// Starts argv[0] (a path) with exactly `environment` (plus a PATH); stderr is appended to
// `log_path`, stdout discarded.
inline pid_t start_process(std::vector<std::string> argv, std::vector<std::string> environment,
                           const std::string& log_path) {
  std::vector<char*> raw;
  for (auto& a : argv)
    raw.push_back(a.data());
  raw.push_back(nullptr);
  environment.push_back("PATH=/usr/bin:/bin");
  std::vector<char*> envp;
  for (auto& e : environment)
    envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, raw[0], &actions, nullptr, raw.data(), envp.data()), 0);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

// Starts zdm with `args`, as start_process.
inline pid_t start_zdm(const std::vector<std::string>& args, std::vector<std::string> environment,
                       const std::string& log_path) {
  std::vector<std::string> argv = {ZDM_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return start_process(std::move(argv), std::move(environment), log_path);
}

// The exit code, or 128 + the signal that ended it.
inline int wait_exit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Polls `sql` (a scalar) until `ready` accepts its value, for at most `limit`.
inline bool wait_until(db::Connection& c, const std::string& sql,
                       const std::function<bool(const std::string&)>& ready,
                       std::chrono::seconds limit = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      if (auto value = c.query_scalar(sql, {}); value && ready(*value))
        return true;
    } catch (const db::DbError&) {
      // The state tables do not exist yet.
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace zdm::testing
