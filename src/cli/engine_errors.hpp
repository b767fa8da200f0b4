#pragma once
// Runs an engine command and turns its EngineError into the message and exit code.

#include <functional>

namespace zdm::cli {

int run_engine_command(const std::function<void()>& command);

}  // namespace zdm::cli
