// `zdm status [NAME]`: migrations recorded in the database; no plan file needed.
#include "commands.hpp"
#include "engine_errors.hpp"
#include "zdm/engine/commands.hpp"
#include "zdm/engine/target.hpp"

namespace zdm::cli {

namespace {

struct StatusFlags {
  std::string name;
  std::string dsn;
  std::string state_schema = "zdm";
  std::string format = "text";
};

}  // namespace

void add_status_command(CLI::App& app, CommandResult& result) {
  auto flags = std::make_shared<StatusFlags>();
  auto* status = app.add_subcommand("status", "Show migrations, their phases and progress");
  status->add_option("NAME", flags->name, "One migration (default: all)");
  status->add_option("--dsn", flags->dsn, "Database (default: ZDM_DSN)");
  status->add_option("--state-schema", flags->state_schema,
                     "settings.state_schema of the plans (default zdm)");
  status->add_option("--format", flags->format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  status->callback([flags, &result] {
    result.exit_code = run_engine_command([&] {
      const auto dsn = engine::resolve_dsn(flags->dsn, nullptr);
      engine::status(flags->name.empty() ? std::nullopt : std::optional(flags->name), dsn,
                     flags->state_schema, flags->format == "json");
    });
  });
}

}  // namespace zdm::cli
