#pragma once
// One transaction around `work` on `connection`: committed when work returns, rolled back
// when it throws (the exception goes on).

#include <functional>

#include "zdm/db/connection.hpp"
#include "zdm/db/dialect.hpp"

namespace zdm::engine {

void in_transaction(db::Connection& connection, const db::Dialect& dialect,
                    const std::function<void()>& work);

}  // namespace zdm::engine
