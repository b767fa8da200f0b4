#pragma once
// Which database a command works on, and what of the plan may be stored there.

#include <memory>
#include <optional>
#include <string>

#include "zdm/db/connection.hpp"
#include "zdm/db/dsn.hpp"
#include "zdm/plan/plan.hpp"

namespace zdm::engine {

// --dsn, then ZDM_DSN, then the plan's target.dsn. Throws EngineError(invalid_input) when
// none is given, a ${VAR} in target.dsn is unset, or the DSN cannot be parsed; the message
// never contains the password.
db::Dsn resolve_dsn(const std::string& dsn_flag, const plan::Plan* plan);
// Whether any of the three gives a DSN (commands for which a database is optional).
bool dsn_configured(const std::string& dsn_flag, const plan::Plan* plan);

// The plan text as stored in the state tables: a password written literally in
// target.dsn replaced by ***, literal header values (other than Content-Type, Accept and
// the like) by REDACTED. ${VAR} references stay as written.
std::string plan_text_for_state(const plan::Plan& plan);

// Opens a connection; a failure is EngineError(runtime_failure) with the driver's message
// (password scrubbed) and a hint to check the DSN.
std::unique_ptr<db::Connection> connect_or_fail(const db::Dsn& dsn);

// "user@host pid 1234": who runs this zdm, for the lock holder message and the state.
std::string run_by();

}  // namespace zdm::engine
