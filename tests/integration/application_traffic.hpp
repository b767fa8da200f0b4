#pragma once
// A stand-in for the application a migration serves: a thread with its own connection
// that reads and writes one table in a tight loop, remembers the value it last wrote to
// every row, and records any query that fails. Tests run an "old application" (the old
// column) and a "new application" (the new column) while zdm works on the table.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "test_databases.hpp"

namespace zdm::testing {

struct TrafficTable {
  std::string table;
  std::string column;           // the column this application reads and writes
  std::string renamed_to;       // where `column` moves to if contract renames it
  std::string insert_columns;   // other columns an INSERT must give, e.g. "customer_id, "
  std::string insert_values;    // and their values, e.g. "1, "
  bool numeric = false;         // values are numbers, not text
  long long first_own_row = 1;  // rows [first_own_row, last_own_row] of the seed it
  long long last_own_row = 0;   // updates and reads
  std::function<std::string(long long)> seed_value;  // a seed row's value, by id
};

class ApplicationTraffic {
 public:
  ApplicationTraffic(const ScratchDatabase& database, TrafficTable table, std::string label)
      : database_(database), table_(std::move(table)), label_(std::move(label)) {}
  ~ApplicationTraffic() { stop(); }

  void start() {
    thread_ = std::thread([this] { run(); });
  }

  void stop() {
    stopping_ = true;
    if (thread_.joinable())
      thread_.join();
  }

  // Values this application wrote, by row id (what the row must hold at the end).
  const std::map<long long, std::string>& written() const { return written_; }
  const std::vector<long long>& inserted() const { return inserted_; }
  const std::vector<std::string>& failures() const { return failures_; }
  // When each successful operation finished (epoch ms), to match against phase timings.
  const std::vector<long long>& operation_times() const { return times_; }
  int renames_followed() const { return renames_followed_; }
  long long max_latency_ms() const { return max_latency_ms_; }

 private:
  void run() {
    std::unique_ptr<db::Connection> c;
    try {
      c = database_.connect();
    } catch (const std::exception& error) {
      failures_.push_back(label_ + ": connect: " + error.what());
      return;
    }
    for (long long n = 0; !stopping_; ++n) {
      const auto started = std::chrono::steady_clock::now();
      try {
        operate(*c, n);
      } catch (const db::DbError& error) {
        if (!follow_rename(error))
          failures_.push_back(label_ + " operation " + std::to_string(n) + ": " + error.what());
        continue;
      }
      const auto finished = std::chrono::steady_clock::now();
      max_latency_ms_ = std::max<long long>(
          max_latency_ms_,
          std::chrono::duration_cast<std::chrono::milliseconds>(finished - started).count());
      times_.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count());
    }
  }

  // Contract renamed our column: an application whose data layer maps the name at run
  // time (what the example plans ask for) follows it.
  bool follow_rename(const db::DbError& error) {
    const bool unknown_column = error.sql_state() == "42703" || error.vendor_code() == 1054;
    if (!unknown_column || table_.renamed_to.empty() || table_.column == table_.renamed_to)
      return false;
    table_.column = table_.renamed_to;
    ++renames_followed_;
    return true;
  }

  bool postgres() const { return database_.server() == TestServer::postgres; }
  std::string p(int n) const { return postgres() ? "$" + std::to_string(n) : "?"; }

  std::string value(long long n) const {
    if (table_.numeric)
      return std::to_string(100 + n % 900) + (label_ == "new" ? ".25" : "");
    return label_ + "-" + std::to_string(n) + "@example.com";
  }

  std::string read(db::Connection& c, long long id) {
    return c
        .query_scalar("SELECT " + table_.column + " FROM " + table_.table + " WHERE id = " + p(1),
                      {std::to_string(id)})
        .value_or("NULL");
  }

  // Equal as the application sees it: numbers by value (100 and 100.00 agree).
  bool same(const std::string& a, const std::string& b) const {
    if (!table_.numeric || a == "NULL" || b == "NULL")
      return a == b;
    return std::stod(a) == std::stod(b);
  }

  void operate(db::Connection& c, long long n) {
    switch (n % 3) {
      case 0:
        insert(c, n);
        break;
      case 1:
        update(c, n);
        break;
      default:
        check_read(c, n);
        break;
    }
  }

  void insert(db::Connection& c, long long n) {
    const std::string sql = "INSERT INTO " + table_.table + " (" + table_.insert_columns +
                            table_.column + ") VALUES (" + table_.insert_values + p(1) + ")";
    const std::string v = value(n);
    long long id = 0;
    if (postgres()) {
      id = std::stoll(c.query(sql + " RETURNING id", {v}).at(0).at(0).value());
    } else {
      c.run(sql, {v});
      id = std::stoll(c.query_scalar("SELECT LAST_INSERT_ID()", {}).value());
    }
    written_[id] = v;
    inserted_.push_back(id);
  }

  // Alternately one of its own seed rows and one it inserted.
  void update(db::Connection& c, long long n) {
    long long id = 0;
    if (n % 2 == 0 || inserted_.empty())
      id = table_.first_own_row + n % (table_.last_own_row - table_.first_own_row + 1);
    else
      id = inserted_[static_cast<size_t>(n) % inserted_.size()];
    const std::string v = value(n);
    c.run("UPDATE " + table_.table + " SET " + table_.column + " = " + p(1) + " WHERE id = " + p(2),
          {v, std::to_string(id)});
    written_[id] = v;
  }

  // A row must read back what was last written to it, or its seed value.
  void check_read(db::Connection& c, long long n) {
    const long long id =
        table_.first_own_row + n % (table_.last_own_row - table_.first_own_row + 1);
    const auto known = written_.find(id);
    const std::string expected = known != written_.end() ? known->second : table_.seed_value(id);
    const std::string seen = read(c, id);
    if (!same(seen, expected))
      failures_.push_back(label_ + " read row " + std::to_string(id) + ": saw " + seen +
                          ", expected " + expected);
  }

  const ScratchDatabase& database_;
  TrafficTable table_;
  std::string label_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::map<long long, std::string> written_;
  std::vector<long long> inserted_;
  std::vector<std::string> failures_;
  std::vector<long long> times_;
  int renames_followed_ = 0;
  long long max_latency_ms_ = 0;
};

}  // namespace zdm::testing
