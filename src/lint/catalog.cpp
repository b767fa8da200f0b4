#include "zdm/lint/catalog.hpp"

namespace zdm::lint {

const TableFacts& DialectCatalog::table(const std::string& name) {
  const auto known = tables_.find(name);
  if (known != tables_.end())
    return known->second;
  TableFacts facts;
  facts.schema = dialect_.describe_table(connection_, name);
  if (facts.schema.exists)
    facts.rows = dialect_.estimate_rows(connection_, name);
  return tables_.emplace(name, std::move(facts)).first->second;
}

const TableFacts& FixedCatalog::table(const std::string& name) {
  const auto known = tables_.find(name);
  return known == tables_.end() ? missing_ : known->second;
}

}  // namespace zdm::lint
