// `zdm rollback NAME`: undo completed phases from what the database records.
#include <unistd.h>

#include <iostream>

#include "commands.hpp"
#include "engine_errors.hpp"
#include "zdm/cli/exit_code.hpp"
#include "zdm/engine/commands.hpp"
#include "zdm/engine/stop_signal.hpp"
#include "zdm/engine/target.hpp"

namespace zdm::cli {

namespace {

struct RollbackFlags {
  std::string name;
  std::string dsn;
  std::string to;
  std::string state_schema = "zdm";
  bool yes = false;
  std::string format = "text";
};

// On a terminal, ask; elsewhere --yes is required so a script never hangs on a prompt.
bool confirmed(const RollbackFlags& flags) {
  if (flags.yes)
    return true;
  if (!isatty(STDIN_FILENO)) {
    std::cerr << "zdm: error: rollback needs confirmation: pass --yes when not on a terminal\n";
    return false;
  }
  std::cerr << "Roll back migration " << flags.name
            << (flags.to.empty() ? " completely" : " back to before " + flags.to)
            << "? Type yes to continue: ";
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "yes";
}

}  // namespace

void add_rollback_command(CLI::App& app, CommandResult& result) {
  auto flags = std::make_shared<RollbackFlags>();
  auto* rollback = app.add_subcommand(
      "rollback", "Undo a migration's phases in reverse order (the plan file is not needed)");
  rollback->add_option("NAME", flags->name, "Migration name (zdm status lists them)")->required();
  rollback->add_option("--dsn", flags->dsn, "Database (default: ZDM_DSN)");
  rollback->add_option("--to", flags->to, "Undo this phase and every later one (default: all)")
      ->check(CLI::IsMember({"expand", "dual_write", "backfill", "read_switch", "contract"}));
  rollback->add_option("--state-schema", flags->state_schema,
                       "settings.state_schema of the plan (default zdm)");
  rollback->add_flag("--yes,-y", flags->yes, "Do not ask for confirmation");
  rollback->add_option("--format", flags->format, "Output: text (log on stderr) or json (stdout)")
      ->check(CLI::IsMember({"text", "json"}));
  rollback->callback([flags, &result] {
    if (!confirmed(*flags)) {
      result.exit_code = to_int(ExitCode::invalid_input);
      return;
    }
    result.exit_code = run_engine_command([&] {
      const auto dsn = engine::resolve_dsn(flags->dsn, nullptr);
      engine::RollbackOptions options;
      options.state_schema = flags->state_schema;
      if (!flags->to.empty())
        options.to = plan::phase_from_string(flags->to);
      engine::install_stop_handlers();
      auto reporter =
          flags->format == "json" ? engine::make_json_reporter() : engine::make_text_reporter();
      engine::rollback(flags->name, dsn, options, *reporter);
    });
  });
}

}  // namespace zdm::cli
