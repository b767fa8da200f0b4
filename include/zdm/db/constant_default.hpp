#pragma once
// A column's default when it is a constant, as the server prints it: what a dual_write sync
// trigger compares a new row's value with to tell a column the statement left out (it
// gets its default before a BEFORE trigger sees the row) from one written.

#include <optional>
#include <string>

#include "zdm/db/table_schema.hpp"

namespace zdm::db {

// The default's SQL when it is a number, true/false or a quoted string with an optional
// cast ('' , 0, -1.5, 'x'::character varying, 'a''b'); nullopt for none, NULL, and anything
// that may call a function (now(), nextval('s'::regclass), uuid(), E'…'), which comparing
// would run again.
std::optional<std::string> constant_default(const ColumnSchema& column);

}  // namespace zdm::db
