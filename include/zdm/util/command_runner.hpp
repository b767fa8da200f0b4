#pragma once
// Runs a program directly (posix_spawnp, no shell) in its own process group, with its
// stdout and stderr captured together, a deadline and a stop flag. Used by
// read_switch hooks and command gates.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace zdm::util {

struct CommandSpec {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH unless it contains a '/'
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  const std::atomic<bool>* stop = nullptr;  // polled; may be null
  std::size_t output_limit = 64 * 1024;     // bytes kept; the rest is counted, not kept
  std::chrono::milliseconds kill_grace{std::chrono::seconds(2)};  // SIGTERM, then SIGKILL
};

struct CommandResult {
  enum class End {
    exited,       // exit_code is set (-1: the program was reaped elsewhere, status unknown)
    signaled,     // killed by `signal`, not by us
    timed_out,    // we sent SIGTERM (and SIGKILL after the grace when needed)
    stopped,      // the stop flag was raised; same signals as a timeout
    not_started,  // start_error says why
  };
  End end = End::not_started;
  int exit_code = -1;
  int signal = 0;  // the signal that ended the program, when it was one
  std::string output;
  std::size_t output_dropped = 0;  // bytes beyond output_limit
  std::string start_error;         // "program not found: kubectll"
  std::chrono::milliseconds elapsed{0};
};

CommandResult run_command(const CommandSpec& spec);

}  // namespace zdm::util
