// command gates: a program run without a shell; its exit status is the value.
#include <signal.h>

#include <algorithm>
#include <cstring>

#include "probe_kinds.hpp"
#include "zdm/plan/duration.hpp"
#include "zdm/util/command_runner.hpp"

namespace zdm::gates::detail {

namespace {

ProbeReading exited(const util::CommandResult& result) {
  const std::string took = " in " + format_elapsed(result.elapsed);
  if (result.exit_code < 0)
    return unreachable("ended, how is unknown (reaped elsewhere)" + took);
  ProbeReading reading;
  reading.value = result.exit_code;
  reading.reachable = true;
  reading.passed_own_check = result.exit_code == 0;
  reading.summary = "exit " + std::to_string(result.exit_code);
  const std::string output = first_line(result.output);
  if (result.exit_code != 0 && !output.empty())
    reading.summary += ": " + output;
  reading.summary += took;
  return reading;
}

}  // namespace

ProbeReading read_command(const plan::Command& command, milliseconds timeout,
                          const ProbeEnvironment& env) {
  util::CommandSpec spec;
  spec.argv = command.argv;
  spec.timeout = std::min(timeout, command.timeout);
  spec.stop = env.stop;
  const util::CommandResult result = util::run_command(spec);
  using End = util::CommandResult::End;
  switch (result.end) {
    case End::exited:
      return exited(result);
    case End::signaled:
      return unreachable("killed by " + util::signal_name(result.signal) + " in " +
                         format_elapsed(result.elapsed));
    case End::timed_out:
      return unreachable("timed out after " + plan::format_duration(spec.timeout));
    case End::stopped:
      return unreachable("stopped");
    case End::not_started:
      return unreachable(result.start_error.empty() ? "not started" : result.start_error);
  }
  return unreachable("ended in an unknown way");
}

}  // namespace zdm::gates::detail
