# shellcheck shell=bash
# MariaDB scenarios of bench/run.sh. Each one starts from a fresh copy of the template
# table (CREATE TABLE … LIKE + INSERT … SELECT) whose pages InnoDB has written to disk
# (FLUSH TABLES … FOR EXPORT), so that runs do not inherit each other's work.
#
# Needs ZDM_TEST_MYSQL_DSN and ZDM_TEST_MYSQL_DEFAULTS_FILE (scripts/lib/servers.sh) and
# the globals of lib/common.sh, plus BENCH_DIR, BENCH_ROWS, BENCH_MY_PLAN,
# BENCH_MY_PLAN_GIVING_WAY.

BENCH_MY_DB=bench_run

my_bench_setup() {
  local re='^mysql://([^:]+):([^@]+)@([^:/]+):([0-9]+)/'
  [[ "$ZDM_TEST_MYSQL_DSN" =~ $re ]] || bench_die "cannot read ZDM_TEST_MYSQL_DSN"
  BENCH_MY_DSN=${ZDM_TEST_MYSQL_DSN%/*}/$BENCH_MY_DB
  # sysbench takes the password from a file rather than from its command line.
  (
    umask 077
    printf 'db-driver=mysql\nmysql-host=%s\nmysql-port=%s\nmysql-user=%s\nmysql-password=%s\nmysql-db=%s\n' \
      "${BASH_REMATCH[3]}" "${BASH_REMATCH[4]}" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" \
      "$BENCH_MY_DB" >"$BENCH_WORK/sysbench.cfg"
  )
}

my_sql() {
  mariadb --defaults-file="$ZDM_TEST_MYSQL_DEFAULTS_FILE" --batch --skip-column-names "$@"
}

my_status() {
  my_sql -e "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = '$1'"
}

my_template_name() {
  printf 'bench_tpl_%s\n' "$1"
}

# The same users table as on PostgreSQL, loaded from the Sequence engine.
my_make_template() {
  local rows=$1 database
  database=$(my_template_name "$rows")
  bench_log "MariaDB: loading $rows rows into $database"
  my_sql <<SQL
DROP DATABASE IF EXISTS $database;
CREATE DATABASE $database;
CREATE TABLE $database.users (
  id bigint NOT NULL PRIMARY KEY,
  email varchar(255) NOT NULL,
  updated_at timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB;
INSERT INTO $database.users (id, email) SELECT seq, CONCAT('user', seq, '@example.com') FROM seq_1_to_$rows;
SQL
}

my_fresh() {
  local rows=${1:-$BENCH_ROWS} template
  template=$(my_template_name "$rows")
  my_sql >/dev/null <<SQL
DROP DATABASE IF EXISTS $BENCH_MY_DB;
CREATE DATABASE $BENCH_MY_DB;
CREATE TABLE $BENCH_MY_DB.users LIKE $template.users;
INSERT INTO $BENCH_MY_DB.users SELECT * FROM $template.users;
ANALYZE TABLE $BENCH_MY_DB.users;
FLUSH TABLES $BENCH_MY_DB.users FOR EXPORT;
UNLOCK TABLES;
SQL
}

my_drop_all() {
  local rows
  my_sql -e "DROP DATABASE IF EXISTS $BENCH_MY_DB" || true
  for rows in "$@"; do
    my_sql -e "DROP DATABASE IF EXISTS $(my_template_name "$rows")" || true
  done
}

# The baseline: pt-online-schema-change renames the column the way it does everything,
# by copying the table into a new one (kept in step by triggers) and swapping the two.
my_ptosc() {
  pt-online-schema-change --alter "CHANGE COLUMN email email_address varchar(255) NOT NULL" \
    --execute --no-check-alter --no-check-replication-filters --recursion-method=none \
    "F=$ZDM_TEST_MYSQL_DEFAULTS_FILE,D=$BENCH_MY_DB,t=users"
}

# --- the workload: sysbench with workload/mariadb-users.lua --------------------------------

my_workload_start() {
  local dir=$1
  (cd "$dir" && BENCH_ROWS=$BENCH_ROWS BENCH_LOG=$dir/tx BENCH_STOP=$dir/stop \
    exec sysbench "$BENCH_DIR/workload/mariadb-users.lua" --config-file="$BENCH_WORK/sysbench.cfg" \
    --threads="$BENCH_CLIENTS" --time=0 --events=0 run >sysbench.out 2>&1) &
  BENCH_MY_WORKLOAD_PID=$!
}

# The script stops each thread cleanly once the stop file exists.
my_workload_stop() {
  local dir=$1 deadline=$((SECONDS + 10))
  touch "$dir/stop"
  while kill -0 "$BENCH_MY_WORKLOAD_PID" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 0.1
  done
  kill -TERM "$BENCH_MY_WORKLOAD_PID" 2>/dev/null || true
  wait "$BENCH_MY_WORKLOAD_PID" 2>/dev/null || true
}

my_workload_stats() {
  local dir=$1 windows=$2
  if ! compgen -G "$dir/tx.*" >/dev/null; then
    bench_log "sysbench wrote no transaction log"
    bench_show_tail "$dir/sysbench.out"
    return 1
  fi
  python3 "$BENCH_LIB/workload_stats.py" --format sysbench --windows "$windows" "$dir"/tx.*
}

# --- scenarios ----------------------------------------------------------------------------

my_scenario_ptosc() {
  bench_log "MariaDB: pt-online-schema-change"
  my_fresh && bench_timed "$BENCH_WORK/my-ptosc-$BENCH_REPEAT.log" my_ptosc &&
    bench_result my.ptosc.s "$BENCH_SECONDS" && bench_log "pt-osc: ${BENCH_SECONDS}s"
}

my_scenario_zdm() {
  bench_log "MariaDB: zdm apply"
  my_fresh && bench_zdm_apply my.zdm "$BENCH_MY_PLAN" "$BENCH_MY_DSN"
}

my_scenario_workload_ptosc() {
  bench_log "MariaDB: workload beside pt-online-schema-change"
  my_fresh && bench_beside_workload my ptosc bench_timed "$BENCH_WORK/my-w-ptosc-$BENCH_REPEAT.log" my_ptosc
}

my_scenario_workload_zdm() {
  bench_log "MariaDB: workload beside zdm apply"
  my_fresh && bench_beside_workload my zdm bench_zdm_apply my.zdm_w "$BENCH_MY_PLAN" "$BENCH_MY_DSN"
}

# The plan with its default contended_target_time: chunks shrink while the workload waits.
my_scenario_workload_zdm_giving_way() {
  bench_log "MariaDB: workload beside zdm apply, chunks giving way"
  my_fresh && bench_beside_workload my zdm_gw bench_zdm_apply my.zdm_gw_w \
    "$BENCH_MY_PLAN_GIVING_WAY" "$BENCH_MY_DSN"
}

my_scenario_zdm_small() {
  bench_log "MariaDB: zdm apply on $BENCH_SMALL_ROWS rows (RSS check)"
  my_fresh "$BENCH_SMALL_ROWS" && bench_zdm_apply my.zdm_small "$BENCH_MY_PLAN" "$BENCH_MY_DSN"
}
