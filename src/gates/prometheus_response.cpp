#include "zdm/gates/prometheus_response.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "zdm/util/number.hpp"

namespace zdm::gates {

namespace {

using nlohmann::json;

// Prometheus error texts quote the query; a long one is cut so the log line stays a line.
constexpr std::size_t kErrorTextLimit = 300;

ProbeReading failure(std::string summary) {
  ProbeReading reading;
  reading.summary = std::move(summary);
  return reading;
}

std::string text_field(const json& object, const char* key) {
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

ProbeReading error_answer(long http_status, const json& answer) {
  std::string text = text_field(answer, "error");
  if (text.size() > kErrorTextLimit)
    text = text.substr(0, kErrorTextLimit) + "...";
  const std::string type = text_field(answer, "errorType");
  return failure("Prometheus error" + (type.empty() ? "" : " (" + type + ")") + ", HTTP " +
                 std::to_string(http_status) + ": " + (text.empty() ? "no error text" : text));
}

// [<unix time>, "<value>"]: a scalar, or the value of one vector sample.
ProbeReading sample_value(const json& sample) {
  if (!sample.is_array() || sample.size() != 2 || !sample[1].is_string())
    return failure("not a Prometheus sample: " + sample.dump().substr(0, 80));
  const std::string text = sample[1].get<std::string>();
  const auto value = util::parse_number(text);
  if (!value)
    return failure("the sample \"" + text.substr(0, 40) + "\" is not a number");
  if (std::isnan(*value))
    return failure("NaN: the query has no defined value (a division by zero without traffic?)");
  ProbeReading reading;
  reading.value = *value;
  reading.reachable = true;
  reading.passed_own_check = true;
  reading.summary = util::format_number(*value);
  return reading;
}

ProbeReading vector_value(const json& result) {
  if (!result.is_array())
    return failure("not a Prometheus vector");
  if (result.empty())
    return failure("empty result: no series matched the query");
  if (result.size() > 1) {
    return failure(std::to_string(result.size()) +
                   " series in the result, one number needed: aggregate them, such as "
                   "sum(...) or max(...)");
  }
  const json& sample = result.front();
  if (!sample.is_object() || !sample.contains("value"))
    return failure("not a Prometheus vector sample");
  return sample_value(sample["value"]);
}

ProbeReading data_value(const json& data) {
  if (!data.is_object())
    return failure("a Prometheus answer without data");
  const std::string type = text_field(data, "resultType");
  const auto result = data.find("result");
  if (result == data.end())
    return failure("a Prometheus answer without a result");
  if (type == "scalar")
    return sample_value(*result);
  if (type == "vector")
    return vector_value(*result);
  if (type == "matrix")
    return failure("a range vector (matrix): use an instant query that returns one number");
  return failure("a result of type \"" + type + "\", not a number");
}

}  // namespace

ProbeReading reading_from_prometheus(long http_status, std::string_view body) {
  const json answer = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (answer.is_discarded() || !answer.is_object()) {
    return failure("HTTP " + std::to_string(http_status) +
                   ", not a Prometheus answer (is the url the Prometheus base URL?)");
  }
  const std::string status = text_field(answer, "status");
  if (status == "error")
    return error_answer(http_status, answer);
  if (status != "success" || http_status != 200) {
    return failure("HTTP " + std::to_string(http_status) + ", Prometheus status \"" + status +
                   "\"");
  }
  const auto data = answer.find("data");
  return data_value(data == answer.end() ? json() : *data);
}

}  // namespace zdm::gates
