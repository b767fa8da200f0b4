// Checks that need the whole plan: unique names, placeholders where they can be bound,
// dialect limits.
#include <map>
#include <string_view>

#include "section_loaders.hpp"
#include "zdm/plan/placeholders.hpp"
#include "zdm/plan/suggest.hpp"

namespace zdm::plan::detail {

namespace {

// Remembers the first place each name was seen, and reports the second.
class UniqueNames {
 public:
  // "duplicate " + noun + " \"name\"", and what to do about it.
  UniqueNames(LoadContext& ctx, std::string noun, std::string hint)
      : ctx_(ctx), noun_(std::move(noun)), hint_(std::move(hint)) {}

  void add(const std::string& name, SourceLocation at) {
    auto [it, inserted] = first_.emplace(name, at);
    if (!inserted) {
      ctx_.diagnostics.error(at,
                             "duplicate " + noun_ + " \"" + name + "\" (first at line " +
                                 std::to_string(it->second.line) + ")",
                             hint_);
    }
  }

 private:
  LoadContext& ctx_;
  std::string noun_;
  std::string hint_;
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
  UniqueNames step_names(ctx, "step name",
                         "give each step its own name; progress and resume go by step name");
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
  UniqueNames check_names(ctx, "check name", "give each check its own name");
  if (plan.dual_write) {
    for (const auto& check : plan.dual_write->checks)
      check_names.add(check.name, check.at);
  }
  UniqueNames gate_names(ctx, "gate name", "give each gate its own name");
  for (const auto& gate : plan.gates)
    gate_names.add(gate.name, gate.at);
}

// Index and constraint names live in one namespace per schema on PostgreSQL; a plan that
// creates the same one twice fails halfway through expand.
void check_created_objects(LoadContext& ctx, const Plan& plan) {
  UniqueNames objects(
      ctx, "index or constraint name",
      "indexes and constraints share one namespace per schema; give each its own name");
  UniqueNames columns(ctx, "added column", "add each column once");
  UniqueNames tables(ctx, "created table", "create each table once");
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
            UniqueNames table_columns(ctx, "column", "a table has each column once");
            for (const auto& column : a.columns)
              table_columns.add(a.table + "." + column.name, column.at);
          }
        },
        step->action);
  }
}

std::vector<std::string_view> split_lines(const std::string& text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    lines.emplace_back(text.data() + start, end - start);
    start = end + 1;
  }
  return lines;
}

// Where `needle` is in the source of the value at `at`: on its first line or on the deeper
// indented lines that continue it; `at` itself when it is not found there (escapes, folding).
SourceLocation locate_in_value(const std::string& source, SourceLocation at,
                               const std::string& needle) {
  const auto lines = split_lines(source);
  if (!at.known() || static_cast<size_t>(at.line) > lines.size())
    return at;
  const size_t first = static_cast<size_t>(at.line - 1);
  const size_t indent = lines[first].find_first_not_of(' ');
  for (size_t i = first; i < lines.size(); ++i) {
    if (i > first && lines[i].find_first_not_of(' ') <= indent)
      break;
    const size_t from = i == first ? static_cast<size_t>(at.column - 1) : 0;
    const size_t found = from <= lines[i].size() ? lines[i].find(needle, from) : std::string::npos;
    if (found != std::string::npos)
      return {static_cast<int>(i + 1), static_cast<int>(found + 1)};
  }
  return at;
}

void check_placeholders_in(LoadContext& ctx, const Plan& plan, const std::string& text,
                           SourceLocation at, const std::string& field,
                           const std::vector<std::string>& allowed) {
  for (const auto& placeholder : find_placeholders(text)) {
    if (std::find(allowed.begin(), allowed.end(), placeholder.name) != allowed.end())
      continue;
    const SourceLocation where =
        locate_in_value(plan.source_text, at, text.substr(placeholder.offset, placeholder.length));
    if (allowed.empty()) {
      ctx.diagnostics.error(
          where, field + " cannot use the placeholder {{" + placeholder.name + "}}",
          "DDL takes no bound parameters, and zdm does not paste values into SQL; write the "
          "value into the statement");
      continue;
    }
    ctx.diagnostics.error(
        where, "unknown placeholder {{" + placeholder.name + "}} in " + field,
        suggestion_hint(placeholder.name, allowed, "known here: " + join(allowed)));
  }
}

void check_hook_placeholders(LoadContext& ctx, const Plan& plan, const HookAction& action,
                             const std::string& where) {
  if (const auto* http = std::get_if<HttpRequest>(&action)) {
    check_placeholders_in(ctx, plan, http->url.text, http->url.at, where + " url",
                          kHookPlaceholders);
    if (http->body)
      check_placeholders_in(ctx, plan, *http->body, http->at, where + " body", kHookPlaceholders);
    return;
  }
  const auto& command = std::get<Command>(action);
  for (const auto& arg : command.argv)
    check_placeholders_in(ctx, plan, arg, command.at, where + " argv", kHookPlaceholders);
}

void check_placeholders(LoadContext& ctx, const Plan& plan) {
  if (plan.dual_write) {
    for (const auto& check : plan.dual_write->checks) {
      check_placeholders_in(ctx, plan, check.sql, check.sql_at,
                            "the sql of check \"" + check.name + "\"", kSqlPlaceholders);
    }
  }
  for (const auto& gate : plan.gates) {
    if (const auto* sql = std::get_if<SqlProbe>(&gate.probe)) {
      check_placeholders_in(ctx, plan, sql->sql, sql->at, "the sql of gate \"" + gate.name + "\"",
                            kSqlPlaceholders);
    }
  }
  if (plan.read_switch) {
    for (const auto& step : plan.read_switch->steps) {
      check_hook_placeholders(ctx, plan, step.action, "read_switch step");
      if (step.rollback)
        check_hook_placeholders(ctx, plan, *step.rollback, "read_switch rollback");
    }
  }
  // DDL cannot take bound parameters, so placeholders there could only be pasted text.
  for (const DdlStep* step : ddl_steps(plan)) {
    if (const auto* sql = std::get_if<RawSql>(&step->action)) {
      check_placeholders_in(ctx, plan, sql->up, sql->up_at, "a sql step", {});
      if (sql->down)
        check_placeholders_in(ctx, plan, *sql->down, sql->down_at, "the down of a sql step", {});
    }
  }
}

// A copy and swap is for InnoDB, which grows a row in place at three times the cost of
// writing it anew; PostgreSQL's in-place UPDATE already runs at its one-shot speed.
void check_backfill_methods(LoadContext& ctx, const Plan& plan) {
  if (plan.target.driver != Driver::postgres || !plan.backfill)
    return;
  for (const auto& table : plan.backfill->tables) {
    if (table.method == BackfillMethod::copy) {
      ctx.diagnostics.error(
          table.method_at,
          "backfill of " + table.table + ": method: copy is for MariaDB (target driver: mysql)",
          "remove method, or set method: update: on PostgreSQL the in-place "
          "update runs as fast as one UPDATE of the whole table");
    }
  }
}

// MySQL has no transaction-id wraparound to stop before: the setting would do nothing.
void check_postgres_only_throttles(LoadContext& ctx, const Plan& plan) {
  if (plan.target.driver != Driver::mysql || !plan.backfill)
    return;
  for (const auto& table : plan.backfill->tables) {
    if (table.throttle.max_xid_age_at) {
      ctx.diagnostics.warning(*table.throttle.max_xid_age_at,
                              "backfill of " + table.table +
                                  ": max_xid_age is PostgreSQL's (transaction-id wraparound); "
                                  "on MySQL it has no effect",
                              "remove max_xid_age from this plan");
    }
  }
}

void check_dialect(LoadContext& ctx, const Plan& plan) {
  check_backfill_methods(ctx, plan);
  check_postgres_only_throttles(ctx, plan);
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
      ctx.diagnostics.error(step->at,
                            "add_foreign_key \"" + fk->name +
                                "\" has on_delete: set default, which InnoDB does not support",
                            "use no action, restrict, cascade or set null");
    }
  }
}

}  // namespace

void check_plan(LoadContext& ctx, const Plan& plan) {
  check_unique_names(ctx, plan);
  check_created_objects(ctx, plan);
  check_placeholders(ctx, plan);
  check_dialect(ctx, plan);
}

}  // namespace zdm::plan::detail
