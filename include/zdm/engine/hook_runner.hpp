#pragma once
// Runs one read_switch hook (an HTTP request or a command) and says how it went.

#include <atomic>
#include <map>
#include <string>

#include "zdm/plan/plan.hpp"

namespace zdm::engine {

struct HookOutcome {
  bool ok = false;
  // One line for progress output and the event log, never with a header value:
  // "PUT https://flags/x -> 204 in 35 ms", "kubectl rollout status deploy/app -> exit 0 in 1.2 s".
  // URLs are shown as written in the plan (${VAR} not expanded), with {{placeholders}} filled.
  std::string summary;
  // The response body, or stdout and stderr together; at most kHookOutputLimit bytes, with a
  // note when more was cut off. Header values echoed back by a server are redacted.
  std::string output;
  // Why it failed (empty when ok): "timed out after 5s", "connection refused (...)",
  // "status 500 not in [200, 204]", "exit 3", "killed by signal 9 (Killed)",
  // "program not found: kubectll", "stopped".
  std::string error;
};

inline constexpr std::size_t kHookOutputLimit = 64 * 1024;

// Runs `action` with its {{name}} placeholders (e.g. {"percent", "25"}) filled in the URL,
// the body and each argv item; unknown names are left as written. `stop` (may be null) is
// polled while the hook runs: once it is true the hook is abandoned (the request aborted,
// the command's process group killed) and the outcome says so. Never throws for a hook
// that fails; only for resource exhaustion.
HookOutcome run_hook(const plan::HookAction& action,
                     const std::map<std::string, std::string>& placeholders,
                     const std::atomic<bool>* stop);

}  // namespace zdm::engine
