#include "zdm/engine/transaction.hpp"

namespace zdm::engine {

void in_transaction(db::Connection& connection, const db::Dialect& dialect,
                    const std::function<void()>& work) {
  connection.execute(dialect.begin_transaction());
  try {
    work();
    connection.execute("COMMIT");
  } catch (...) {
    try {
      connection.execute("ROLLBACK");
    } catch (const db::DbError&) {
      // The connection is gone; the server rolled back with it.
    }
    throw;
  }
}

}  // namespace zdm::engine
