// Connecting to the real PostgreSQL 15 and MariaDB 10.11 that scripts/test.sh starts: each
// test works in a database of its own.

#include <gtest/gtest.h>

#include <string>

#include "test_databases.hpp"
#include "zdm/db/connection.hpp"

namespace zdm::testing {
namespace {

using db::DbError;
using db::Dsn;

// What differs between the two servers, for the tests that run on both.
struct ServerCase {
  TestServer server;
  std::string current_database_sql;
  std::string version_prefix;  // and, for MariaDB, the "-MariaDB" suffix of its version
  std::string add_sql;         // adds two bound integers
  std::string echo_sql;        // returns its bound parameter
  std::string missing_table_state;
};

const ServerCase kPostgres{TestServer::postgres,
                           "SELECT current_database()",
                           "15.",
                           "SELECT CAST($1 AS integer) + CAST($2 AS integer)",
                           "SELECT CAST($1 AS text)",
                           "42P01"};
const ServerCase kMysql{TestServer::mysql, "SELECT DATABASE()",
                        "10.11.",          "SELECT CAST(? AS SIGNED) + CAST(? AS SIGNED)",
                        "SELECT ?",        "42S02"};

void PrintTo(const ServerCase& c, std::ostream* out) {
  *out << server_label(c.server);
}

// The same server and database reached with another account or password.
// The message of the DbError that connecting throws ("" when it connects).
std::string connect_error(const std::string& dsn_text) {
  try {
    db::connect(Dsn::parse(dsn_text));
  } catch (const DbError& error) {
    return error.what();
  }
  return "";
}

class Connectivity : public ::testing::TestWithParam<ServerCase> {
 protected:
  const ServerCase& server_case() const { return GetParam(); }
  std::string placeholder(int number) const {
    return server_case().server == TestServer::postgres ? "$" + std::to_string(number) : "?";
  }
};

TEST_P(Connectivity, ConnectsToItsOwnDatabase) {
  ScratchDatabase database(server_case().server);
  auto connection = database.connect();
  EXPECT_EQ(connection->dialect_name(), server_label(server_case().server));
  EXPECT_EQ(connection->query_scalar(server_case().current_database_sql, {}), database.name());
}

TEST_P(Connectivity, ServerIsTheExpectedRelease) {
  ScratchDatabase database(server_case().server);
  const std::string version = database.connect()->server_version();
  EXPECT_EQ(version.rfind(server_case().version_prefix, 0), 0u) << version;
  if (server_case().server == TestServer::mysql) {
    EXPECT_NE(version.find("-MariaDB"), std::string::npos) << version;
  }
}

TEST_P(Connectivity, BindsParametersInsteadOfSplicingThem) {
  ScratchDatabase database(server_case().server);
  auto connection = database.connect();
  EXPECT_EQ(connection->query_scalar(server_case().add_sql, {"40", "2"}), "42");

  const std::string hostile = "x'); DROP TABLE notes; -- \"`\\ caf\xC3\xA9";
  EXPECT_EQ(connection->query_scalar(server_case().echo_sql, {hostile}), hostile);

  connection->execute("CREATE TABLE notes (id integer PRIMARY KEY, body varchar(200))");
  EXPECT_EQ(connection->query_scalar("INSERT INTO notes (id, body) VALUES (" + placeholder(1) +
                                         ", " + placeholder(2) + ")",
                                     {"1", hostile}),
            std::nullopt);
  // Autocommit: another connection sees the row at once.
  auto other = database.connect();
  EXPECT_EQ(other->query_scalar("SELECT body FROM notes WHERE id = " + placeholder(1), {"1"}),
            hostile);
  EXPECT_EQ(other->query_scalar("SELECT COUNT(*) FROM notes", {}), "1");
}

TEST_P(Connectivity, NullAndNoRowAreNothing) {
  ScratchDatabase database(server_case().server);
  auto connection = database.connect();
  EXPECT_EQ(connection->query_scalar("SELECT NULL", {}), std::nullopt);
  connection->execute("CREATE TABLE empty_table (id integer)");
  EXPECT_EQ(connection->query_scalar("SELECT id FROM empty_table", {}), std::nullopt);
}

TEST_P(Connectivity, SqlErrorsAreDbErrorsWithTheirSqlState) {
  ScratchDatabase database(server_case().server);
  auto connection = database.connect();
  try {
    connection->query_scalar("SELECT * FROM no_such_table", {});
    FAIL() << "expected a DbError";
  } catch (const DbError& error) {
    EXPECT_EQ(error.sql_state(), server_case().missing_table_state) << error.what();
    EXPECT_NE(std::string(error.what()).find("no_such_table"), std::string::npos) << error.what();
    EXPECT_EQ(
        std::string(error.what())
            .rfind(std::string(server_label(server_case().server)) + ": statement failed: ", 0),
        0u)
        << error.what();
  }
  EXPECT_THROW(connection->execute("CREATE TABLE broken ("), DbError);
  // The connection stays usable after an error.
  EXPECT_EQ(connection->query_scalar(server_case().add_sql, {"1", "1"}), "2");
}

TEST_P(Connectivity, WrongPasswordIsADbErrorWithoutThePassword) {
  ScratchDatabase database(server_case().server);
  const Dsn& dsn = database.dsn();
  const std::string wrong_password = "Wr0ng-Passw0rd-for-zdm";
  const std::string error = connect_error(dsn_with_login(dsn, dsn.user(), wrong_password));
  ASSERT_FALSE(error.empty()) << "connected with a wrong password";
  EXPECT_EQ(error.find(wrong_password), std::string::npos) << error;
  EXPECT_EQ(error.find(dsn.password()), std::string::npos) << error;
  EXPECT_NE(error.find("cannot connect to "), std::string::npos) << error;
  EXPECT_NE(error.find(":***@"), std::string::npos) << error;  // the redacted DSN
  const bool says_why = error.find("password authentication failed") != std::string::npos ||
                        error.find("Access denied") != std::string::npos;
  EXPECT_TRUE(says_why) << error;
}

TEST_P(Connectivity, ClosedPortIsADbErrorWithoutThePassword) {
  const Dsn dsn = server_dsn(server_case().server);
  const std::string scheme = dsn.driver() == db::DriverKind::postgres ? "postgresql" : "mysql";
  // Port 1 (tcpmux) is not served on a test machine: the kernel refuses at once.
  const std::string error =
      connect_error(scheme + "://" + dsn.user() + ":" + dsn.password() + "@127.0.0.1:1/x");
  ASSERT_FALSE(error.empty());
  EXPECT_EQ(error.find(dsn.password()), std::string::npos) << error;
}

// A password with every character a URI reserves: the DSN carries it percent-encoded.
TEST_P(Connectivity, PercentEncodedPasswordsWork) {
  ScratchDatabase database(server_case().server);
  const std::string user = database.name();  // unique, and removed below
  const std::string password = "p@ss:w/rd%?& x";
  const std::string encoded = "p%40ss%3Aw%2Frd%25%3F%26%20x";
  auto admin = database.connect();
  const bool postgres = server_case().server == TestServer::postgres;
  const std::string account = postgres ? "\"" + user + "\"" : "'" + user + "'@'127.0.0.1'";
  if (postgres) {
    admin->execute("CREATE ROLE " + account + " LOGIN PASSWORD '" + password + "'");
  } else {
    admin->execute("CREATE USER " + account + " IDENTIFIED BY '" + password + "'");
    admin->execute("GRANT ALL ON `" + database.name() + "`.* TO " + account);
  }
  struct DropAccount {
    db::Connection& admin;
    std::string statement;
    ~DropAccount() {
      try {
        admin.execute(statement);
      } catch (const std::exception&) {
      }
    }
  } drop{*admin, (postgres ? "DROP ROLE IF EXISTS " : "DROP USER IF EXISTS ") + account};

  auto connection = db::connect(Dsn::parse(dsn_with_login(database.dsn(), user, encoded)));
  EXPECT_EQ(connection->query_scalar(server_case().add_sql, {"2", "3"}), "5");
  connection.reset();

  const std::string error = connect_error(dsn_with_login(database.dsn(), user, encoded + "z"));
  ASSERT_FALSE(error.empty());
  EXPECT_EQ(error.find(password), std::string::npos) << error;
  EXPECT_EQ(error.find(encoded), std::string::npos) << error;
}

INSTANTIATE_TEST_SUITE_P(Servers, Connectivity, ::testing::Values(kPostgres, kMysql),
                         [](const ::testing::TestParamInfo<ServerCase>& info) {
                           return std::string(server_label(info.param.server));
                         });

TEST(PostgresConnectivity, KeywordDsnIsHandedToLibpqAsWritten) {
  ScratchDatabase database(TestServer::postgres);
  const Dsn& uri = database.dsn();
  const Dsn keywords = Dsn::parse("host=" + uri.host() + " port=" + std::to_string(*uri.port()) +
                                  " user=" + uri.user() + " password='" + uri.password() +
                                  "' dbname=" + database.name() + " application_name=zdm_test");
  auto connection = db::connect(keywords);
  EXPECT_EQ(connection->query_scalar("SELECT current_database()", {}), database.name());
  EXPECT_EQ(connection->query_scalar("SELECT current_setting('application_name')", {}), "zdm_test");
  EXPECT_EQ(keywords.redacted().find(uri.password()), std::string::npos);
}

// A statement with parameters that runs again (every chunk, every state write) is prepared
// once per session; its row count comes without a SELECT ROW_COUNT() round trip.
TEST(MysqlConnectivity, AStatementRunAgainIsPreparedOnceAndCountsItsRows) {
  ScratchDatabase database(TestServer::mysql);
  auto connection = database.connect();
  connection->execute("CREATE TABLE notes (id integer PRIMARY KEY, body varchar(20))");
  const auto prepares = [&] {
    return std::stoll(
        connection->query("SHOW SESSION STATUS LIKE 'Com_stmt_prepare'").front()[1].value_or("0"));
  };
  const long long before = prepares();
  const std::string insert = "INSERT INTO notes (id, body) VALUES (?, ?)";
  for (int id = 1; id <= 5; ++id)
    EXPECT_EQ(connection->run(insert, {std::to_string(id), "n"}).affected_rows, 1);
  const std::string update = "UPDATE notes SET body = ? WHERE id <= ?";
  EXPECT_EQ(connection->run(update, {"m", "3"}).affected_rows, 3);
  EXPECT_EQ(connection->run(update, {"m", "5"}).affected_rows, 2) << "unchanged rows not counted";
  EXPECT_EQ(connection->query("SELECT id FROM notes WHERE id > ? ORDER BY id", {"3"}).size(), 2u);
  EXPECT_EQ(prepares() - before, 3) << "one prepare per statement text";
  EXPECT_EQ(connection->query("SELECT count(*) FROM notes WHERE body = ?", {"m"}).front()[0], "5");

  // Texts that change (a chunk-end lookup's OFFSET) do not push out one run every time.
  const long long before_many = prepares();
  for (int offset = 0; offset < 100; ++offset) {
    connection->query("SELECT id FROM notes WHERE id > ? LIMIT 1 OFFSET " + std::to_string(offset),
                      {"0"});
    connection->run(update, {"m", "5"});
  }
  EXPECT_EQ(prepares() - before_many, 100) << "the UPDATE stayed prepared";

  // A failed run forgets its statement; the next run prepares it again and works.
  EXPECT_THROW(connection->run(insert, {"1", "dup"}), DbError);
  EXPECT_EQ(connection->run(insert, {"6", "n"}).affected_rows, 1);
  EXPECT_EQ(connection->run("DELETE FROM notes", {}).affected_rows, 6) << "text without parameters";
}

TEST(MysqlConnectivity, SslModeIsHonoured) {
  ScratchDatabase database(TestServer::mysql);
  // The test server has no TLS: DISABLED and PREFERRED connect without it; every mode that
  // requires TLS must refuse rather than fall back to plaintext.
  for (const std::string mode : {"DISABLED", "PREFERRED"}) {
    const Dsn dsn = Dsn::parse(database.dsn().text() + "?ssl-mode=" + mode);
    EXPECT_EQ(db::connect(dsn)->query_scalar("SELECT 1", {}), "1") << mode;
  }
  for (const std::string mode : {"REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"}) {
    const Dsn dsn = Dsn::parse(database.dsn().text() + "?ssl-mode=" + mode);
    try {
      db::connect(dsn);
      ADD_FAILURE() << "connected without TLS although ssl-mode=" << mode;
    } catch (const DbError& error) {
      EXPECT_EQ(std::string(error.what()).find(dsn.password()), std::string::npos) << error.what();
      EXPECT_EQ(error.vendor_code(), 2026) << error.what();
    }
  }
}

}  // namespace
}  // namespace zdm::testing
