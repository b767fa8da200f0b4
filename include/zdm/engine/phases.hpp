#pragma once
// The five phases. Each runs its steps in order and records, after each one, how many are
// done, so that a re-run resumes with the first step not done.

#include <string>
#include <vector>

#include "zdm/engine/rollback_point.hpp"
#include "zdm/engine/run_context.hpp"

namespace zdm::engine {

// The tables a phase changes, each once, in plan order.
std::vector<std::string> touched_tables(const plan::Plan& plan, plan::PhaseKind phase);

// Snapshots the touched tables and works out how to undo each step. For expand, refuses
// (exit 2) a step whose object already exists: zdm did not create it, so it must not be
// counted as done nor dropped by a rollback.
RollbackPoint build_rollback_point(RunContext& ctx, plan::PhaseKind phase);

// Runs the phase from where `record` says it stopped, saving progress into it.
void run_phase(RunContext& ctx, plan::PhaseKind phase, PhaseRecord& record);

// Per-phase runners (one file each).
void run_ddl_steps(RunContext& ctx, plan::PhaseKind phase, const std::vector<plan::DdlStep>& steps,
                   int first_step, PhaseRecord& record);
void run_dual_write(RunContext& ctx, PhaseRecord& record);
void run_backfill(RunContext& ctx, PhaseRecord& record);
void run_read_switch(RunContext& ctx, PhaseRecord& record);
void run_contract(RunContext& ctx, PhaseRecord& record);

// A database error inside a phase: a lost connection goes up as it is (apply reconnects
// and resumes the phase); anything else becomes runtime_failure(message: the error).
[[noreturn]] void fail_phase(RunContext& ctx, const db::DbError& error, const std::string& message,
                             const std::string& hint);

// Saves the phase record (progress after a step).
void save_phase(RunContext& ctx, const PhaseRecord& record);

// The table a DDL step changes; "" for raw SQL.
std::string step_table(const plan::DdlAction& action);

// Name of the state table holding a dropped column's backup.
std::string backup_table_name(const std::string& migration, const std::string& table,
                              const std::string& column);

}  // namespace zdm::engine
