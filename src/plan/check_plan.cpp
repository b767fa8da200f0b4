// Checks that need the whole plan: unique names, gates on present phases,
// placeholders where they can be bound, dialect limits.
#include <map>

#include "section_loaders.hpp"
#include "zdm/plan/placeholders.hpp"
#include "zdm/plan/suggest.hpp"

namespace zdm::plan::detail {

namespace {

// Remembers the first place each name was seen, and reports the second.
class UniqueNames {
 public:
  UniqueNames(LoadContext& ctx, std::string noun) : ctx_(ctx), noun_(std::move(noun)) {}

  void add(const std::string& name, SourceLocation at) {
    auto [it, inserted] = first_.emplace(name, at);
    if (!inserted) {
      ctx_.diagnostics.error(at,
                             "duplicate " + noun_ + " \"" + name + "\" (first at line " +
                                 std::to_string(it->second.line) + ")",
                             "give each " + noun_ + " its own name");
    }
  }

 private:
  LoadContext& ctx_;
  std::string noun_;
  std::map<std::string, SourceLocation> first_;
};

std::vector<const DdlStep*> ddl_steps(const Plan& plan) {
  std::vector<const DdlStep*> steps;
  if (plan.expand) {
    for (const auto& step : plan.expand->steps)
      steps.push_back(&step);
  }
  if (plan.contract) {
    for (const auto& step : plan.contract->steps)
      steps.push_back(&step);
  }
  return steps;
}

void check_unique_names(LoadContext& ctx, const Plan& plan) {
  UniqueNames step_names(ctx, "step name");
  for (const DdlStep* step : ddl_steps(plan)) {
    if (step->named_explicitly)
      step_names.add(step->name, step->at);
  }
  if (plan.read_switch) {
    for (const auto& step : plan.read_switch->steps) {
      if (step.named_explicitly)
        step_names.add(step.name, step.at);
    }
  }
  UniqueNames check_names(ctx, "check name");
  if (plan.dual_write) {
    for (const auto& check : plan.dual_write->checks)
      check_names.add(check.name, check.at);
  }
  UniqueNames gate_names(ctx, "gate name");
  for (const auto& gate : plan.gates)
    gate_names.add(gate.name, gate.at);
}

// Index and constraint names live in one namespace per schema on PostgreSQL; a plan that
// creates the same one twice fails halfway through expand.
void check_created_objects(LoadContext& ctx, const Plan& plan) {
  UniqueNames objects(ctx, "index or constraint");
  UniqueNames columns(ctx, "added column");
  UniqueNames tables(ctx, "created table");
  for (const DdlStep* step : ddl_steps(plan)) {
    std::visit(
        [&](const auto& a) {
          using A = std::decay_t<decltype(a)>;
          if constexpr (std::is_same_v<A, CreateIndex> || std::is_same_v<A, AddCheck> ||
                        std::is_same_v<A, AddForeignKey>) {
            objects.add(a.name, step->at);
          } else if constexpr (std::is_same_v<A, AddColumn>) {
            columns.add(a.table + "." + a.column.name, step->at);
          } else if constexpr (std::is_same_v<A, CreateTable>) {
            tables.add(a.table, step->at);
            UniqueNames table_columns(ctx, "column of " + a.table);
            for (const auto& column : a.columns)
              table_columns.add(column.name, column.at);
          }
        },
        step->action);
  }
}

std::vector<std::string> phase_names(const Plan& plan) {
  std::vector<std::string> names;
  for (PhaseKind phase : plan.phases())
    names.push_back(to_string(phase));
  return names;
}

void check_gate_phases(LoadContext& ctx, const Plan& plan) {
  for (const auto& gate : plan.gates) {
    const std::pair<const char*, const std::vector<PhaseKind>*> lists[] = {
        {"before", &gate.before}, {"after", &gate.after}, {"during", &gate.during}};
    for (auto [when, phases] : lists) {
      for (PhaseKind phase : *phases) {
        if (plan.has_phase(phase))
          continue;
        ctx.diagnostics.error(gate.at,
                              "gate \"" + gate.name + "\" runs " + when + " " + to_string(phase) +
                                  ", but the plan has no " + to_string(phase) + " phase",
                              "phases in this plan: " + join(phase_names(plan)));
      }
    }
  }
}

void check_placeholders_in(LoadContext& ctx, const std::string& text, SourceLocation at,
                           const std::string& field, const std::vector<std::string>& allowed) {
  for (const auto& placeholder : find_placeholders(text)) {
    if (std::find(allowed.begin(), allowed.end(), placeholder.name) != allowed.end())
      continue;
    ctx.diagnostics.error(at, "unknown placeholder {{" + placeholder.name + "}} in " + field,
                          allowed.empty() ? field + " takes no placeholders"
                                          : suggestion_hint(placeholder.name, allowed,
                                                            "known here: " + join(allowed)));
  }
}

void check_hook_placeholders(LoadContext& ctx, const HookAction& action, const std::string& where) {
  if (const auto* http = std::get_if<HttpRequest>(&action)) {
    check_placeholders_in(ctx, http->url.text, http->url.at, where + " url", kHookPlaceholders);
    if (http->body)
      check_placeholders_in(ctx, *http->body, http->at, where + " body", kHookPlaceholders);
    return;
  }
  const auto& command = std::get<Command>(action);
  for (const auto& arg : command.argv)
    check_placeholders_in(ctx, arg, command.at, where + " argv", kHookPlaceholders);
}

void check_placeholders(LoadContext& ctx, const Plan& plan) {
  if (plan.dual_write) {
    for (const auto& check : plan.dual_write->checks) {
      check_placeholders_in(ctx, check.sql, check.sql_at, "the sql of check \"" + check.name + "\"",
                            kSqlPlaceholders);
    }
  }
  for (const auto& gate : plan.gates) {
    if (const auto* sql = std::get_if<SqlProbe>(&gate.probe)) {
      check_placeholders_in(ctx, sql->sql, sql->at, "the sql of gate \"" + gate.name + "\"",
                            kSqlPlaceholders);
    }
  }
  if (plan.read_switch) {
    for (const auto& step : plan.read_switch->steps) {
      check_hook_placeholders(ctx, step.action, "read_switch step");
      if (step.rollback)
        check_hook_placeholders(ctx, *step.rollback, "read_switch rollback");
    }
  }
  // DDL cannot take bound parameters, so placeholders there could only be pasted text.
  for (const DdlStep* step : ddl_steps(plan)) {
    if (const auto* sql = std::get_if<RawSql>(&step->action)) {
      check_placeholders_in(ctx, sql->up, sql->up_at, "a sql step", {});
    }
  }
}

void check_dialect(LoadContext& ctx, const Plan& plan) {
  if (plan.target.driver != Driver::mysql)
    return;
  for (const DdlStep* step : ddl_steps(plan)) {
    if (const auto* index = std::get_if<CreateIndex>(&step->action); index && index->where_sql) {
      ctx.diagnostics.error(step->at,
                            "create_index \"" + index->name +
                                "\" has \"where\", but MySQL has no "
                                "partial indexes",
                            "remove \"where\", or index a generated column");
    }
    if (const auto* fk = std::get_if<AddForeignKey>(&step->action);
        fk && fk->on_delete == "set default") {
      ctx.diagnostics.error(step->at, "InnoDB does not support ON DELETE SET DEFAULT",
                            "use no action, restrict, cascade or set null");
    }
  }
}

}  // namespace

void check_plan(LoadContext& ctx, const Plan& plan) {
  check_unique_names(ctx, plan);
  check_created_objects(ctx, plan);
  check_gate_phases(ctx, plan);
  check_placeholders(ctx, plan);
  check_dialect(ctx, plan);
}

}  // namespace zdm::plan::detail
