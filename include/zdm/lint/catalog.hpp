#pragma once
// What lint may know about the live database in apply --dry-run: each table's schema and
// estimated rows. Offline (zdm lint, zdm validate) there is no catalog.

#include <map>
#include <optional>
#include <string>

#include "zdm/db/connection.hpp"
#include "zdm/db/dialect.hpp"
#include "zdm/db/table_schema.hpp"

namespace zdm::lint {

struct TableFacts {
  db::TableSchema schema;         // schema.exists is false for a missing table
  std::optional<long long> rows;  // catalog estimate; nullopt when unknown
};

class Catalog {
 public:
  virtual ~Catalog() = default;
  virtual const TableFacts& table(const std::string& name) = 0;
};

// The catalog read through a dialect, each table once.
class DialectCatalog : public Catalog {
 public:
  DialectCatalog(const db::Dialect& dialect, db::Connection& connection)
      : dialect_(dialect), connection_(connection) {}
  const TableFacts& table(const std::string& name) override;

 private:
  const db::Dialect& dialect_;
  db::Connection& connection_;
  std::map<std::string, TableFacts> tables_;
};

// Given facts, for tests and for callers that already read them.
class FixedCatalog : public Catalog {
 public:
  explicit FixedCatalog(std::map<std::string, TableFacts> tables) : tables_(std::move(tables)) {}
  const TableFacts& table(const std::string& name) override;

 private:
  std::map<std::string, TableFacts> tables_;
  TableFacts missing_;
};

}  // namespace zdm::lint
