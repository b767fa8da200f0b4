#include "zdm/gates/probe.hpp"

#include <cstdio>
#include <type_traits>

#include "probe_kinds.hpp"

namespace zdm::gates {

namespace detail {

std::string first_line(const std::string& text, std::size_t limit) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos)
      end = text.size();
    std::string line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.pop_back();
    if (!line.empty())
      return line.size() > limit ? line.substr(0, limit) + "..." : line;
    start = end + 1;
  }
  return {};
}

ProbeReading unreachable(std::string summary) {
  ProbeReading reading;
  reading.summary = std::move(summary);
  return reading;
}

ProbeReading number_read(double value, std::string summary) {
  ProbeReading reading;
  reading.value = value;
  reading.reachable = true;
  reading.passed_own_check = true;
  reading.summary = std::move(summary);
  return reading;
}

}  // namespace detail

ProbeReading read_probe(const plan::GateProbe& probe, std::chrono::milliseconds timeout,
                        ProbeEnvironment& env) {
  if (env.stop != nullptr && env.stop->load())
    return detail::unreachable("stopped");
  return std::visit(
      [&](const auto& kind) -> ProbeReading {
        using Kind = std::decay_t<decltype(kind)>;
        if constexpr (std::is_same_v<Kind, plan::SqlProbe>)
          return detail::read_sql(kind, timeout, env);
        else if constexpr (std::is_same_v<Kind, plan::HttpRequest>)
          return detail::read_http(kind, timeout, env);
        else if constexpr (std::is_same_v<Kind, plan::PrometheusProbe>)
          return detail::read_prometheus(kind, timeout, env);
        else if constexpr (std::is_same_v<Kind, plan::Command>)
          return detail::read_command(kind, timeout, env);
        else
          return detail::read_replica_lag(kind, timeout, env);
      },
      probe);
}

}  // namespace zdm::gates
