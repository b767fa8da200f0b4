// `zdm gates PLAN [--phase P]`: evaluate the plan's gates now and print their values.
#include <iostream>

#include "commands.hpp"
#include "engine_errors.hpp"
#include "plan_file.hpp"
#include "zdm/cli/exit_code.hpp"
#include "zdm/engine/commands.hpp"
#include "zdm/engine/target.hpp"

namespace zdm::cli {

namespace {

struct GatesFlags {
  std::string plan;
  std::string dsn;
  std::string phase;
  std::vector<std::string> replica_dsns;
  std::string format = "text";
};

int run_gates_command(const GatesFlags& flags) {
  const auto plan = load_plan_or_print_errors(flags.plan);
  if (!plan)
    return to_int(ExitCode::invalid_input);
  engine::GateCheckOptions options;
  options.json = flags.format == "json";
  if (!flags.phase.empty()) {
    options.phase = plan::phase_from_string(flags.phase);
    if (!plan->has_phase(*options.phase)) {
      std::cerr << "zdm: error: --phase " << flags.phase << ": the plan has no such phase\n";
      return to_int(ExitCode::invalid_input);
    }
  }
  if (!parse_replica_dsns(flags.replica_dsns, options.replica_dsns))
    return to_int(ExitCode::invalid_input);
  int failed = 0;
  const int code = run_engine_command([&] {
    std::optional<db::Dsn> dsn;
    if (engine::dsn_configured(flags.dsn, &*plan))
      dsn = engine::resolve_dsn(flags.dsn, &*plan);
    failed = engine::check_gates(*plan, dsn, options);
  });
  if (code == 0 && failed > 0)
    return to_int(ExitCode::gate_failed);
  return code;
}

}  // namespace

void add_gates_command(CLI::App& app, CommandResult& result) {
  auto flags = std::make_shared<GatesFlags>();
  auto* gates = app.add_subcommand(
      "gates", "Evaluate the plan's gates now and print their values (exit 3 if any fails)");
  gates->add_option("PLAN", flags->plan, "Plan file (YAML)")->required();
  gates->add_option("--phase", flags->phase, "Only the gates of this phase")
      ->check(CLI::IsMember({"expand", "dual_write", "backfill", "read_switch", "contract"}));
  gates->add_option("--dsn", flags->dsn,
                    "Database for sql gates (default: ZDM_DSN, then the plan's target.dsn)");
  gates->add_option("--replica-dsn", flags->replica_dsns,
                    "A replica whose lag replica_lag gates watch (repeat for each replica)");
  gates->add_option("--format", flags->format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  gates->callback([flags, &result] { result.exit_code = run_gates_command(*flags); });
}

}  // namespace zdm::cli
