// {{phase_started_at}} in a check or gate names an instant: it must select the same rows
// whatever time zone the server or session runs in.
#include "zdm/engine/user_sql.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "test_databases.hpp"

namespace zdm::testing {
namespace {

long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class UtcPlaceholder : public ::testing::TestWithParam<TestServer> {};

TEST_P(UtcPlaceholder, SelectsTheSameRowsInAnySessionTimeZone) {
  ScratchDatabase database(GetParam());
  auto c = database.connect();
  const bool pg = GetParam() == TestServer::postgres;
  // Five hours east of UTC: a text timestamp read as local time would be off by 5 h.
  c->execute(pg ? "SET TimeZone = 'Etc/GMT-5'" : "SET time_zone = '+05:00'");
  c->execute(pg ? "CREATE TABLE events (id int PRIMARY KEY, at timestamptz NOT NULL)"
                : "CREATE TABLE events (id int PRIMARY KEY, at timestamp(3) NOT NULL)");
  c->execute(pg ? "INSERT INTO events VALUES (1, now() - interval '1 hour'), (2, now())"
                : "INSERT INTO events VALUES (1, NOW(3) - INTERVAL 1 HOUR), (2, NOW(3))");
  const auto dialect = db::make_dialect(database.dsn().driver(), "public", "zdm");
  const auto count_since = [&](long long epoch_ms) {
    const auto query = engine::bind_placeholders(
        *dialect, "SELECT count(*) FROM events WHERE at >= {{phase_started_at}}",
        {{"phase_started_at", engine::sql_timestamp(epoch_ms)}});
    return c->query(query.sql, query.params).at(0).at(0).value_or("");
  };
  EXPECT_EQ(count_since(now_ms() - 10 * 60 * 1000), "1");
  EXPECT_EQ(count_since(now_ms() - 2 * 60 * 60 * 1000), "2");
  EXPECT_EQ(count_since(now_ms() + 10 * 60 * 1000), "0");
}

INSTANTIATE_TEST_SUITE_P(Servers, UtcPlaceholder,
                         ::testing::Values(TestServer::postgres, TestServer::mysql),
                         [](const auto& info) { return std::string(server_label(info.param)); });

}  // namespace
}  // namespace zdm::testing
