# shellcheck shell=bash
# PostgreSQL scenarios of bench/run.sh. Each one starts from a fresh copy of the template
# table (CREATE DATABASE … TEMPLATE, a file copy) and a CHECKPOINT, so that runs do not
# inherit each other's dead rows or dirty pages.
#
# Needs ZDM_TEST_PG_DSN (scripts/lib/servers.sh) and the globals of lib/common.sh, plus
# BENCH_DIR, BENCH_ROWS, BENCH_PG_PLAN, BENCH_PG_PLAN_THROTTLED, BENCH_PG_PLAN_PAUSING,
# BENCH_PG_PLAN_TURNS, BENCH_PACED_RATE.

BENCH_PG_BIN=${BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}
BENCH_PG_DB=bench_run

# libpq's environment from the DSN: the password stays off every command line.
pg_bench_setup() {
  local re='^postgresql://([^:]+):([^@]+)@([^:/]+):([0-9]+)/'
  [[ "$ZDM_TEST_PG_DSN" =~ $re ]] || bench_die "cannot read ZDM_TEST_PG_DSN"
  export PGUSER=${BASH_REMATCH[1]} PGPASSWORD=${BASH_REMATCH[2]}
  export PGHOST=${BASH_REMATCH[3]} PGPORT=${BASH_REMATCH[4]}
  BENCH_PG_DSN=${ZDM_TEST_PG_DSN%/*}/$BENCH_PG_DB
}

pg_psql() {
  local database=$1
  shift
  "$BENCH_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$database" "$@"
}

pg_template_name() {
  printf 'bench_tpl_%s\n' "$1"
}

# The users table with ROWS rows, once per bench run: (id, email, updated_at), as the tests'
# users table plus the updated_at that the workload writes. VACUUM sets the visibility
# map, as on a table that has been live for a while; it can only once the INSERT's commit
# is on disk (synchronous_commit is off on the test server): hence the CHECKPOINT.
pg_make_template() {
  local rows=$1 database
  database=$(pg_template_name "$rows")
  bench_log "PostgreSQL: loading $rows rows into $database"
  pg_psql postgres -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database" &&
    pg_psql "$database" <<SQL
CREATE TABLE users (
  id bigint PRIMARY KEY,
  email varchar(255) NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO users (id, email) SELECT g, 'user' || g || '@example.com' FROM generate_series(1, $rows) AS g;
CHECKPOINT;
VACUUM (ANALYZE) users;
SQL
  [[ "$(pg_psql "$database" -Atc "SELECT relallvisible >= relpages FROM pg_class WHERE oid = 'users'::regclass")" == t ]] ||
    bench_log "PostgreSQL: VACUUM did not set the visibility map of $database.users"
}

pg_fresh() {
  local rows=${1:-$BENCH_ROWS}
  pg_psql postgres -c "DROP DATABASE IF EXISTS $BENCH_PG_DB WITH (FORCE)" \
    -c "CREATE DATABASE $BENCH_PG_DB TEMPLATE $(pg_template_name "$rows") STRATEGY FILE_COPY" \
    -c "CHECKPOINT"
}

pg_drop_all() {
  local rows
  pg_psql postgres -c "DROP DATABASE IF EXISTS $BENCH_PG_DB WITH (FORCE)" || true
  for rows in "$@"; do
    pg_psql postgres -c "DROP DATABASE IF EXISTS $(pg_template_name "$rows")" || true
  done
}

# The physical limit: one ADD COLUMN and one UPDATE of every row, each its own transaction.
pg_oneshot() {
  pg_psql "$BENCH_PG_DB" -c "ALTER TABLE users ADD COLUMN email_address varchar(255)" \
    -c "UPDATE users SET email_address = email"
}

# pg_keyset_loop_sql COLUMN BATCH [BEFORE_BATCH] [AFTER_BATCH] [AT_END]: the DO block of the
# server-side loops: users in keyset batches of BATCH rows, COLUMN set from email, a COMMIT
# after each batch. The PL/pgSQL in BEFORE_BATCH and AFTER_BATCH runs around each batch
# (pacing, turns), AT_END once the table is done; `started` is theirs to use.
pg_keyset_loop_sql() {
  local column=$1 batch=$2 before=${3:-} after=${4:-} at_end=${5:-}
  cat <<SQL
DO \$\$
DECLARE
  low bigint := 0;
  high bigint;
  started timestamptz;
BEGIN
  LOOP
$before
    SELECT max(id) INTO high FROM (SELECT id FROM users WHERE id > low ORDER BY id LIMIT $batch) AS batch;
    EXIT WHEN high IS NULL;
    UPDATE users SET $column = email WHERE id > low AND id <= high;
    COMMIT;
    low := high;
$after
  END LOOP;
$at_end
END
\$\$;
SQL
}

# What a careful operator writes by hand: keyset batches of 1000 rows, a COMMIT after each.
pg_loop() {
  pg_keyset_loop_sql email_address 1000 |
    pg_psql "$BENCH_PG_DB" -c "ALTER TABLE users ADD COLUMN email_address varchar(255)" -f -
}

# The same loop paced at RATE rows a second the way zdm's max_rows_per_second paces its
# chunks (a tenth of a second's rows, then a sleep for the rest of the 100 ms): what a
# throttled backfill costs the workload when nothing but the rows is spent.
pg_loop_paced() {
  local rate=$1
  pg_keyset_loop_sql email_address $((rate / 10)) "    started := clock_timestamp();" \
    "    PERFORM pg_sleep(greatest(0, 0.1 - extract(epoch FROM clock_timestamp() - started)));" |
    pg_psql "$BENCH_PG_DB" -c "ALTER TABLE users ADD COLUMN email_address varchar(255)" -f -
}

# The 1000-row loop again, on a column of its own (email_copy, added with bench_turn before
# the workload starts), taking turns with zdm: it waits while bench_turn.paused is true, and
# says when it stops and starts working (NOTICE "loop paused|working|done <epoch µs>",
# after the last batch's COMMIT and before the next batch). It commits while it waits, so
# that it holds back no VACUUM or HOT pruning of the workload's dead rows.
pg_loop_prepare_turns() {
  pg_psql "$BENCH_PG_DB" -c "ALTER TABLE users ADD COLUMN email_copy varchar(255)" \
    -c "CREATE TABLE bench_turn (paused boolean NOT NULL)" -c "INSERT INTO bench_turn VALUES (true)"
}

pg_loop_in_turns() {
  local now="(extract(epoch FROM clock_timestamp()) * 1e6)::bigint"
  pg_keyset_loop_sql email_copy 1000 "    IF (SELECT paused FROM bench_turn) THEN
      RAISE NOTICE 'loop paused %', $now;
      WHILE (SELECT paused FROM bench_turn) LOOP
        COMMIT;
        PERFORM pg_sleep(0.02);
      END LOOP;
      RAISE NOTICE 'loop working %', $now;
    END IF;" "" "  RAISE NOTICE 'loop done %', $now;" | pg_psql "$BENCH_PG_DB" -f -
}

pg_loop_turn() {
  pg_psql "$BENCH_PG_DB" -c "UPDATE bench_turn SET paused = $1"
}

# --- the workload: pgbench with workload/pg-users.sql -------------------------------------

pg_workload_start() {
  local dir=$1
  (cd "$dir" && exec "$BENCH_PG_BIN/pgbench" -n -M prepared -c "$BENCH_CLIENTS" -j 2 -T 86400 \
    -D rows="$BENCH_ROWS" -f "$BENCH_DIR/workload/pg-users.sql" --log --log-prefix=tx \
    "$BENCH_PG_DB" >pgbench.out 2>pgbench.err) &
  BENCH_PG_WORKLOAD_PID=$!
}

# pgbench has no clean stop before -T: SIGTERM. Its log is written as it goes, so what a
# stop cuts off is the last few milliseconds, after the window.
pg_workload_stop() {
  kill -TERM "$BENCH_PG_WORKLOAD_PID" 2>/dev/null || true
  wait "$BENCH_PG_WORKLOAD_PID" 2>/dev/null || true
}

# A client that hits an error other than a serialization failure or deadlock is aborted
# by pgbench: each counts as a failed transaction.
pg_workload_stats() {
  local dir=$1 windows=$2 stats aborted failed
  stats=$(python3 "$BENCH_LIB/workload_stats.py" --format pgbench --windows "$windows" \
    "$dir"/tx.*) || return 1
  aborted=$(grep -c '^pgbench: error: client [0-9]* .*aborted' "$dir/pgbench.err" || true)
  if ((aborted > 0)); then
    bench_log "pgbench: $aborted client(s) aborted"
    bench_show_tail "$dir/pgbench.err"
    failed=${stats##*failed=}
    failed=${failed%% *}
    stats=${stats/failed=$failed/failed=$((failed + aborted))}
  fi
  printf '%s\n' "$stats"
}

# --- scenarios ----------------------------------------------------------------------------

pg_scenario_oneshot() {
  bench_log "PostgreSQL: one-shot ADD COLUMN + UPDATE"
  pg_fresh && bench_timed "$BENCH_WORK/pg-oneshot.log" pg_oneshot &&
    bench_result pg.oneshot.s "$BENCH_SECONDS" && bench_log "one-shot: ${BENCH_SECONDS}s"
}

pg_scenario_loop() {
  bench_log "PostgreSQL: keyset loop of 1000-row batches"
  pg_fresh && bench_timed "$BENCH_WORK/pg-loop.log" pg_loop &&
    bench_result pg.loop.s "$BENCH_SECONDS" && bench_log "loop: ${BENCH_SECONDS}s"
}

pg_scenario_zdm() {
  bench_log "PostgreSQL: zdm apply"
  pg_fresh && bench_zdm_apply pg.zdm "$BENCH_PG_PLAN" "$BENCH_PG_DSN"
}

pg_scenario_workload_oneshot() {
  bench_log "PostgreSQL: workload beside the one-shot UPDATE"
  pg_fresh && bench_beside_workload pg oneshot bench_timed "$BENCH_WORK/pg-w-oneshot.log" pg_oneshot
}

pg_scenario_workload_loop() {
  bench_log "PostgreSQL: workload beside the 1000-row loop"
  pg_fresh && bench_beside_workload pg loop bench_timed "$BENCH_WORK/pg-w-loop.log" pg_loop
}

pg_scenario_workload_zdm() {
  bench_log "PostgreSQL: workload beside zdm apply"
  pg_fresh && bench_beside_workload pg zdm bench_zdm_apply pg.zdm_w "$BENCH_PG_PLAN" "$BENCH_PG_DSN"
}

pg_scenario_workload_zdm_throttled() {
  bench_log "PostgreSQL: workload beside zdm apply, throttled"
  pg_fresh && bench_beside_workload pg zdm_thr bench_zdm_apply pg.zdm_thr_w \
    "$BENCH_PG_PLAN_THROTTLED" "$BENCH_PG_DSN"
}

pg_scenario_workload_loop_paced() {
  bench_log "PostgreSQL: workload beside the loop paced at $BENCH_PACED_RATE rows/s"
  pg_fresh && bench_beside_workload pg loop_paced bench_timed \
    "$BENCH_WORK/pg-w-loop-paced.log" pg_loop_paced "$BENCH_PACED_RATE"
}

# The throttled run again, paused and resumed by its pause file every few seconds: the
# workload's TPS while zdm works against its TPS while zdm stands paused, in turns all
# through the same run.
pg_scenario_workload_zdm_pausing() {
  bench_log "PostgreSQL: workload beside zdm apply, throttled, paused every other ${BENCH_TURN_SECONDS}s"
  pg_fresh && bench_beside_zdm_pausing pg zdm_turns pg.zdm_turns_w "$BENCH_PG_PLAN_PAUSING" \
    "$BENCH_PG_DSN"
}

# zdm (unthrottled) and the 1000-row loop in turns of a second beside the same workload,
# on the same table: the workload's TPS while zdm works against its TPS while the loop works.
pg_scenario_workload_zdm_loop_turns() {
  bench_log "PostgreSQL: workload beside zdm apply and the 1000-row loop, in turns of 1s"
  pg_fresh && pg_loop_prepare_turns && bench_zdm_and_loop_in_turns pg zdm_loop pg.zdm_loop_w \
    "$BENCH_PG_PLAN_TURNS" "$BENCH_PG_DSN"
}

# --large: the same zdm run on the small table, for the peak-RSS comparison.
pg_scenario_zdm_small() {
  bench_log "PostgreSQL: zdm apply on $BENCH_SMALL_ROWS rows (RSS check)"
  pg_fresh "$BENCH_SMALL_ROWS" && bench_zdm_apply pg.zdm_small "$BENCH_PG_PLAN" "$BENCH_PG_DSN"
}
