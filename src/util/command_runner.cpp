#include "zdm/util/command_runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

extern char** environ;

namespace zdm::util {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// How long the loop sleeps at most between looks at the child, the deadline and `stop`.
constexpr milliseconds kPollInterval{20};
// After the program exits, how long we keep reading output that its own children (still
// holding the pipe) may write before we stop listening.
constexpr milliseconds kDrainAfterExit{200};

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0)
      ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

class SpawnSetup {
 public:
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions_);
    posix_spawnattr_init(&attributes_);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions_);
    posix_spawnattr_destroy(&attributes_);
  }
  posix_spawn_file_actions_t* actions() { return &actions_; }
  posix_spawnattr_t* attributes() { return &attributes_; }

 private:
  posix_spawn_file_actions_t actions_;
  posix_spawnattr_t attributes_;
};

std::string start_error(const std::string& program, int error) {
  switch (error) {
    case ENOENT:
      return "program not found: " + program;
    case EACCES:
      return "permission denied: " + program;
    default:
      return "cannot start " + program + ": " + std::strerror(error);
  }
}

void keep_output(CommandResult& result, const char* data, std::size_t size, std::size_t limit) {
  const std::size_t room = result.output.size() < limit ? limit - result.output.size() : 0;
  const std::size_t kept = size < room ? size : room;
  result.output.append(data, kept);
  result.output_dropped += size - kept;
}

// Reads what is available now. Returns false at end of file (or on a read error).
bool read_available(int fd, CommandResult& result, std::size_t limit) {
  char buffer[8192];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      keep_output(result, buffer, static_cast<std::size_t>(n), limit);
      continue;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return true;
    return false;
  }
}

// True once the child has ended; it is left a zombie (WNOWAIT) so that its process group
// id cannot be reused before we are done signalling the group.
bool has_ended(pid_t pid) {
  siginfo_t info;
  std::memset(&info, 0, sizeof info);
  if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0)
    return errno != EINTR;  // ECHILD: nothing left to wait for
  return info.si_pid == pid;
}

}  // namespace

CommandResult run_command(const CommandSpec& spec) {
  CommandResult result;
  const auto started = Clock::now();
  auto finish = [&]() -> CommandResult {
    result.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
    return std::move(result);
  };
  if (spec.argv.empty() || spec.argv.front().empty()) {
    result.start_error = "no program to run (empty argv)";
    return finish();
  }
  if (spec.stop != nullptr && spec.stop->load()) {
    result.end = CommandResult::End::stopped;
    return finish();
  }

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    result.start_error = std::string("cannot create a pipe: ") + std::strerror(errno);
    return finish();
  }
  FileDescriptor read_end(pipe_fds[0]);
  FileDescriptor write_end(pipe_fds[1]);

  pid_t pid = -1;
  int spawn_error = 0;
  {
    SpawnSetup setup;
    posix_spawn_file_actions_addopen(setup.actions(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(setup.actions(), write_end.get(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(setup.actions(), write_end.get(), STDERR_FILENO);
    // Nothing else of zdm's (database sockets, other hooks' pipes) reaches the program.
    posix_spawn_file_actions_addclosefrom_np(setup.actions(), STDERR_FILENO + 1);
    // Its own process group, so that a timeout reaches the programs it starts too; default
    // signal dispositions and an empty mask, whatever zdm itself ignores or blocks.
    posix_spawnattr_setflags(
        setup.attributes(), POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(setup.attributes(), 0);
    sigset_t signals;
    sigemptyset(&signals);
    posix_spawnattr_setsigmask(setup.attributes(), &signals);
    sigfillset(&signals);
    sigdelset(&signals, SIGKILL);
    sigdelset(&signals, SIGSTOP);
    posix_spawnattr_setsigdefault(setup.attributes(), &signals);

    std::vector<char*> args;
    args.reserve(spec.argv.size() + 1);
    for (const auto& arg : spec.argv)
      args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    spawn_error =
        ::posix_spawnp(&pid, args[0], setup.actions(), setup.attributes(), args.data(), environ);
  }
  write_end.reset();
  if (spawn_error != 0) {
    result.start_error = start_error(spec.argv.front(), spawn_error);
    return finish();
  }
  ::fcntl(read_end.get(), F_SETFL, ::fcntl(read_end.get(), F_GETFL) | O_NONBLOCK);

  const auto deadline = started + spec.timeout;
  bool pipe_open = true;
  std::optional<Clock::time_point> ended_at;
  std::optional<CommandResult::End> killed_because;
  std::optional<Clock::time_point> terminate_sent_at;
  bool kill_sent = false;

  for (;;) {
    const auto now = Clock::now();
    if (!ended_at && has_ended(pid))
      ended_at = now;
    if (ended_at && (!pipe_open || now - *ended_at >= kDrainAfterExit))
      break;
    if (!ended_at) {
      if (!killed_because && spec.stop != nullptr && spec.stop->load())
        killed_because = CommandResult::End::stopped;
      else if (!killed_because && now >= deadline)
        killed_because = CommandResult::End::timed_out;
      if (killed_because && !terminate_sent_at) {
        ::kill(-pid, SIGTERM);
        terminate_sent_at = now;
      } else if (terminate_sent_at && !kill_sent && now - *terminate_sent_at >= spec.kill_grace) {
        ::kill(-pid, SIGKILL);
        kill_sent = true;
      }
    }
    if (pipe_open) {
      pollfd fd{read_end.get(), POLLIN, 0};
      const int ready = ::poll(&fd, 1, static_cast<int>(kPollInterval.count()));
      if (ready > 0 && !read_available(read_end.get(), result, spec.output_limit)) {
        read_end.reset();
        pipe_open = false;
      }
    } else {
      ::usleep(static_cast<useconds_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(kPollInterval).count() / 4));
    }
  }

  // A timeout or stop takes the whole group down, including children that outlived the
  // program; the program is still a zombie here, so the group id is still ours.
  if (killed_because)
    ::kill(-pid, SIGKILL);
  int status = 0;
  pid_t reaped;
  while ((reaped = ::waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
  }
  if (reaped != pid) {  // reaped elsewhere (SIGCHLD ignored): how it ended is unknown
    result.end = CommandResult::End::exited;
    result.exit_code = -1;
    return finish();
  }
  if (killed_because) {
    result.end = *killed_because;
    if (WIFSIGNALED(status))
      result.signal = WTERMSIG(status);
    else if (WIFEXITED(status))
      result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.end = CommandResult::End::signaled;
    result.signal = WTERMSIG(status);
  } else {
    result.end = CommandResult::End::exited;
    result.exit_code = WEXITSTATUS(status);
  }
  return finish();
}

}  // namespace zdm::util
