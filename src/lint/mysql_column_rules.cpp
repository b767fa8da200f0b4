// MY102, MY103, MY104: column changes MySQL cannot make in place.
#include <algorithm>
#include <charconv>

#include "mysql_rules_support.hpp"

namespace zdm::lint {

namespace {

using mysql::ClauseKind;
using mysql::Type;

enum class Cost {
  in_place,  // INSTANT or INPLACE, writes go on
  copy,      // the table is copied with writes blocked
  members,   // ENUM/SET members reordered or removed: MY104's to report
};

bool modern(const ServerVersion& server) {
  return server.product == Product::mariadb ? server.at_least(10, 3) : server.at_least(8);
}

// Bytes a character may take; utf8mb4 when the definition does not say (the default of
// MySQL 8 and of Debian's MariaDB).
long long bytes_per_character(const Type& type) {
  if (!type.charset)
    return 4;
  const std::string& charset = *type.charset;
  if (charset == "latin1" || charset == "ascii" || charset == "binary")
    return 1;
  return charset == "utf8" || charset == "utf8mb3" ? 3 : 4;
}

std::optional<long long> number(const std::vector<std::string>& args) {
  if (args.size() != 1)
    return std::nullopt;
  long long value = 0;
  const auto [end, error] = std::from_chars(args[0].data(), args[0].data() + args[0].size(), value);
  if (error != std::errc() || end != args[0].data() + args[0].size())
    return std::nullopt;
  return value;
}

// VARCHAR keeps its length in one byte up to 255 bytes, in two above: growing within the
// same length size is in place, growing across it copies.
Cost varchar_cost(const Type& before, const Type& after) {
  const auto old_length = number(before.args);
  const auto new_length = number(after.args);
  if (!old_length || !new_length || *new_length < *old_length)
    return Cost::copy;
  // n characters fit one length byte when n * width <= 255 (divided, so it cannot overflow)
  const long long short_limit = 255 / bytes_per_character(after.charset ? after : before);
  return (*old_length <= short_limit) == (*new_length <= short_limit) ? Cost::in_place : Cost::copy;
}

Cost members_cost(const Type& before, const Type& after, const ServerVersion& server) {
  const bool appended = after.args.size() >= before.args.size() &&
                        std::equal(before.args.begin(), before.args.end(), after.args.begin());
  if (!appended)
    return Cost::members;
  return modern(server) ? Cost::in_place : Cost::copy;
}

Cost change_cost(const Type& before, const Type& after, const ServerVersion& server) {
  if (after.charset && before.charset && *after.charset != *before.charset)
    return Cost::copy;
  if (before.name == after.name && before.args == after.args &&
      before.is_unsigned == after.is_unsigned)
    return Cost::in_place;  // NULL / NOT NULL, default, comment, or a rename
  if (before.name == after.name && (after.name == "enum" || after.name == "set"))
    return members_cost(before, after, server);
  if (before.name == "varchar" && after.name == "varchar")
    return varchar_cost(before, after);
  return Cost::copy;
}

std::optional<Type> type_before(const LintContext& ctx, const std::string& table,
                                const std::string& column, size_t index) {
  const auto text = ctx.column_type(table, column, index);
  return text ? mysql::parse_type(*text) : std::nullopt;
}

bool changes_column(const mysql::Clause& clause) {
  return (clause.kind == ClauseKind::modify_column || clause.kind == ClauseKind::change_column) &&
         clause.definition.has_value();
}

// The members of `before` that `after` lost or moved, quoted and joined.
std::string moved_members(const Type& before, const Type& after) {
  std::string text;
  for (size_t i = 0; i < before.args.size(); ++i) {
    if (i < after.args.size() && after.args[i] == before.args[i])
      continue;
    const bool kept =
        std::find(after.args.begin(), after.args.end(), before.args[i]) != after.args.end();
    text += (text.empty() ? "" : ", ") + std::string("'") + before.args[i] + "'" +
            (kept ? " moved" : " removed");
  }
  return text;
}

}  // namespace

void check_mysql_change_not_online(LintContext& ctx) {
  mysql::for_each_alter(ctx, [&](const PlannedStatement& statement, const mysql::AlterTable& alter,
                                 size_t index) {
    for (const auto& clause : alter.clauses) {
      if (clause.kind == ClauseKind::convert_charset) {
        ctx.report("MY102", statement, alter.table,
                   statement.where() + " converts " + alter.table +
                       " to another character set, which copies the table with writes "
                       "blocked");
        continue;
      }
      if (!changes_column(clause))
        continue;
      const std::string column = alter.table + "." + clause.column;
      const Type& after = clause.definition->type;
      const auto before = type_before(ctx, alter.table, clause.column, index);
      if (!before) {
        if (!mysql::refuses_copy(alter)) {
          ctx.report("MY102", statement, alter.table,
                     statement.where() + " changes " + column + " to " + mysql::describe(after) +
                         " without ALGORITHM=INPLACE (or INSTANT), LOCK=NONE; zdm cannot see "
                         "the current type offline, and if the change cannot be made in "
                         "place the server silently copies the table with writes blocked",
                     plan::Severity::warning);
        }
        continue;
      }
      if (change_cost(*before, after, ctx.server()) != Cost::copy)
        continue;
      const std::string change = statement.where() + " changes " + column + " from " +
                                 mysql::describe(*before) + " to " + mysql::describe(after);
      ctx.report("MY102", statement, alter.table,
                 mysql::refuses_copy(alter)
                     ? change + ", which needs a table copy: the server refuses ALGORITHM=" +
                           *alter.algorithm + " and the step fails"
                     : change +
                           ", which the server can only do by copying the table: writes "
                           "wait until it is done");
    }
  });
}

void check_mysql_add_column_copy(LintContext& ctx) {
  mysql::for_each_alter(ctx, [&](const PlannedStatement& statement, const mysql::AlterTable& alter,
                                 size_t) {
    for (const auto& clause : alter.clauses) {
      if (clause.kind != ClauseKind::add_column || !clause.definition)
        continue;
      const auto& column = *clause.definition;
      if (!column.auto_increment && !column.stored_generated)
        continue;
      ctx.report("MY103", statement, alter.table,
                 statement.where() + " adds " + alter.table + "." + column.name +
                     (column.auto_increment ? " AUTO_INCREMENT" : " as a STORED generated column") +
                     ": the server fills every existing row by copying the table, with writes "
                     "blocked");
    }
  });
}

void check_mysql_enum_values(LintContext& ctx) {
  mysql::for_each_alter(
      ctx, [&](const PlannedStatement& statement, const mysql::AlterTable& alter, size_t index) {
        for (const auto& clause : alter.clauses) {
          if (!changes_column(clause))
            continue;
          const Type& after = clause.definition->type;
          const auto before = type_before(ctx, alter.table, clause.column, index);
          if (!before || change_cost(*before, after, ctx.server()) != Cost::members)
            continue;
          ctx.report("MY104", statement, alter.table,
                     statement.where() + " changes the members of " + alter.table + "." +
                         clause.column + " (" + moved_members(*before, after) +
                         "): the table is copied, and rows holding a removed member lose their "
                         "value");
        }
      });
}

}  // namespace zdm::lint
