#pragma once
// zdm's own SQL is written with ? markers; this numbers them the dialect's way ($1, $2 on
// PostgreSQL). Only for SQL zdm writes itself: user SQL goes through bind_placeholders.

#include <string>

#include "zdm/db/dialect.hpp"

namespace zdm::engine {

std::string number_markers(const db::Dialect& dialect, const std::string& sql,
                           int first_number = 1);

}  // namespace zdm::engine
