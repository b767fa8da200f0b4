#pragma once
// zdm's own tables in the target database: migrations, phases (with their rollback points),
// backfill checkpoints and the append-only event log. PostgreSQL keeps them in the state
// schema ("zdm"."migrations"); MySQL in the database with a prefix (`zdm_migrations`).
// Times are milliseconds since the epoch, taken on the host that runs zdm.

#include <optional>
#include <string>
#include <vector>

#include "zdm/db/connection.hpp"
#include "zdm/db/dialect.hpp"

namespace zdm::engine {

struct MigrationRecord {
  std::string name;
  std::string plan_hash;
  std::string plan_text;  // as written, with any literal password removed
  std::string status;     // running, failed, interrupted, gate_failed, completed, rolled_back
  std::string current_phase;
  std::string run_by;  // user@host pid N
  long long started_at_ms = 0;
  long long updated_at_ms = 0;
};

struct PhaseRecord {
  std::string phase;
  std::string status;  // running, done, failed, rolled_back
  long long started_at_ms = 0;
  std::optional<long long> finished_at_ms;
  int steps_done = 0;
  std::string progress;        // JSON the phase keeps for itself (ramp stage, ...)
  std::string rollback_point;  // JSON (engine/rollback_point.hpp); empty before it is written
};

// One range of one table's backfill (threads: N gives N ranges; else one, unbounded).
struct CheckpointRecord {
  std::string table;
  int range_index = 0;
  // How the table is paged, fixed when the backfill starts so that a resume reads the
  // cursor the same way: JSON {"paging": "keyset", "key": [...]} or {"paging": "pages",
  // "file": the table's file when the sweep started}.
  std::string paging;
  std::optional<long long> range_from;  // the range (backfill/key_ranges.hpp); none: open
  std::optional<long long> range_to;
  std::optional<std::string> last_key;  // JSON array: the cursor; none before chunk 1
  long long rows_done = 0;              // rows the UPDATEs changed
  long long rows_scanned = 0;           // rows the committed chunks spanned
  bool done = false;
};

struct EventRecord {
  long long at_ms = 0;
  std::string phase;
  std::string kind;
  std::string message;
};

long long now_ms();

class StateStore {
 public:
  StateStore(db::Connection& connection, const db::Dialect& dialect);

  // Creates the state schema and tables when missing (idempotent).
  void ensure_tables();
  // False when zdm never ran against this database (no state tables): read-only commands
  // then say so instead of creating anything.
  bool tables_exist();

  std::optional<MigrationRecord> migration(const std::string& name);
  std::vector<MigrationRecord> migrations();
  void insert_migration(const MigrationRecord& record);
  void update_migration(const std::string& name, const std::string& status,
                        const std::string& current_phase, const std::string& run_by = {});
  // Replaces the recorded plan (after a reset of a finished migration).
  void replace_plan(const std::string& name, const std::string& plan_hash,
                    const std::string& plan_text);

  std::vector<PhaseRecord> phases(const std::string& migration);
  std::optional<PhaseRecord> phase(const std::string& migration, const std::string& phase);
  void upsert_phase(const std::string& migration, const PhaseRecord& record);
  void delete_phases(const std::string& migration);

  // The table's ranges in range order; empty before its backfill started.
  std::vector<CheckpointRecord> checkpoints(const std::string& migration, const std::string& table);
  // Every table with a checkpoint, in name order.
  std::vector<std::string> checkpointed_tables(const std::string& migration);
  // Records the ranges a backfill starts with (in one transaction, by the caller).
  void insert_checkpoints(const std::string& migration,
                          const std::vector<CheckpointRecord>& ranges);
  // Moves one range's cursor. Written on the caller's connection (a range's own), inside
  // the transaction of the chunk it records.
  void save_checkpoint(const std::string& migration, const CheckpointRecord& checkpoint);
  void delete_checkpoints(const std::string& migration);
  void delete_checkpoints(const std::string& migration, const std::string& table);

  void append_event(const std::string& migration, const EventRecord& event,
                    const std::string& fields_json);
  std::vector<EventRecord> last_events(const std::string& migration, int count);

  db::Connection& connection() { return connection_; }
  const db::Dialect& dialect() const { return dialect_; }

 private:
  std::string sql(const std::string& text) const;  // ? markers -> the dialect's placeholders
  std::string table(const std::string& name) const { return dialect_.state_table(name); }

  db::Connection& connection_;
  const db::Dialect& dialect_;
};

}  // namespace zdm::engine
