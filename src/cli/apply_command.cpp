// `zdm apply PLAN`: run (or resume) a migration; with --dry-run, show what it would do.
#include <iostream>

#include "commands.hpp"
#include "dry_run_report.hpp"
#include "engine_errors.hpp"
#include "plan_file.hpp"
#include "zdm/cli/exit_code.hpp"
#include "zdm/engine/commands.hpp"
#include "zdm/engine/stop_signal.hpp"
#include "zdm/engine/target.hpp"
#include "zdm/plan/duration.hpp"
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
  std::string progress_every = "10s";
  std::vector<std::string> replica_dsns;
  DryRunFlags dry_run_flags;
};

// --progress-every takes a plan duration; 0 would mean a line per chunk, which the bar
// already covers on a terminal.
CLI::Validator positive_duration() {
  return CLI::Validator(
      [](const std::string& text) -> std::string {
        const auto duration = plan::parse_duration(text);
        if (duration && duration->count() > 0)
          return "";
        return "\"" + text + "\" is not a duration above zero; " + plan::kDurationHint;
      },
      "");
}

engine::ReporterOptions reporter_options(const ApplyFlags& flags) {
  engine::ReporterOptions options;
  options.progress_every = *plan::parse_duration(flags.progress_every);  // checked when parsed
  return options;
}

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
  if (!flags.dry_run && lint_report_format(flags.format)) {
    std::cerr << "zdm: error: --format " << flags.format << " is a lint report: add --dry-run\n";
    return to_int(ExitCode::invalid_input);
  }
  int dry_run_code = 0;
  const int code = run_engine_command([&] {
    const auto dsn = engine::resolve_dsn(flags.dsn, &*plan);
    if (flags.dry_run) {
      dry_run_code = run_dry_run(*plan, dsn, flags.format, flags.dry_run_flags);
      return;
    }
    engine::install_stop_handlers();
    const auto reporting = reporter_options(flags);
    auto reporter = flags.format == "json" ? engine::make_json_reporter(reporting)
                                           : engine::make_text_reporter(reporting);
    engine::apply(*plan, dsn, options, *reporter);
  });
  return code == 0 ? dry_run_code : code;
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
  add_lint_format_option(*apply, flags->format,
                         "Output: text (log on stderr) or json (stdout); with --dry-run also "
                         "github, gitlab or sarif (the lint report alone, on stdout)");
  add_dry_run_options(*apply, flags->dry_run_flags);
  apply
      ->add_option("--progress-every", flags->progress_every,
                   "Backfill progress every DURATION: a log line off a terminal, a JSON event")
      ->type_name("DURATION")
      ->check(positive_duration())
      ->capture_default_str();
  apply->callback([flags, &result] { result.exit_code = run_apply(*flags); });
}

}  // namespace zdm::cli
