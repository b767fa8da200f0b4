#include "zdm/engine/target.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "zdm/engine/engine_error.hpp"

namespace zdm::engine {

namespace {

db::Dsn parse_or_refuse(const std::string& text, const std::string& source) {
  try {
    return db::Dsn::parse(text);
  } catch (const db::DsnError& error) {
    throw invalid_input("the DSN from " + source + " is not usable: " + error.what(),
                        "write postgresql://user:password@host:5432/db, host=... dbname=..., or "
                        "mysql://user:password@host:3306/db");
  }
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty())
    return;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// Headers that describe the request rather than authorise it: kept, so that a rollback
// from the recorded plan sends the same request.
bool describes_request(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* plain : {"content-type", "accept", "accept-encoding", "content-encoding",
                            "accept-language", "user-agent", "cache-control"}) {
    if (name == plain)
      return true;
  }
  return false;
}

// A literal value of any other header may be a token: it never reaches the state tables.
// The replacement is a plain word, so the recorded plan stays valid YAML wherever it sat
// ("***" at the start of a scalar would be a YAML alias).
void scrub_headers(const plan::HookAction& action, std::string& text) {
  if (const auto* http = std::get_if<plan::HttpRequest>(&action)) {
    for (const auto& [name, value] : http->headers) {
      if (!value.from_environment && !describes_request(name))
        replace_all(text, value.text, "REDACTED");
    }
  }
}

}  // namespace

bool dsn_configured(const std::string& dsn_flag, const plan::Plan* plan) {
  const char* env = std::getenv("ZDM_DSN");
  return !dsn_flag.empty() || (env != nullptr && *env != '\0') ||
         (plan != nullptr && plan->target.dsn);
}

db::Dsn resolve_dsn(const std::string& dsn_flag, const plan::Plan* plan) {
  if (!dsn_flag.empty())
    return parse_or_refuse(dsn_flag, "--dsn");
  if (const char* env = std::getenv("ZDM_DSN"); env != nullptr && *env != '\0')
    return parse_or_refuse(env, "ZDM_DSN");
  if (plan != nullptr && plan->target.dsn) {
    const auto& dsn = *plan->target.dsn;
    if (!dsn.unset_variables.empty()) {
      throw invalid_input("target.dsn uses " + dsn.unset_variables.front() + ", which is not set",
                          "set it, or pass --dsn or ZDM_DSN");
    }
    return parse_or_refuse(dsn.value, "target.dsn");
  }
  throw invalid_input("no database to work on",
                      "pass --dsn, set ZDM_DSN, or give target.dsn in the plan");
}

std::string plan_text_for_state(const plan::Plan& plan) {
  std::string text = plan.source_text;
  if (plan.target.dsn && !plan.target.dsn->from_environment) {
    try {
      text = db::Dsn::parse(plan.target.dsn->value).scrub(text);
    } catch (const db::DsnError&) {
      // Not parseable: then it is not used either (--dsn or ZDM_DSN gave the target).
    }
  }
  if (plan.read_switch) {
    for (const auto& step : plan.read_switch->steps) {
      scrub_headers(step.action, text);
      if (step.rollback)
        scrub_headers(*step.rollback, text);
    }
  }
  for (const auto& gate : plan.gates) {
    if (const auto* http = std::get_if<plan::HttpRequest>(&gate.probe))
      scrub_headers(*http, text);
  }
  return text;
}

std::unique_ptr<db::Connection> connect_or_fail(const db::Dsn& dsn) {
  try {
    return db::connect(dsn);
  } catch (const db::DbError& error) {
    throw runtime_failure(error.what(), "check the DSN and that the server is up");
  }
}

std::string run_by() {
  char host[256] = "unknown-host";
  gethostname(host, sizeof host - 1);
  const passwd* user = getpwuid(getuid());
  return std::string(user ? user->pw_name : "unknown") + "@" + host + " pid " +
         std::to_string(getpid());
}

}  // namespace zdm::engine
