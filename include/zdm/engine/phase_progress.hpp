#pragma once
// The JSON a phase keeps in its record for itself (ramp stage, the window of dual_write's
// checks, gate baselines): one object, each owner reading and writing only its own keys.

#include <nlohmann/json.hpp>
#include <string>

#include "zdm/engine/state_store.hpp"

namespace zdm::engine {

nlohmann::json progress_of(const PhaseRecord& record);
// Sets `key` in the record's progress (the caller saves the record).
void set_progress(PhaseRecord& record, const std::string& key, const nlohmann::json& value);

}  // namespace zdm::engine
