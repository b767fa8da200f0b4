// Building a phase's rollback point from the plan and the catalog.
#include <algorithm>

#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/phases.hpp"
#include "zdm/engine/sha256.hpp"

namespace zdm::engine {

namespace {

using plan::PhaseKind;

void add_table(std::vector<std::string>& tables, const std::string& table) {
  if (!table.empty() && std::find(tables.begin(), tables.end(), table) == tables.end())
    tables.push_back(table);
}

const db::TableSchema& snapshot_of(const RollbackPoint& point, const std::string& table) {
  static const db::TableSchema kNone;
  for (const auto& snapshot : point.snapshots) {
    if (snapshot.table == table)
      return snapshot;
  }
  return kNone;
}

UndoStep undo_ddl_step(RunContext& ctx, const plan::DdlStep& step, const RollbackPoint& point) {
  UndoStep undo;
  undo.name = step.name;
  undo.table = step_table(step.action);
  const db::TableSchema& before = snapshot_of(point, undo.table);
  if (const auto* drop = std::get_if<plan::DropColumn>(&step.action)) {
    if (!drop->backup) {
      undo.irreversible = "drop_column " + drop->table + "." + drop->column +
                          " has no backup (backup: true keeps the data so that contract can be "
                          "undone)";
      return undo;
    }
    undo.statements = ctx.dialect.restore_column(
        before, drop->column,
        ctx.dialect.state_table(backup_table_name(ctx.plan.name, drop->table, drop->column)));
    return undo;
  }
  if (auto statements = ctx.dialect.inverse(step.action, before)) {
    undo.statements = std::move(*statements);
  } else {
    undo.irreversible = std::string(plan::step_kind(step.action)) + " step \"" + step.name +
                        "\" has no inverse (a sql step needs \"down\")";
  }
  return undo;
}

void refuse_existing_objects(RunContext& ctx, const std::vector<plan::DdlStep>& steps) {
  for (const auto& step : steps) {
    if (std::holds_alternative<plan::RawSql>(step.action))
      continue;
    if (ctx.dialect.is_applied(ctx.db, step.action)) {
      throw invalid_input(ctx.plan.source_file + ":" + std::to_string(step.at.line) + ":" +
                              std::to_string(step.at.column) + ": step \"" + step.name +
                              "\" is already done in the database, before this migration ran",
                          "zdm only undoes what it did: remove the step from the plan, or "
                          "remove the object it creates");
    }
  }
}

void add_sync_undo(RunContext& ctx, RollbackPoint& point, bool removing) {
  if (!ctx.plan.dual_write)
    return;
  for (const auto& sync : ctx.plan.dual_write->sync) {
    UndoStep undo;
    undo.name = "sync trigger on " + sync.table;
    undo.table = sync.table;
    undo.statements =
        removing ? ctx.dialect.create_sync(sync, snapshot_of(point, sync.table), ctx.plan.name)
                 : ctx.dialect.drop_sync(sync, ctx.plan.name);
    point.steps.push_back(std::move(undo));
  }
}

}  // namespace

std::string step_table(const plan::DdlAction& action) {
  return std::visit(
      [](const auto& a) -> std::string {
        if constexpr (std::is_same_v<std::decay_t<decltype(a)>, plan::RawSql>)
          return "";
        else
          return a.table;
      },
      action);
}

std::string backup_table_name(const std::string& migration, const std::string& table,
                              const std::string& column) {
  return "backup_" + sha256_hex(migration + "\n" + table + "\n" + column).substr(0, 16);
}

std::vector<std::string> touched_tables(const plan::Plan& plan, PhaseKind phase) {
  std::vector<std::string> tables;
  switch (phase) {
    case PhaseKind::expand:
      for (const auto& step : plan.expand->steps)
        add_table(tables, step_table(step.action));
      break;
    case PhaseKind::dual_write:
      for (const auto& sync : plan.dual_write->sync)
        add_table(tables, sync.table);
      break;
    case PhaseKind::backfill:
      for (const auto& table : plan.backfill->tables)
        add_table(tables, table.table);
      break;
    case PhaseKind::read_switch:
      break;
    case PhaseKind::contract:
      if (plan.dual_write) {
        for (const auto& sync : plan.dual_write->sync)
          add_table(tables, sync.table);
      }
      for (const auto& step : plan.contract->steps)
        add_table(tables, step_table(step.action));
      break;
  }
  return tables;
}

RollbackPoint build_rollback_point(RunContext& ctx, PhaseKind phase) {
  RollbackPoint point;
  point.phase = plan::to_string(phase);
  point.created_at_ms = now_ms();
  for (const auto& table : touched_tables(ctx.plan, phase))
    point.snapshots.push_back(ctx.dialect.describe_table(ctx.db, table));
  switch (phase) {
    case PhaseKind::expand:
      refuse_existing_objects(ctx, ctx.plan.expand->steps);
      for (const auto& step : ctx.plan.expand->steps)
        point.steps.push_back(undo_ddl_step(ctx, step, point));
      break;
    case PhaseKind::dual_write:
      add_sync_undo(ctx, point, false);
      break;
    case PhaseKind::backfill:
      // An in-place backfill writes only the new columns, which undoing expand removes; a
      // copy also leaves its triggers and tables wherever it stopped.
      for (const auto& table : ctx.plan.backfill->tables) {
        auto undo = table.method == plan::BackfillMethod::copy
                        ? ctx.dialect.drop_table_copy(table.table, ctx.plan.name)
                        : std::vector<db::SqlStatement>{};
        point.steps.push_back(
            {"backfill " + table.table, table.table, std::move(undo), std::nullopt, ""});
      }
      break;
    case PhaseKind::read_switch:
      for (size_t i = 0; i < ctx.plan.read_switch->steps.size(); ++i) {
        const auto& step = ctx.plan.read_switch->steps[i];
        UndoStep undo{step.name, "", {}, std::nullopt, ""};
        if (step.rollback)
          undo.hook_index = static_cast<int>(i);
        point.steps.push_back(std::move(undo));
      }
      break;
    case PhaseKind::contract:
      add_sync_undo(ctx, point, true);
      for (const auto& step : ctx.plan.contract->steps)
        point.steps.push_back(undo_ddl_step(ctx, step, point));
      break;
  }
  return point;
}

}  // namespace zdm::engine
