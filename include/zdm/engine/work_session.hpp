#pragma once
// A session that runs zdm's DDL or backfill chunks: the plan's lock and statement timeouts
// set on it before its first statement.

#include <memory>

#include "zdm/db/connection.hpp"
#include "zdm/db/dialect.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::engine {

std::unique_ptr<db::Connection> work_session(const plan::Settings& settings,
                                             const db::Dialect& dialect,
                                             std::unique_ptr<db::Connection> session);

}  // namespace zdm::engine
