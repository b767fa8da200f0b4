#include "engine_errors.hpp"

#include <iostream>

#include "zdm/cli/exit_code.hpp"
#include "zdm/db/db_error.hpp"
#include "zdm/engine/engine_error.hpp"

namespace zdm::cli {

int run_engine_command(const std::function<void()>& command) {
  try {
    command();
    return to_int(ExitCode::success);
  } catch (const engine::EngineError& error) {
    std::cerr << "zdm: error: " << error.what() << "\n";
    if (!error.hint().empty())
      std::cerr << "  hint: " << error.hint() << "\n";
    return to_int(error.code());
  } catch (const db::DbError& error) {
    std::cerr << "zdm: error: " << error.what() << "\n";
    return to_int(ExitCode::runtime_failure);
  }
}

}  // namespace zdm::cli
