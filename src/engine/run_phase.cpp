#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/phases.hpp"

namespace zdm::engine {

void fail_phase(RunContext& ctx, const db::DbError& error, const std::string& message,
                const std::string& hint) {
  if (ctx.dialect.is_connection_error(error))
    throw error;
  throw runtime_failure(message + ": " + error.what(), hint);
}

void save_phase(RunContext& ctx, const PhaseRecord& record) {
  ctx.state.upsert_phase(ctx.plan.name, record);
}

void run_phase(RunContext& ctx, plan::PhaseKind phase, PhaseRecord& record) {
  switch (phase) {
    case plan::PhaseKind::expand:
      run_ddl_steps(ctx, phase, ctx.plan.expand->steps, 0, record);
      return;
    case plan::PhaseKind::dual_write:
      run_dual_write(ctx, record);
      return;
    case plan::PhaseKind::backfill:
      run_backfill(ctx, record);
      return;
    case plan::PhaseKind::read_switch:
      run_read_switch(ctx, record);
      return;
    case plan::PhaseKind::contract:
      run_contract(ctx, record);
      return;
  }
}

}  // namespace zdm::engine
