#pragma once
// What a run tells its operator: one event per thing that happened, printed as a log line
// on stderr (text) or a JSON object per line on stdout (--format json). Events never carry
// a password: callers pass redacted DSNs and scrubbed driver messages.

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace zdm::engine {

struct Event {
  std::string phase;  // "expand", ...; empty for the whole migration
  std::string kind;   // "phase_started", "step_done", "retry", "check", ...
  std::string message;
  nlohmann::json fields = nlohmann::json::object();  // machine-readable details
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void report(const Event& event) = 0;
};

std::unique_ptr<Reporter> make_text_reporter();
std::unique_ptr<Reporter> make_json_reporter();

}  // namespace zdm::engine
