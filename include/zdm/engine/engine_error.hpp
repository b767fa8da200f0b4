#pragma once
// Why a zdm run stopped, as an exception carrying the exit code the CLI returns.

#include <stdexcept>
#include <string>

#include "zdm/cli/exit_code.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::engine {

class EngineError : public std::runtime_error {
 public:
  EngineError(cli::ExitCode code, const std::string& message, std::string hint = {})
      : std::runtime_error(message), code_(code), hint_(std::move(hint)) {}

  cli::ExitCode code() const { return code_; }
  const std::string& hint() const { return hint_; }

 private:
  cli::ExitCode code_;
  std::string hint_;
};

// A gate failed (before, after or during a phase): exit 3, and what its on_fail asks.
class GateFailed : public EngineError {
 public:
  GateFailed(std::string gate, plan::GateFailAction on_fail, const std::string& message,
             std::string hint = {})
      : EngineError(cli::ExitCode::gate_failed, message, std::move(hint)),
        gate_(std::move(gate)),
        on_fail_(on_fail) {}

  const std::string& gate() const { return gate_; }
  plan::GateFailAction on_fail() const { return on_fail_; }

 private:
  std::string gate_;
  plan::GateFailAction on_fail_;
};

// A step or statement failed; state is kept and `zdm apply` resumes (exit 1).
inline EngineError runtime_failure(const std::string& message, std::string hint = {}) {
  return EngineError(cli::ExitCode::runtime_failure, message, std::move(hint));
}

// The plan or the command line is unusable here; nothing was changed (exit 2).
inline EngineError invalid_input(const std::string& message, std::string hint = {}) {
  return EngineError(cli::ExitCode::invalid_input, message, std::move(hint));
}

}  // namespace zdm::engine
