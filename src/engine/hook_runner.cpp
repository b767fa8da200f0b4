#include "zdm/engine/hook_runner.hpp"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <type_traits>
#include <vector>

#include "zdm/plan/duration.hpp"
#include "zdm/plan/placeholders.hpp"
#include "zdm/util/command_runner.hpp"
#include "zdm/util/http_client.hpp"
#include "zdm/util/human_text.hpp"

namespace zdm::engine {
namespace {

using std::chrono::milliseconds;

// Extra response bytes kept before redaction, so that a secret cut at the limit is still
// recognised and removed.
constexpr std::size_t kRedactionMargin = 4096;
constexpr const char* kRedacted = "[redacted]";

std::string substitute(const std::string& text,
                       const std::map<std::string, std::string>& placeholders) {
  std::string out;
  std::size_t copied = 0;
  for (const auto& placeholder : plan::find_placeholders(text)) {
    const auto value = placeholders.find(placeholder.name);
    if (value == placeholders.end())
      continue;
    out.append(text, copied, placeholder.offset - copied);
    out += value->second;
    copied = placeholder.offset + placeholder.length;
  }
  out.append(text, copied, std::string::npos);
  return out;
}

// Keeps `text` within kHookOutputLimit, the note about what was cut included.
void limit_output(std::string& text, std::size_t total_bytes) {
  if (total_bytes <= kHookOutputLimit && text.size() <= kHookOutputLimit)
    return;
  const std::string note =
      "\n[output truncated: " + std::to_string(total_bytes) + " bytes in all, the first ";
  const std::string tail = " shown]";
  const std::size_t keep = kHookOutputLimit - note.size() - tail.size() - 20;
  text.resize(std::min(text.size(), keep));
  text += note + std::to_string(text.size()) + tail;
}

// ---- commands ----

std::string shell_quote(const std::string& arg) {
  const bool plain =
      !arg.empty() && arg.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;#~") == std::string::npos;
  if (plain)
    return arg;
  std::string quoted = "'";
  for (char c : arg)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

HookOutcome run_command_hook(const plan::Command& command,
                             const std::map<std::string, std::string>& placeholders,
                             const std::atomic<bool>* stop) {
  util::CommandSpec spec;
  for (const auto& arg : command.argv)
    spec.argv.push_back(substitute(arg, placeholders));
  spec.timeout = command.timeout;
  spec.stop = stop;
  spec.output_limit = kHookOutputLimit;
  const util::CommandResult result = util::run_command(spec);

  std::string shown;
  for (const auto& arg : spec.argv)
    shown += (shown.empty() ? "" : " ") + shell_quote(arg);

  HookOutcome outcome;
  outcome.output = result.output;
  limit_output(outcome.output, result.output.size() + result.output_dropped);
  std::string end;
  using End = util::CommandResult::End;
  switch (result.end) {
    case End::exited:
      outcome.ok = result.exit_code == 0;
      end = result.exit_code >= 0 ? "exit " + std::to_string(result.exit_code) : "exit unknown";
      if (!outcome.ok)
        outcome.error = result.exit_code >= 0 ? end : "how the program ended is unknown";
      break;
    case End::signaled:
      end = "killed by " + util::signal_name(result.signal);
      outcome.error = "killed by signal " + std::to_string(result.signal) + " (" +
                      util::signal_name(result.signal) + ")";
      break;
    case End::timed_out:
    case End::stopped: {
      const bool timed_out = result.end == End::timed_out;
      end = timed_out ? "timeout" : "stopped";
      outcome.error = timed_out ? "timed out after " + plan::format_duration(command.timeout)
                                : std::string("stopped");
      if (result.signal == SIGKILL)
        outcome.error += "; killed with SIGKILL after it ignored SIGTERM";
      else if (result.signal != 0)
        outcome.error += "; ended by " + util::signal_name(result.signal);
      else if (result.exit_code >= 0)
        outcome.error += "; exited " + std::to_string(result.exit_code) + " after SIGTERM";
      break;
    }
    case End::not_started:
      end = result.start_error.empty() ? "stopped" : "not started";
      outcome.error = result.start_error.empty() ? "stopped before it started" : result.start_error;
      break;
  }
  outcome.summary = shown + " -> " + end + " in " + util::format_elapsed(result.elapsed);
  return outcome;
}

// ---- HTTP ----

// Header values, and the long words inside them (the token of "Bearer <token>"), longest
// first; short values ("1", "no") are left alone so that output stays readable.
std::vector<std::string> secrets_of(const plan::HttpRequest& request) {
  std::vector<std::string> secrets;
  for (const auto& [name, value] : request.headers) {
    const std::string& text = value.value;
    if (text.size() >= 4)
      secrets.push_back(text);
    std::size_t pos = 0;
    while (pos < text.size()) {
      const auto start = text.find_first_not_of(" \t", pos);
      if (start == std::string::npos)
        break;
      const auto stop = std::min(text.find_first_of(" \t", start), text.size());
      if (stop - start >= 8)
        secrets.push_back(text.substr(start, stop - start));
      pos = stop;
    }
  }
  std::sort(secrets.begin(), secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return secrets;
}

void redact(std::string& text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    std::size_t pos = 0;
    while ((pos = text.find(secret, pos)) != std::string::npos) {
      text.replace(pos, secret.size(), kRedacted);
      pos += std::strlen(kRedacted);
    }
  }
}

HookOutcome run_http_hook(const plan::HttpRequest& request,
                          const std::map<std::string, std::string>& placeholders,
                          const std::atomic<bool>* stop) {
  util::HttpCall call;
  call.method = request.method;
  call.url = substitute(request.url.value, placeholders);
  if (request.body)
    call.body = substitute(*request.body, placeholders);
  for (const auto& [name, value] : request.headers)
    call.headers.emplace_back(name, value.value);
  call.timeout = request.timeout;
  call.stop = stop;
  call.output_limit = kHookOutputLimit + kRedactionMargin;
  util::HttpResult result = util::perform_http(call);

  // The URL as written (a ${VAR} in it stays a name), with the placeholders filled.
  const std::string shown_url =
      substitute(request.url.text.empty() ? request.url.value : request.url.text, placeholders);
  const auto secrets = secrets_of(request);

  HookOutcome outcome;
  outcome.output = std::move(result.body);
  const std::size_t total = outcome.output.size() + result.body_dropped;
  redact(outcome.output, secrets);
  limit_output(outcome.output, total);

  std::string end;
  using End = util::HttpResult::End;
  switch (result.end) {
    case End::completed:
      end = std::to_string(result.status);
      outcome.ok = util::status_accepted(result.status, request.expect_status);
      if (!outcome.ok) {
        outcome.error = "status " + std::to_string(result.status) + " not in " +
                        util::accepted_statuses(request.expect_status);
        if (result.status >= 300 && result.status <= 399)
          outcome.error += " (redirects are not followed)";
      }
      break;
    case End::timed_out:
      end = "timeout";
      outcome.error = "timed out after " + plan::format_duration(request.timeout);
      break;
    case End::stopped:
      end = "stopped";
      outcome.error = "stopped";
      break;
    case End::failed:
      end = "failed";
      outcome.error = result.error;
      redact(outcome.error, secrets);
      break;
  }
  outcome.summary = request.method + " " + shown_url + " -> " + end + " in " +
                    util::format_elapsed(result.elapsed);
  return outcome;
}

}  // namespace

HookOutcome run_hook(const plan::HookAction& action,
                     const std::map<std::string, std::string>& placeholders,
                     const std::atomic<bool>* stop) {
  return std::visit(
      [&](const auto& hook) -> HookOutcome {
        using T = std::decay_t<decltype(hook)>;
        if constexpr (std::is_same_v<T, plan::HttpRequest>)
          return run_http_hook(hook, placeholders, stop);
        else
          return run_command_hook(hook, placeholders, stop);
      },
      action);
}

}  // namespace zdm::engine
