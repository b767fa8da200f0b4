#pragma once
// The engine's entry points for zdm apply, zdm status and zdm rollback. Each throws
// EngineError with the exit code on failure.

#include <optional>
#include <string>

#include "zdm/db/dsn.hpp"
#include "zdm/engine/reporter.hpp"
#include "zdm/engine/run_context.hpp"
#include "zdm/lint/lint.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::engine {

void apply(const plan::Plan& plan, const db::Dsn& dsn, const ApplyOptions& options,
           Reporter& reporter);

// Prints, per phase, the exact SQL, the lock each statement takes and the backfill row
// estimates; checks the tables the plan names; runs the lint rules with the catalog's facts
// (table sizes, current columns) and the server's version. Writes nothing.
struct DryRunOptions {
  // text: the phases on stdout, problems and findings on stderr; json: one zdm.dry_run
  // object (with "lint"); lint_only: problems and findings on stderr, for a caller that
  // prints the lint report in a CI format itself.
  enum class Format { text, json, lint_only };
  Format format = Format::text;
  long long large_table_rows = lint::kDefaultLargeTableRows;
};
struct DryRunResult {
  int problems = 0;  // each reported against the plan's line
  lint::PlanLint lint;
};
DryRunResult dry_run(const plan::Plan& plan, const db::Dsn& dsn, const DryRunOptions& options);

struct RollbackOptions {
  std::optional<plan::PhaseKind> to;  // undo this phase and every later one; all by default
  std::string state_schema = "zdm";
  std::string schema = "public";
};
void rollback(const std::string& migration, const db::Dsn& dsn, const RollbackOptions& options,
              Reporter& reporter);

// zdm gates: evaluates the plan's gates now (those of `phase`, or all) and prints each
// value; returns how many failed. dsn: nullopt when no database is configured (then sql
// and replica_lag gates on the primary are reported as not evaluated).
struct GateCheckOptions {
  std::optional<plan::PhaseKind> phase;
  std::vector<db::Dsn> replica_dsns;
  bool json = false;
};
int check_gates(const plan::Plan& plan, const std::optional<db::Dsn>& dsn,
                const GateCheckOptions& options);

// Prints every migration (or one), its phases, backfill progress and last events.
void status(const std::optional<std::string>& migration, const db::Dsn& dsn,
            const std::string& state_schema, bool json);

}  // namespace zdm::engine
