// contract: after the soak time since read_switch ended, remove zdm's sync triggers and
// run the contract steps.
#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/phases.hpp"
#include "zdm/engine/statement_runner.hpp"
#include "zdm/engine/stop_signal.hpp"

namespace zdm::engine {

namespace {

constexpr const char* kPhase = "contract";

std::string minutes_text(long long ms) {
  const long long minutes = (ms + 59'999) / 60'000;
  return std::to_string(minutes / 60) + "h" + std::to_string(minutes % 60) + "m";
}

void check_soak(RunContext& ctx) {
  const auto soak = ctx.plan.contract->soak.count();
  if (soak == 0 || ctx.options.skip_soak)
    return;
  const auto read_switch = ctx.state.phase(ctx.plan.name, "read_switch");
  if (!read_switch || !read_switch->finished_at_ms) {
    if (!ctx.plan.read_switch)
      return;  // no read switch to soak after
    throw runtime_failure("contract needs read_switch to have finished");
  }
  const long long since = now_ms() - *read_switch->finished_at_ms;
  if (since < soak) {
    throw runtime_failure("contract waits for the soak time: " + minutes_text(soak - since) +
                              " left of " + minutes_text(soak) + " since read_switch finished",
                          "run zdm apply again after that, or pass --skip-soak");
  }
}

int remove_syncs(RunContext& ctx, PhaseRecord& record) {
  if (!ctx.plan.dual_write)
    return 0;
  const auto& syncs = ctx.plan.dual_write->sync;
  for (size_t i = 0; i < syncs.size(); ++i) {
    if (record.steps_done > static_cast<int>(i))
      continue;
    throw_if_stopped();
    run_statements(ctx, kPhase, ctx.dialect.drop_sync(syncs[i], ctx.plan.name), syncs[i].table);
    ctx.log.event(kPhase, "step_done", "sync trigger on " + syncs[i].table + " removed",
                  {{"table", syncs[i].table}});
    record.steps_done = static_cast<int>(i) + 1;
    save_phase(ctx, record);
  }
  return static_cast<int>(syncs.size());
}

}  // namespace

void run_contract(RunContext& ctx, PhaseRecord& record) {
  if (record.steps_done == 0)
    check_soak(ctx);
  try {
    const int first = remove_syncs(ctx, record);
    run_ddl_steps(ctx, plan::PhaseKind::contract, ctx.plan.contract->steps, first, record);
  } catch (const db::DbError& error) {
    fail_phase(ctx, error, "contract failed", "state is kept: run zdm apply again to resume");
  }
}

}  // namespace zdm::engine
