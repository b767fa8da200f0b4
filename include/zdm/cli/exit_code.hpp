#pragma once
// Exit codes of every zdm command (documented in README.md).

namespace zdm::cli {

enum class ExitCode : int {
  success = 0,
  runtime_failure = 1,  // database error or failed step; state kept, a re-run resumes
  invalid_input = 2,    // usage error or invalid plan; nothing was touched
  gate_failed = 3,
  lint_findings = 4,  // findings at or above --fail-on
  locked = 5,         // another zdm run holds this migration's lock
  interrupted = 130,  // SIGINT/SIGTERM; stopped at a safe point, state saved
};

inline int to_int(ExitCode code) {
  return static_cast<int>(code);
}

}  // namespace zdm::cli
