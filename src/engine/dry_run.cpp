// zdm apply --dry-run: connect, read the catalog, print what each phase would run. Writes
// nothing, not even zdm's own tables.
#include <algorithm>
#include <iostream>

#include "zdm/backfill/copy_room.hpp"
#include "zdm/backfill/key_choice.hpp"
#include "zdm/engine/backfill_sql.hpp"
#include "zdm/engine/commands.hpp"
#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/load_visibility.hpp"
#include "zdm/engine/phases.hpp"
#include "zdm/engine/target.hpp"
#include "zdm/lint/output.hpp"

namespace zdm::engine {

namespace {

struct DryRun {
  const plan::Plan& plan;
  db::Connection& db;
  const db::Dialect& dialect;
  nlohmann::ordered_json phases = nlohmann::ordered_json::array();
  nlohmann::ordered_json problems = nlohmann::ordered_json::array();
  std::vector<std::string> created_tables;  // by create_table in expand
};

void problem(DryRun& run, const plan::SourceLocation& at, const std::string& message) {
  run.problems.push_back({{"file", run.plan.source_file},
                          {"line", at.line},
                          {"column", at.column},
                          {"message", message}});
}

bool table_known(DryRun& run, const std::string& table) {
  if (std::find(run.created_tables.begin(), run.created_tables.end(), table) !=
      run.created_tables.end())
    return true;
  return run.dialect.describe_table(run.db, table).exists;
}

nlohmann::ordered_json statements_json(const std::vector<db::SqlStatement>& statements) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& s : statements) {
    nlohmann::ordered_json statement = {{"sql", s.sql}, {"lock", s.lock}};
    if (!s.fallback_sql.empty())
      statement["fallback"] = {{"sql", s.fallback_sql}, {"lock", s.fallback_lock}};
    out.push_back(statement);
  }
  return out;
}

void note_expand_objects(DryRun& run, const plan::DdlAction& action) {
  if (const auto* create = std::get_if<plan::CreateTable>(&action))
    run.created_tables.push_back(create->table);
}

nlohmann::ordered_json ddl_steps_json(DryRun& run, const std::vector<plan::DdlStep>& steps,
                                      bool expand) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& step : steps) {
    const std::string table = step_table(step.action);
    const bool creates = std::holds_alternative<plan::CreateTable>(step.action);
    if (!table.empty() && !creates && !table_known(run, table))
      problem(run, step.at, "step " + step.name + ": table " + table + " does not exist");
    if (expand)
      note_expand_objects(run, step.action);
    auto statements = run.dialect.forward(step.action);
    if (const auto* drop = std::get_if<plan::DropColumn>(&step.action); drop && drop->backup) {
      const auto key = run.dialect.describe_table(run.db, drop->table).primary_key();
      auto backup = run.dialect.backup_column(
          drop->table, drop->column, key,
          run.dialect.state_table(backup_table_name(run.plan.name, drop->table, drop->column)));
      statements.insert(statements.begin(), backup.begin(), backup.end());
    }
    out.push_back({{"step", step.name},
                   {"kind", plan::step_kind(step.action)},
                   {"statements", statements_json(statements)}});
  }
  return out;
}

// The schema the copy will see once expand has added the backfill's new columns.
db::TableSchema after_expand(db::TableSchema schema, const plan::BackfillTable& table) {
  for (const auto& set : table.set) {
    if (schema.column(set.column) == nullptr)
      schema.columns.push_back(db::ColumnSchema{set.column, "", true, std::nullopt});
  }
  return schema;
}

std::vector<db::SqlStatement> start_with_triggers(const db::TableCopy& copy) {
  auto out = copy.start;
  out.push_back(copy.lock);
  out.insert(out.end(), copy.keep_in_step.begin(), copy.keep_in_step.end());
  out.push_back(db::data_statement(copy.unlock, "releases the write lock"));
  return out;
}

nlohmann::ordered_json chunk_sql(const std::vector<BoundSql>& statements) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& statement : statements)
    out.push_back(statement.sql);
  return out;
}

// The disk's room for the copy; free_bytes null and unknown_because when the server does
// not say.
nlohmann::ordered_json room_json(const db::CopyRoom& room) {
  nlohmann::ordered_json out = {{"table_bytes", room.table_bytes},
                                {"binary_log", room.binary_log},
                                {"needed_bytes", backfill::copy_bytes_needed(room)},
                                {"free_bytes", nullptr},
                                {"disk", nullptr},
                                {"unknown_because", room.unknown_because}};
  if (room.free_bytes) {
    out["free_bytes"] = *room.free_bytes;
    out["disk"] = room.disk;
    out["unknown_because"] = nullptr;
  }
  return out;
}

// method: copy: what it would refuse, else the statements of each of its steps.
nlohmann::ordered_json copy_json(DryRun& run, const plan::BackfillTable& table,
                                 const db::TableSchema& schema,
                                 const std::vector<std::string>& key) {
  const auto refusals = run.dialect.copy_refusals(run.db, table, run.plan.name);
  for (const auto& refusal : refusals)
    problem(run, table.at,
            "backfill of " + table.table + ": method: copy cannot be used: " + refusal +
                "; set method: update");
  if (!refusals.empty())
    return nullptr;
  const auto room = run.dialect.copy_room(run.db, table.table);
  if (const auto short_of_room = backfill::copy_room_refusal(table.table, room))
    problem(run, table.at, "backfill of " + table.table + ": " + *short_of_room);
  const auto copy = run.dialect.table_copy(table, after_expand(schema, table), key,
                                           run.plan.sync_on(table.table), run.plan.name);
  const KeyValues sample(key.size(), "<last key>");
  return {{"shadow", copy.shadow},
          {"room", room_json(room)},
          {"start", statements_json(start_with_triggers(copy))},
          {"chunk", chunk_sql(keyset_chunk_copy(run.dialect, copy, key, {}, sample, sample))},
          {"swap", statements_json(copy.swap)},
          {"finish", statements_json(copy.finish)}};
}

nlohmann::ordered_json backfill_json(DryRun& run) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& table : run.plan.backfill->tables) {
    if (!table_known(run, table.table)) {
      problem(run, table.at, "backfill: table " + table.table + " does not exist");
      continue;
    }
    // A column that neither exists nor is added by expand: lint's ZDM104.
    const auto schema = run.dialect.describe_table(run.db, table.table);
    const auto choice =
        schema.exists
            ? backfill::choose_key(schema, table.key, run.dialect.pages_through_physical_rows())
            : std::variant<backfill::KeyChoice, backfill::KeyProblem>(
                  backfill::KeyChoice{backfill::Paging::keyset, table.key, "key:"});
    if (const auto* key_problem = std::get_if<backfill::KeyProblem>(&choice)) {
      problem(run, table.at, key_problem->message + "; " + key_problem->hint);
      continue;
    }
    const auto& key = std::get<backfill::KeyChoice>(choice);
    if (key.paging == backfill::Paging::keyset && key.key.empty()) {
      problem(run, table.at, "backfill: table " + table.table + " has no primary key; set key:");
      continue;
    }
    if (const auto load_problem = load_visibility_problem(run.dialect, run.db, table))
      problem(run, table.at, *load_problem + "; " + kLoadVisibilityHint);
    const auto estimate = run.dialect.estimate_rows(run.db, table.table);
    const backfill::KeyRange whole;
    nlohmann::ordered_json entry = {
        {"table", table.table},
        {"key", key.key},
        {"paging", key.paging == backfill::Paging::keyset ? "keyset" : "pages"},
        {"threads", table.threads},
        {"rows_estimate", estimate ? nlohmann::json(*estimate) : nullptr}};
    if (key.paging == backfill::Paging::keyset) {
      const KeyValues sample(key.key.size(), "<last key>");
      entry["chunk_end"] =
          chunk_end_query(run.dialect, table.table, key.key, whole, sample, 1000).sql;
      entry["chunk_update"] =
          keyset_chunk_update(run.dialect, table, key.key, whole, sample, sample).sql;
    } else {
      entry["chunk_end"] = nullptr;
      entry["chunk_update"] = page_chunk_update(run.dialect, table, 0, 8).sql;
    }
    entry["lock"] = "row locks on each chunk's rows, for one short transaction";
    entry["method"] = table.method == plan::BackfillMethod::copy ? "copy" : "update";
    if (table.method == plan::BackfillMethod::copy && key.paging == backfill::Paging::keyset) {
      entry["copy"] = copy_json(run, table, schema, key.key);
      if (!entry["copy"].is_null())
        entry["chunk_update"] = nullptr;  // the chunks copy instead: copy.chunk
    }
    out.push_back(entry);
  }
  return out;
}

// `table` as expand leaves it: with the columns its add_column steps add, and their
// defaults, which the sync trigger reads.
db::TableSchema with_expand_columns(db::TableSchema schema, const plan::Plan& plan,
                                    const std::string& table) {
  if (!plan.expand)
    return schema;
  for (const auto& step : plan.expand->steps) {
    const auto* add = std::get_if<plan::AddColumn>(&step.action);
    if (add == nullptr || add->table != table || schema.column(add->column.name) != nullptr)
      continue;
    schema.columns.push_back(db::ColumnSchema{add->column.name, add->column.type,
                                              add->column.nullable, add->column.default_sql});
  }
  return schema;
}

nlohmann::ordered_json sync_json(DryRun& run, bool create) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  if (!run.plan.dual_write)
    return out;
  for (const auto& sync : run.plan.dual_write->sync) {
    const auto schema = run.dialect.describe_table(run.db, sync.table);
    if (create && !schema.exists)
      problem(run, sync.at, "sync: table " + sync.table + " does not exist");
    out.push_back(
        {{"table", sync.table},
         {"statements",
          statements_json(
              create ? run.dialect.create_sync(
                           sync, with_expand_columns(schema, run.plan, sync.table), run.plan.name)
                     : run.dialect.drop_sync(sync, run.plan.name))}});
  }
  return out;
}

nlohmann::ordered_json phase_json(DryRun& run, plan::PhaseKind phase) {
  nlohmann::ordered_json out;
  out["phase"] = plan::to_string(phase);
  switch (phase) {
    case plan::PhaseKind::expand:
      out["steps"] = ddl_steps_json(run, run.plan.expand->steps, true);
      break;
    case plan::PhaseKind::dual_write:
      out["sync"] = sync_json(run, true);
      out["checks"] = nlohmann::ordered_json::array();
      for (const auto& check : run.plan.dual_write->checks)
        out["checks"].push_back({{"check", check.name}, {"sql", check.sql}});
      break;
    case plan::PhaseKind::backfill:
      out["tables"] = backfill_json(run);
      break;
    case plan::PhaseKind::read_switch:
      out["steps"] = nlohmann::ordered_json::array();
      for (const auto& step : run.plan.read_switch->steps)
        out["steps"].push_back({{"step", step.name}, {"has_rollback", step.rollback.has_value()}});
      break;
    case plan::PhaseKind::contract:
      out["remove_sync"] = sync_json(run, false);
      out["steps"] = ddl_steps_json(run, run.plan.contract->steps, false);
      break;
  }
  return out;
}

void print_statements(const nlohmann::ordered_json& statements) {
  for (const auto& s : statements) {
    std::cout << "    " << s["sql"].get<std::string>()
              << ";\n      -- lock: " << s["lock"].get<std::string>() << "\n";
    if (s.contains("fallback"))
      std::cout << "      -- if the server refuses that algorithm: "
                << s["fallback"]["sql"].get<std::string>()
                << "\n      -- lock: " << s["fallback"]["lock"].get<std::string>() << "\n";
  }
}

void print_problems(const nlohmann::ordered_json& out) {
  for (const auto& p : out["problems"]) {
    std::cerr << p["file"].get<std::string>() << ":" << p["line"].get<int>() << ":"
              << p["column"].get<int>() << ": error: " << p["message"].get<std::string>() << "\n";
  }
}

std::string joined_statements(const nlohmann::ordered_json& statements) {
  std::string out;
  for (const auto& statement : statements)
    out += (out.empty() ? "" : ";\n    ") + statement.get<std::string>();
  return out;
}

void print_backfill_table(const nlohmann::ordered_json& t) {
  const bool by_copy = t.contains("copy") && !t["copy"].is_null();
  std::cout << "  backfill " << t["table"].get<std::string>() << " (~"
            << (t["rows_estimate"].is_null() ? std::string("unknown")
                                             : std::to_string(t["rows_estimate"].get<long long>()))
            << " rows, " << t["paging"].get<std::string>() << " paging, " << t["threads"].get<int>()
            << " thread(s)"
            << (by_copy ? ", by copy into " + t["copy"]["shadow"].get<std::string>() : "") << ")\n";
  if (by_copy) {
    std::cout << "   start:\n";
    print_statements(t["copy"]["start"]);
  }
  std::cout << "    "
            << (t["chunk_end"].is_null() ? "" : t["chunk_end"].get<std::string>() + ";\n    ")
            << (by_copy ? joined_statements(t["copy"]["chunk"])
                        : t["chunk_update"].get<std::string>())
            << ";\n      -- lock: " << t["lock"].get<std::string>() << "\n";
  if (by_copy) {
    std::cout << "   swap:\n";
    print_statements(t["copy"]["swap"]);
    std::cout << "   finish:\n";
    print_statements(t["copy"]["finish"]);
  }
}

void print_text(const nlohmann::ordered_json& out) {
  for (const auto& phase : out["phases"]) {
    std::cout << "== " << phase["phase"].get<std::string>() << "\n";
    for (const char* list : {"sync", "remove_sync", "steps"}) {
      if (!phase.contains(list))
        continue;
      for (const auto& item : phase[list]) {
        std::cout << "  "
                  << (item.contains("step") ? "step " + item["step"].get<std::string>()
                                            : "sync trigger on " + item["table"].get<std::string>())
                  << "\n";
        if (item.contains("statements"))
          print_statements(item["statements"]);
      }
    }
    if (phase.contains("tables")) {
      for (const auto& t : phase["tables"])
        print_backfill_table(t);
    }
  }
  print_problems(out);
}

}  // namespace

DryRunResult dry_run(const plan::Plan& plan, const db::Dsn& dsn, const DryRunOptions& options) {
  auto dialect = db::make_dialect(dsn.driver(), plan.target.schema, plan.settings.state_schema);
  auto connection = connect_or_fail(dsn);
  DryRun run{plan, *connection, *dialect, {}, {}, {}};
  for (const auto phase : plan.phases())
    run.phases.push_back(phase_json(run, phase));
  nlohmann::ordered_json out;
  out["kind"] = "zdm.dry_run";
  out["version"] = 1;
  out["plan"] = plan.name;
  out["server_version"] = connection->server_version();
  out["phases"] = run.phases;
  out["problems"] = run.problems;
  DryRunResult result;
  result.problems = static_cast<int>(run.problems.size());
  result.lint = lint::lint_online(plan, *connection, *dialect, options.large_table_rows);
  out["lint"] = lint::plan_lint_json(result.lint);
  if (options.format == DryRunOptions::Format::json) {
    std::cout << out.dump(2) << "\n";
  } else {
    if (options.format == DryRunOptions::Format::text)
      print_text(out);
    else
      print_problems(out);
    std::cerr << lint::findings_text(result.lint);
  }
  return result;
}

}  // namespace zdm::engine
