#include "zdm/engine/phase_progress.hpp"

namespace zdm::engine {

nlohmann::json progress_of(const PhaseRecord& record) {
  if (record.progress.empty())
    return nlohmann::json::object();
  return nlohmann::json::parse(record.progress);
}

void set_progress(PhaseRecord& record, const std::string& key, const nlohmann::json& value) {
  auto progress = progress_of(record);
  progress[key] = value;
  record.progress = progress.dump();
}

}  // namespace zdm::engine
