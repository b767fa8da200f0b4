#pragma once
// How a DSN's ssl-mode becomes connector options. Private to src/db.
//
// Debian's mysql-connector-c++ 1.1 is built on MariaDB Connector/C, which silently ignores
// OPT_SSL_MODE. What the connector options really do was checked against MariaDB 10.11
// with and without TLS:
//   sslEnforce  TLS when the server offers it, plaintext otherwise (that is PREFERRED)
//   sslVerify   TLS required; certificate checked against the system CAs, host name too
// No option means "TLS or fail, without verification", so for every mode that requires
// TLS the session is checked after connecting as well.

#include <cppconn/connection.h>

#include "zdm/db/dsn.hpp"

namespace zdm::db {

// DISABLED: nothing (the client's default is plaintext). PREFERRED, REQUIRED: sslEnforce.
// VERIFY_CA, VERIFY_IDENTITY: sslVerify, which also checks the host name, so VERIFY_CA is
// as strict as VERIFY_IDENTITY here, never weaker.
void add_tls_options(SslMode mode, sql::ConnectOptionsMap& options);

// REQUIRED, VERIFY_CA and VERIFY_IDENTITY.
bool requires_tls(SslMode mode);

// True when the session is encrypted (its Ssl_cipher status is not empty).
bool session_uses_tls(sql::Connection& connection);

}  // namespace zdm::db
