# shellcheck shell=bash
# --profile: where zdm's backfill time goes, measured apart from the timed runs (statement
# logging slows every statement down a little).
#   - one zdm run per server with every statement logged (PostgreSQL:
#     log_min_duration_statement = 0 on the bench database; MariaDB: the slow log with
#     long_query_time = 0), summed by kind: chunk UPDATE, chunk-end lookup, checkpoint, …
#   - MariaDB: InnoDB's in-place UPDATE of the new column against the copy pt-osc makes,
#     with the server's CPU time, redo written, page reorganizations and page splits.
# Reads the servers' folders that scripts/lib/servers.sh keeps (ZDM__PG_DIR, ZDM__MARIADB_DIR).

profile_pg() {
  local log=$ZDM__PG_DIR/postgres.log offset
  pg_fresh >&2 || return 1
  pg_psql postgres -c "ALTER DATABASE $BENCH_PG_DB SET log_min_duration_statement = 0" || return 1
  offset=$(stat -c %s "$log")
  bench_zdm_apply pg.profile "$BENCH_PG_PLAN" "$BENCH_PG_DSN" || return 1
  pg_psql postgres -c "ALTER DATABASE $BENCH_PG_DB RESET log_min_duration_statement" || return 1
  python3 "$BENCH_LIB/profile.py" pglog "$log" "$offset" "$BENCH_SECONDS"
}

profile_my() {
  local log=$ZDM__MARIADB_DIR/tmp/bench-slow.log
  my_fresh >&2 || return 1
  my_sql -e "SET GLOBAL slow_query_log_file = '$log'; SET GLOBAL long_query_time = 0; SET GLOBAL slow_query_log = 1" || return 1
  bench_zdm_apply my.profile "$BENCH_MY_PLAN" "$BENCH_MY_DSN" || return 1
  my_sql -e "SET GLOBAL slow_query_log = 0; SET GLOBAL long_query_time = 10" || return 1
  python3 "$BENCH_LIB/profile.py" slowlog "$log" "$BENCH_SECONDS"
}

# mariadbd's CPU time (user + system) in clock ticks.
my_cpu_ticks() {
  local stat
  stat=$(cat "/proc/$ZDM__MARIADB_PID/stat")
  stat=${stat##*) }
  # shellcheck disable=SC2086 # split the fields on purpose
  set -- $stat
  echo $((${12} + ${13}))
}

my_innodb_counters() {
  printf '%s %s %s %s\n' "$(my_cpu_ticks)" "$(my_status INNODB_LSN_CURRENT)" \
    "$(my_sql -e "SELECT COUNT FROM information_schema.INNODB_METRICS WHERE NAME = 'index_page_reorg_attempts'")" \
    "$(my_sql -e "SELECT COUNT FROM information_schema.INNODB_METRICS WHERE NAME = 'index_page_splits'")"
}

# Runs SQL on the bench database; prints one Markdown row with its cost.
my_measure() {
  local label=$1 sql=$2 before after from to tick
  tick=$(getconf CLK_TCK)
  read -ra before < <(my_innodb_counters)
  from=$(bench_now_us)
  my_sql -D "$BENCH_MY_DB" -e "$sql" || return 1
  to=$(bench_now_us)
  read -ra after < <(my_innodb_counters)
  printf '| %s | %s s | %s s | %s MB | %s | %s |\n' "$label" "$(bench_seconds "$from" "$to")" \
    "$(awk -v t=$((after[0] - before[0])) -v hz="$tick" 'BEGIN {printf "%.2f", t / hz}')" \
    "$(((after[1] - before[1]) / 1048576))" "$((after[2] - before[2]))" "$((after[3] - before[3]))"
}

profile_innodb() {
  my_sql -e "SET GLOBAL innodb_monitor_enable = 'index_page_reorg_attempts'; SET GLOBAL innodb_monitor_enable = 'index_page_splits'" || return 1
  echo
  echo "### MariaDB: where the time of an in-place backfill goes ($BENCH_ROWS rows, one statement each)"
  echo
  echo "| operation | wall | mariadbd CPU | redo written | page reorganizations | page splits |"
  echo "| --- | --- | --- | --- | --- | --- |"
  my_fresh >&2 || return 1
  my_sql -D "$BENCH_MY_DB" -e "CREATE TABLE users_copy LIKE users; ALTER TABLE users_copy CHANGE COLUMN email email_address varchar(255) NOT NULL" || return 1
  my_measure "pt-osc's work: INSERT INTO copy SELECT … FROM users (the rows in key order)" \
    "INSERT INTO users_copy (id, email_address, updated_at) SELECT id, email, updated_at FROM users" || return 1
  my_measure "zdm's expand: ADD COLUMN email_address (ALGORITHM=INSTANT)" \
    "ALTER TABLE users ADD COLUMN email_address varchar(255), ALGORITHM=INSTANT" || return 1
  my_measure "one-shot UPDATE users SET email_address = email (each row grows)" \
    "UPDATE users SET email_address = email" || return 1
  my_measure "UPDATE of a fixed-size column (rows do not grow): SET updated_at = updated_at + INTERVAL 1 SECOND" \
    "UPDATE users SET updated_at = updated_at + INTERVAL 1 SECOND" || return 1
  my_measure "online rebuild: ALTER TABLE users FORCE, ALGORITHM=INPLACE, LOCK=NONE" \
    "ALTER TABLE users FORCE, ALGORITHM=INPLACE, LOCK=NONE" || return 1
}

bench_profile() {
  local server
  # shellcheck disable=SC2034 # read by bench_result (lib/common.sh)
  BENCH_REPEAT=profile
  echo
  echo "### Where zdm's time goes ($BENCH_ROWS rows, every statement logged: slower than the timed runs)"
  echo
  echo "| server | statements | count | total | each | share of zdm's wall time |"
  echo "| --- | --- | --- | --- | --- | --- |"
  for server in "$@"; do
    "profile_$server" || bench_die "--profile failed on $server"
  done
  if [[ " $* " == *" my "* ]]; then
    profile_innodb || bench_die "--profile failed (InnoDB counters)"
  fi
}
