#pragma once
// Building gate probes the way a loaded plan would, for the gate probe tests.

#include <chrono>
#include <string>
#include <vector>

#include "zdm/gates/probe.hpp"

namespace zdm::testing {

using namespace std::chrono_literals;

inline plan::TemplatedString templated(const std::string& value) {
  plan::TemplatedString text;
  text.value = value;
  text.text = value;
  return text;
}

inline plan::HttpRequest http_probe(const std::string& url) {
  plan::HttpRequest request;
  request.url = templated(url);
  return request;
}

inline plan::PrometheusProbe prometheus_probe(const std::string& url, const std::string& query) {
  plan::PrometheusProbe probe;
  probe.url = templated(url);
  probe.query = query;
  return probe;
}

inline plan::Command command_probe(std::vector<std::string> argv,
                                   std::chrono::milliseconds timeout = std::chrono::minutes(5)) {
  plan::Command command;
  command.argv = std::move(argv);
  command.timeout = timeout;
  return command;
}

inline gates::ProbeReading read_once(const plan::GateProbe& probe,
                                     std::chrono::milliseconds timeout = 5s) {
  gates::ProbeEnvironment env;
  return gates::read_probe(probe, timeout, env);
}

}  // namespace zdm::testing
