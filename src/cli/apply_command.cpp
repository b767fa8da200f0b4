// `zdm apply PLAN`: run (or resume) a migration; with --dry-run, show what it would do.
#include <iostream>

#include "commands.hpp"
#include "engine_errors.hpp"
#include "plan_file.hpp"
#include "zdm/cli/exit_code.hpp"
#include "zdm/engine/commands.hpp"
#include "zdm/engine/stop_signal.hpp"
#include "zdm/engine/target.hpp"
#include "zdm/plan/loader.hpp"

namespace zdm::cli {

namespace {

struct ApplyFlags {
  std::string plan;
  std::string dsn;
  std::string until;
  bool skip_soak = false;
  bool dry_run = false;
  std::string format = "text";
  std::vector<std::string> replica_dsns;
};

int run_apply(const ApplyFlags& flags) {
  const auto plan = load_plan_or_print_errors(flags.plan);
  if (!plan)
    return to_int(ExitCode::invalid_input);
  engine::ApplyOptions options;
  options.skip_soak = flags.skip_soak;
  if (!parse_replica_dsns(flags.replica_dsns, options.replica_dsns))
    return to_int(ExitCode::invalid_input);
  if (!flags.until.empty()) {
    options.until = plan::phase_from_string(flags.until);
    if (!plan->has_phase(*options.until)) {
      std::cerr << "zdm: error: --until " << flags.until << ": the plan has no such phase\n";
      return to_int(ExitCode::invalid_input);
    }
  }
  int problems = 0;
  const int code = run_engine_command([&] {
    const auto dsn = engine::resolve_dsn(flags.dsn, &*plan);
    if (flags.dry_run) {
      problems = engine::dry_run(*plan, dsn, flags.format == "json");
      return;
    }
    engine::install_stop_handlers();
    auto reporter =
        flags.format == "json" ? engine::make_json_reporter() : engine::make_text_reporter();
    engine::apply(*plan, dsn, options, *reporter);
  });
  if (code == 0 && problems > 0)
    return to_int(ExitCode::invalid_input);
  return code;
}

}  // namespace

void add_apply_command(CLI::App& app, CommandResult& result) {
  auto flags = std::make_shared<ApplyFlags>();
  auto* apply = app.add_subcommand(
      "apply", "Run a plan's phases against the database, resuming where a stopped run ended");
  apply->add_option("PLAN", flags->plan, "Plan file (YAML)")->required();
  apply->add_option("--dsn", flags->dsn,
                    "Database to migrate (default: ZDM_DSN, then the plan's target.dsn)");
  apply->add_option("--until", flags->until, "Stop after this phase")
      ->check(CLI::IsMember({"expand", "dual_write", "backfill", "read_switch", "contract"}));
  apply->add_option("--replica-dsn", flags->replica_dsns,
                    "A replica whose lag replica_lag gates watch (repeat for each replica)");
  apply->add_flag("--skip-soak", flags->skip_soak, "Do not wait for contract's soak time");
  apply->add_flag("--dry-run", flags->dry_run,
                  "Connect and print each phase's SQL and locks; write nothing");
  apply->add_option("--format", flags->format, "Output: text (log on stderr) or json (stdout)")
      ->check(CLI::IsMember({"text", "json"}));
  apply->callback([flags, &result] { result.exit_code = run_apply(*flags); });
}

}  // namespace zdm::cli
