#include "zdm/engine/state_store.hpp"

#include <chrono>

#include "zdm/engine/sql_markers.hpp"

namespace zdm::engine {

namespace {

using db::Value;

long long to_long(const Value& value) {
  return value ? std::stoll(*value) : 0;
}

std::optional<long long> to_optional_long(const Value& value) {
  if (!value)
    return std::nullopt;
  return std::stoll(*value);
}

std::string text(const Value& value) {
  return value.value_or("");
}

Value optional_value(const std::optional<long long>& value) {
  return value ? Value(std::to_string(*value)) : Value();
}

MigrationRecord migration_from(const db::Row& row) {
  return {text(row[0]), text(row[1]), text(row[2]),    text(row[3]),
          text(row[4]), text(row[5]), to_long(row[6]), to_long(row[7])};
}

PhaseRecord phase_from(const db::Row& row) {
  PhaseRecord record;
  record.phase = text(row[0]);
  record.status = text(row[1]);
  record.started_at_ms = to_long(row[2]);
  record.finished_at_ms = to_optional_long(row[3]);
  record.steps_done = static_cast<int>(to_long(row[4]));
  record.progress = text(row[5]);
  record.rollback_point = text(row[6]);
  return record;
}

constexpr const char* kMigrationColumns =
    "name, plan_hash, plan_text, status, current_phase, run_by, started_at_ms, updated_at_ms";
constexpr const char* kCheckpointColumns =
    "table_name, range_index, paging, range_from, range_to, last_key, rows_done, rows_scanned, "
    "done";

CheckpointRecord checkpoint_from(const db::Row& row) {
  CheckpointRecord record;
  record.table = text(row[0]);
  record.range_index = static_cast<int>(to_long(row[1]));
  record.paging = text(row[2]);
  record.range_from = to_optional_long(row[3]);
  record.range_to = to_optional_long(row[4]);
  record.last_key = row[5];
  record.rows_done = to_long(row[6]);
  record.rows_scanned = to_long(row[7]);
  record.done = to_long(row[8]) != 0;
  return record;
}

constexpr const char* kPhaseColumns =
    "phase, status, started_at_ms, finished_at_ms, steps_done, progress, rollback_point";

}  // namespace

long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

StateStore::StateStore(db::Connection& connection, const db::Dialect& dialect)
    : connection_(connection), dialect_(dialect) {}

std::string StateStore::sql(const std::string& text) const {
  return number_markers(dialect_, text);
}

void StateStore::ensure_tables() {
  for (const auto& statement : dialect_.create_state_namespace())
    connection_.execute(statement);
  const std::string long_text = dialect_.long_text_type();
  connection_.execute("CREATE TABLE IF NOT EXISTS " + table("migrations") +
                      " (name varchar(63) NOT NULL PRIMARY KEY,"
                      " plan_hash varchar(64) NOT NULL, plan_text " +
                      long_text +
                      " NOT NULL, status varchar(32) NOT NULL, current_phase varchar(32),"
                      " run_by varchar(255) NOT NULL, started_at_ms bigint NOT NULL,"
                      " updated_at_ms bigint NOT NULL)");
  connection_.execute("CREATE TABLE IF NOT EXISTS " + table("phases") +
                      " (migration varchar(63) NOT NULL, phase varchar(32) NOT NULL,"
                      " status varchar(32) NOT NULL, started_at_ms bigint NOT NULL,"
                      " finished_at_ms bigint, steps_done integer NOT NULL, progress " +
                      long_text + ", rollback_point " + long_text +
                      ", PRIMARY KEY (migration, phase))");
  connection_.execute("CREATE TABLE IF NOT EXISTS " + table("checkpoints") +
                      " (migration varchar(63) NOT NULL, table_name varchar(63) NOT NULL,"
                      " range_index integer NOT NULL, paging " +
                      long_text + " NOT NULL, range_from bigint, range_to bigint, last_key " +
                      long_text +
                      ", rows_done bigint NOT NULL, rows_scanned bigint NOT NULL,"
                      " done integer NOT NULL, PRIMARY KEY (migration, table_name, range_index))");
  connection_.execute("CREATE TABLE IF NOT EXISTS " + table("events") + " (" +
                      dialect_.identity_column("id") +
                      ", migration varchar(63) NOT NULL, at_ms bigint NOT NULL,"
                      " phase varchar(32) NOT NULL, kind varchar(64) NOT NULL, message " +
                      long_text + " NOT NULL, fields " + long_text + ")");
}

bool StateStore::tables_exist() {
  try {
    connection_.query("SELECT 1 FROM " + table("migrations") + " WHERE 1 = 0");
    return true;
  } catch (const db::DbError&) {
    return false;
  }
}

std::optional<MigrationRecord> StateStore::migration(const std::string& name) {
  const auto rows = connection_.query(sql(std::string("SELECT ") + kMigrationColumns + " FROM " +
                                          table("migrations") + " WHERE name = ?"),
                                      {name});
  if (rows.empty())
    return std::nullopt;
  return migration_from(rows.front());
}

std::vector<MigrationRecord> StateStore::migrations() {
  std::vector<MigrationRecord> out;
  for (const auto& row : connection_.query(std::string("SELECT ") + kMigrationColumns + " FROM " +
                                           table("migrations") + " ORDER BY started_at_ms, name"))
    out.push_back(migration_from(row));
  return out;
}

void StateStore::insert_migration(const MigrationRecord& r) {
  connection_.run(sql("INSERT INTO " + table("migrations") + " (" + kMigrationColumns +
                      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                  {r.name, r.plan_hash, r.plan_text, r.status, r.current_phase, r.run_by,
                   std::to_string(r.started_at_ms), std::to_string(r.updated_at_ms)});
}

void StateStore::update_migration(const std::string& name, const std::string& status,
                                  const std::string& current_phase, const std::string& run_by) {
  if (run_by.empty()) {
    connection_.run(sql("UPDATE " + table("migrations") +
                        " SET status = ?, current_phase = ?, updated_at_ms = ? WHERE name = ?"),
                    {status, current_phase, std::to_string(now_ms()), name});
    return;
  }
  connection_.run(sql("UPDATE " + table("migrations") +
                      " SET status = ?, current_phase = ?, run_by = ?, updated_at_ms = ?"
                      " WHERE name = ?"),
                  {status, current_phase, run_by, std::to_string(now_ms()), name});
}

void StateStore::replace_plan(const std::string& name, const std::string& plan_hash,
                              const std::string& plan_text) {
  connection_.run(sql("UPDATE " + table("migrations") +
                      " SET plan_hash = ?, plan_text = ?, updated_at_ms = ? WHERE name = ?"),
                  {plan_hash, plan_text, std::to_string(now_ms()), name});
}

std::vector<PhaseRecord> StateStore::phases(const std::string& migration) {
  std::vector<PhaseRecord> out;
  for (const auto& row :
       connection_.query(sql(std::string("SELECT ") + kPhaseColumns + " FROM " + table("phases") +
                             " WHERE migration = ? ORDER BY started_at_ms"),
                         {migration}))
    out.push_back(phase_from(row));
  return out;
}

std::optional<PhaseRecord> StateStore::phase(const std::string& migration,
                                             const std::string& phase) {
  const auto rows = connection_.query(sql(std::string("SELECT ") + kPhaseColumns + " FROM " +
                                          table("phases") + " WHERE migration = ? AND phase = ?"),
                                      {migration, phase});
  if (rows.empty())
    return std::nullopt;
  return phase_from(rows.front());
}

void StateStore::upsert_phase(const std::string& migration, const PhaseRecord& r) {
  const db::Result updated = connection_.run(
      sql("UPDATE " + table("phases") +
          " SET status = ?, started_at_ms = ?, finished_at_ms = ?, steps_done = ?,"
          " progress = ?, rollback_point = ? WHERE migration = ? AND phase = ?"),
      {r.status, std::to_string(r.started_at_ms), optional_value(r.finished_at_ms),
       std::to_string(r.steps_done), r.progress, r.rollback_point, migration, r.phase});
  if (updated.affected_rows > 0)
    return;
  // MySQL counts only changed rows: an identical update reports 0, so check before inserting.
  if (phase(migration, r.phase))
    return;
  connection_.run(sql("INSERT INTO " + table("phases") + " (migration, " + kPhaseColumns +
                      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                  {migration, r.phase, r.status, std::to_string(r.started_at_ms),
                   optional_value(r.finished_at_ms), std::to_string(r.steps_done), r.progress,
                   r.rollback_point});
}

void StateStore::delete_phases(const std::string& migration) {
  connection_.run(sql("DELETE FROM " + table("phases") + " WHERE migration = ?"), {migration});
}

std::vector<CheckpointRecord> StateStore::checkpoints(const std::string& migration,
                                                      const std::string& table_name) {
  std::vector<CheckpointRecord> out;
  for (const auto& row : connection_.query(
           sql(std::string("SELECT ") + kCheckpointColumns + " FROM " + table("checkpoints") +
               " WHERE migration = ? AND table_name = ? ORDER BY range_index"),
           {migration, table_name}))
    out.push_back(checkpoint_from(row));
  return out;
}

std::vector<std::string> StateStore::checkpointed_tables(const std::string& migration) {
  std::vector<std::string> out;
  for (const auto& row :
       connection_.query(sql("SELECT DISTINCT table_name FROM " + table("checkpoints") +
                             " WHERE migration = ? ORDER BY table_name"),
                         {migration}))
    out.push_back(text(row[0]));
  return out;
}

void StateStore::insert_checkpoints(const std::string& migration,
                                    const std::vector<CheckpointRecord>& ranges) {
  for (const auto& c : ranges) {
    connection_.run(
        sql("INSERT INTO " + table("checkpoints") + " (migration, " + kCheckpointColumns +
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {migration, c.table, std::to_string(c.range_index), c.paging, optional_value(c.range_from),
         optional_value(c.range_to), c.last_key, std::to_string(c.rows_done),
         std::to_string(c.rows_scanned), c.done ? "1" : "0"});
  }
}

void StateStore::save_checkpoint(const std::string& migration, const CheckpointRecord& c) {
  connection_.run(sql("UPDATE " + table("checkpoints") +
                      " SET last_key = ?, rows_done = ?, rows_scanned = ?, done = ?"
                      " WHERE migration = ? AND table_name = ? AND range_index = ?"),
                  {c.last_key, std::to_string(c.rows_done), std::to_string(c.rows_scanned),
                   c.done ? "1" : "0", migration, c.table, std::to_string(c.range_index)});
}

void StateStore::delete_checkpoints(const std::string& migration) {
  connection_.run(sql("DELETE FROM " + table("checkpoints") + " WHERE migration = ?"), {migration});
}

void StateStore::delete_checkpoints(const std::string& migration, const std::string& table_name) {
  connection_.run(
      sql("DELETE FROM " + table("checkpoints") + " WHERE migration = ? AND table_name = ?"),
      {migration, table_name});
}

void StateStore::append_event(const std::string& migration, const EventRecord& e,
                              const std::string& fields_json) {
  connection_.run(
      sql("INSERT INTO " + table("events") +
          " (migration, at_ms, phase, kind, message, fields) VALUES (?, ?, ?, ?, ?, ?)"),
      {migration, std::to_string(e.at_ms), e.phase, e.kind, e.message, fields_json});
}

std::vector<EventRecord> StateStore::last_events(const std::string& migration, int count) {
  std::vector<EventRecord> out;
  const auto rows =
      connection_.query(sql("SELECT at_ms, phase, kind, message FROM " + table("events") +
                            " WHERE migration = ? ORDER BY id DESC LIMIT " + std::to_string(count)),
                        {migration});
  for (auto it = rows.rbegin(); it != rows.rend(); ++it)
    out.push_back({to_long((*it)[0]), text((*it)[1]), text((*it)[2]), text((*it)[3])});
  return out;
}

}  // namespace zdm::engine
