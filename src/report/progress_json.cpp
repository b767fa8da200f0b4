#include "zdm/report/progress_json.hpp"

#include <cmath>

namespace zdm::report {

namespace {

template <typename T>
nlohmann::ordered_json or_null(const std::optional<T>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

// JSON has no NaN or infinity (nlohmann would print null anyway): say "unknown" plainly.
std::optional<double> finite(std::optional<double> value) {
  return value && std::isfinite(*value) ? value : std::nullopt;
}

}  // namespace

nlohmann::ordered_json progress_json_fields(const engine::BackfillProgress& progress) {
  const auto& p = progress;
  return {
      {"table", p.table},
      {"rows_scanned", p.rows_scanned},
      {"rows_total", or_null(p.rows_total)},
      {"rows_updated", p.rows_updated},
      {"rows_per_second", std::isfinite(p.rows_per_second) ? p.rows_per_second : 0.0},
      {"chunk_rows", p.chunk_rows},
      {"threads", p.threads},
      {"eta_seconds", or_null(finite(p.eta_seconds))},
      {"throttle_reason", p.throttle_reason.empty() ? nlohmann::ordered_json(nullptr)
                                                    : nlohmann::ordered_json(p.throttle_reason)},
      {"done", p.done}};
}

}  // namespace zdm::report
