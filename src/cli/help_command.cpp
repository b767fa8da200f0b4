// `zdm help [COMMAND]`: the same text as `zdm COMMAND --help`.
#include <iostream>

#include "commands.hpp"
#include "zdm/cli/exit_code.hpp"

namespace zdm::cli {

void add_help_command(CLI::App& app, CommandResult& result) {
  auto* help = app.add_subcommand("help", "Show help for zdm or for one command");
  auto command = std::make_shared<std::string>();
  help->add_option("command", *command, "The command to explain");
  help->callback([&app, &result, command] {
    if (command->empty()) {
      std::cout << app.help();
      return;
    }
    for (const auto* sub : app.get_subcommands({})) {
      if (sub->get_name() == *command) {
        std::cout << sub->help();
        return;
      }
    }
    std::cerr << "zdm: error: unknown command \"" << *command << "\"\n";
    std::cerr << "  hint: run 'zdm --help' for the list of commands\n";
    result.exit_code = to_int(ExitCode::invalid_input);
  });
}

}  // namespace zdm::cli
