#pragma once
// One function per gate kind, and the wording their summaries share. Private to src/gates.

#include <chrono>
#include <string>

#include "zdm/gates/probe.hpp"
#include "zdm/util/human_text.hpp"

namespace zdm::gates::detail {

using util::format_elapsed;

using std::chrono::milliseconds;

ProbeReading read_sql(const plan::SqlProbe& probe, milliseconds timeout, ProbeEnvironment& env);
ProbeReading read_http(const plan::HttpRequest& request, milliseconds timeout,
                       const ProbeEnvironment& env);
ProbeReading read_prometheus(const plan::PrometheusProbe& probe, milliseconds timeout,
                             const ProbeEnvironment& env);
ProbeReading read_command(const plan::Command& command, milliseconds timeout,
                          const ProbeEnvironment& env);
ProbeReading read_replica_lag(const plan::ReplicaLagProbe& probe, milliseconds timeout,
                              ProbeEnvironment& env);

// The first non-empty line of `text`, at most `limit` bytes: for a one-line summary.
std::string first_line(const std::string& text, std::size_t limit = 200);

ProbeReading unreachable(std::string summary);

// A reading with a number, for the kinds that take `expect`.
ProbeReading number_read(double value, std::string summary);

}  // namespace zdm::gates::detail
