#pragma once
// What a Prometheus instant query (GET /api/v1/query) answered, as a gate reading.

#include <string_view>

#include "zdm/gates/probe.hpp"

namespace zdm::gates {

// `http_status` and `body` of the response. One number is a reading: a scalar, or a
// vector of exactly one sample. An empty vector is a failure (no series matched: not a
// zero), so is more than one sample, a matrix or string, an "error" status (with
// Prometheus's error text), a body that is not Prometheus JSON, and NaN. +Inf and -Inf
// are numbers. `summary` is left without timing; the caller adds it.
ProbeReading reading_from_prometheus(long http_status, std::string_view body);

}  // namespace zdm::gates
