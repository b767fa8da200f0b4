#include "postgres_step_state.hpp"

#include <optional>

#include "postgres_catalog.hpp"
#include "postgres_names.hpp"
#include "postgres_step_sql.hpp"

namespace zdm::db::pg {

namespace {

constexpr const char* kTableExists =
    "SELECT 1 FROM pg_class WHERE oid = to_regclass($1) AND relkind IN ('r', 'p')";

constexpr const char* kColumnExists =
    "SELECT 1 FROM pg_attribute "
    "WHERE attrelid = to_regclass($1) AND attname = $2 AND attnum > 0 AND NOT attisdropped";

constexpr const char* kIndexValid =
    "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass($1) AND indrelid = "
    "to_regclass($2)";

constexpr const char* kConstraintValidated =
    "SELECT convalidated FROM pg_constraint WHERE conrelid = to_regclass($1) AND conname = $2";

struct Catalog {
  Connection& connection;
  std::string_view schema;

  bool table_exists(const std::string& table) const {
    return connection.query_scalar(kTableExists, {qualified_name(schema, table)}).has_value();
  }

  bool column_exists(const std::string& table, const std::string& column) const {
    return connection.query_scalar(kColumnExists, {qualified_name(schema, table), column})
        .has_value();
  }

  // nullopt: no index of that name on the table; otherwise whether it is VALID.
  std::optional<bool> index_valid(const std::string& table, const std::string& index) const {
    const auto value = connection.query_scalar(
        kIndexValid, {qualified_name(schema, index), qualified_name(schema, table)});
    if (!value)
      return std::nullopt;
    return is_true(value);
  }

  // nullopt: no constraint of that name on the table; otherwise whether it is validated.
  std::optional<bool> constraint_validated(const std::string& table,
                                           const std::string& name) const {
    const auto value =
        connection.query_scalar(kConstraintValidated, {qualified_name(schema, table), name});
    if (!value)
      return std::nullopt;
    return is_true(value);
  }
};

struct IsApplied {
  const Catalog& catalog;

  bool operator()(const plan::AddColumn& a) const {
    return catalog.column_exists(a.table, a.column.name);
  }
  bool operator()(const plan::CreateTable& a) const { return catalog.table_exists(a.table); }
  bool operator()(const plan::CreateIndex& a) const {
    return catalog.index_valid(a.table, a.name).value_or(false);
  }
  bool operator()(const plan::AddCheck& a) const {
    return catalog.constraint_validated(a.table, a.name).value_or(false);
  }
  bool operator()(const plan::AddForeignKey& a) const {
    return catalog.constraint_validated(a.table, a.name).value_or(false);
  }
  bool operator()(const plan::RawSql&) const { return false; }
  bool operator()(const plan::DropColumn& a) const {
    return !catalog.column_exists(a.table, a.column);
  }
  bool operator()(const plan::RenameColumn& a) const {
    return catalog.column_exists(a.table, a.to) && !catalog.column_exists(a.table, a.from);
  }
  bool operator()(const plan::DropIndex& a) const {
    return !catalog.index_valid(a.table, a.name).has_value();
  }
};

struct Cleanup {
  const Catalog& catalog;

  std::vector<SqlStatement> operator()(const plan::CreateIndex& a) const {
    if (catalog.index_valid(a.table, a.name) == false)
      return {drop_index_if_exists(catalog.schema, a.table, a.name)};
    return {};
  }
  std::vector<SqlStatement> operator()(const plan::AddCheck& a) const {
    return unvalidated_constraint(a.table, a.name);
  }
  std::vector<SqlStatement> operator()(const plan::AddForeignKey& a) const {
    return unvalidated_constraint(a.table, a.name);
  }
  template <typename Other>
  std::vector<SqlStatement> operator()(const Other&) const {
    return {};
  }

  // ADD CONSTRAINT ... NOT VALID would fail on the leftover; dropping it is as brief.
  std::vector<SqlStatement> unvalidated_constraint(const std::string& table,
                                                   const std::string& name) const {
    if (catalog.constraint_validated(table, name) == false) {
      return {
          drop_constraint_if_exists(catalog.schema, table, name,
                                    lock_on("ACCESS EXCLUSIVE", catalog.schema, table, "brief"))};
    }
    return {};
  }
};

}  // namespace

bool step_is_applied(Connection& connection, std::string_view schema,
                     const plan::DdlAction& action) {
  const Catalog catalog{connection, schema};
  return std::visit(IsApplied{catalog}, action);
}

std::vector<SqlStatement> failed_attempt_cleanup(Connection& connection, std::string_view schema,
                                                 const plan::DdlAction& action) {
  const Catalog catalog{connection, schema};
  return std::visit(Cleanup{catalog}, action);
}

}  // namespace zdm::db::pg
