// What a MySQL statement does, in the terms the phase rules use.
#include "mysql_alter.hpp"
#include "statements.hpp"

namespace zdm::lint {

namespace {

using mysql::ClauseKind;

ColumnFact column_fact(const std::string& table, const mysql::ColumnDefinition& column) {
  return {table, column.name, mysql::describe(column.type), column.not_null,
          column.has_default || column.auto_increment || column.generated};
}

void clause_facts(const std::string& table, const mysql::Clause& clause, StatementFacts& facts) {
  switch (clause.kind) {
    case ClauseKind::add_column:
      if (clause.definition)
        facts.columns_added.push_back(column_fact(table, *clause.definition));
      return;
    case ClauseKind::drop_column:
      facts.removals.push_back({Removal::drop_column, table, clause.column});
      return;
    case ClauseKind::drop_index:
      facts.removals.push_back({Removal::drop_index, table, ""});
      return;
    case ClauseKind::rename_column:
      facts.removals.push_back({Removal::rename_column, table, clause.column});
      return;
    case ClauseKind::rename_table:
      facts.removals.push_back({Removal::rename_table, table, ""});
      return;
    case ClauseKind::change_column:
      if (clause.definition && mysql::lower(clause.definition->name) != mysql::lower(clause.column))
        facts.removals.push_back({Removal::rename_column, table, clause.column});
      [[fallthrough]];
    case ClauseKind::modify_column:
      if (clause.definition) {
        facts.types_set.push_back(
            {table, clause.column, mysql::describe(clause.definition->type), false});
      }
      return;
    default:
      return;
  }
}

void name_after(const mysql::Statement& statement, size_t at, Removal kind, StatementFacts& facts) {
  for (size_t i = at; i < statement.tokens.size(); ++i) {
    const auto& token = statement.tokens[i];
    if (token.is("IF") || token.is("EXISTS") || token.is("TEMPORARY") || token.is("TABLE") ||
        !token.is_name())
      continue;
    if (i + 2 < statement.tokens.size() && statement.tokens[i + 1].is_symbol('.'))
      continue;  // db.table: the table comes next
    facts.removals.push_back({kind, token.text, ""});
    return;
  }
}

}  // namespace

StatementFacts mysql_facts(const mysql::Statement& statement) {
  StatementFacts facts;
  const auto& t = statement.tokens;
  if (const auto alter = mysql::alter_table(statement)) {
    for (const auto& clause : alter->clauses)
      clause_facts(alter->table, clause, facts);
  } else if (const auto create = mysql::create_table(statement)) {
    facts.created_tables.push_back(create->table);
    for (const auto& column : create->columns)
      facts.columns_added.push_back(column_fact(create->table, column));
  } else if (const auto index = mysql::index_statement(statement)) {
    if (!index->create)
      facts.removals.push_back({Removal::drop_index, index->table, ""});
  } else if (t.size() > 1 && t[0].is("DROP") && (t[1].is("TABLE") || t[1].is("TEMPORARY"))) {
    name_after(statement, 1, Removal::drop_table, facts);
  } else if (t.size() > 1 && t[0].is("TRUNCATE")) {
    name_after(statement, 1, Removal::truncate, facts);
  } else if (t.size() > 2 && t[0].is("RENAME") && t[1].is("TABLE")) {
    name_after(statement, 2, Removal::rename_table, facts);
  }
  return facts;
}

}  // namespace zdm::lint
