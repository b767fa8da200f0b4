#!/usr/bin/env bash
# zdm's benchmark: zdm's expand + backfill against the physical limit (one-shot UPDATE) and a
# hand-written batch loop on PostgreSQL 15, against pt-online-schema-change on MariaDB 10.11,
# with and without a concurrent workload, on throwaway servers of its own (the ones the tests
# use: scripts/lib/servers.sh). Every figure is a ratio against a baseline measured in the
# same run, on a fresh copy of the same table. Markdown tables on stdout; progress on stderr.
#
#   bench/run.sh [--rows N] [--large] [--repeat N] [--only pg|mariadb] [--zdm PATH]
#                [--throttle YAML] [--turn-seconds N] [--clients N] [--alone-seconds N]
#                [--profile] [--keep]
#
# See bench/README.md for what each row means and the targets.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BENCH_DIR=$PWD/bench
BENCH_LIB=$BENCH_DIR/lib
# shellcheck source=scripts/lib/deps.sh
source scripts/lib/deps.sh
# shellcheck source=scripts/lib/servers.sh
source scripts/lib/servers.sh
# shellcheck source=bench/lib/common.sh
source "$BENCH_LIB/common.sh"
# shellcheck source=bench/lib/postgres.sh
source "$BENCH_LIB/postgres.sh"
# shellcheck source=bench/lib/mariadb.sh
source "$BENCH_LIB/mariadb.sh"
# shellcheck source=bench/lib/profile.sh
source "$BENCH_LIB/profile.sh"

usage() {
  cat <<'USAGE'
usage: bench/run.sh [options]

  --rows N              rows in the users table (default 1000000)
  --large               10,000,000 rows, plus zdm on 1,000,000 rows to compare peak RSS
  --repeat N            measure every scenario N times, alternating the order (default 3;
                        1 with --large); cells show the median (lowest–highest)
  --only pg|mariadb     one server only
  --zdm PATH            use this zdm binary instead of building build-bench/zdm
  --throttle YAML       the throttle of the throttled PostgreSQL run, as the inside of the
                        plan's throttle mapping (default "max_rows_per_second: 25000";
                        e.g. "max_load: 2")
  --turn-seconds N      the throttled run measured again while its pause file is created
                        and removed every N seconds: the workload's TPS in the turns zdm
                        works against the turns it stands paused (default 5)
  --clients N           workload clients (default 4)
  --alone-seconds N     the workload runs alone this long before each change it is
                        measured beside, as that change's baseline (default 5)
  --profile             also measure where zdm's backfill time goes (statement logs and
                        InnoDB counters; not timed with the rest: logging slows it down)
  --keep                keep the work folder (logs, events, workload logs) and say where
USAGE
}

BENCH_ROWS=1000000
BENCH_SMALL_ROWS=
BENCH_REPEATS=
BENCH_ONLY=all
BENCH_ZDM=
BENCH_THROTTLE="max_rows_per_second: 25000"
BENCH_CLIENTS=4
BENCH_ALONE_SECONDS=5
BENCH_TURN_SECONDS=5
BENCH_WARMUP=1
BENCH_PROFILE=0
BENCH_KEEP=0
while (($# > 0)); do
  case $1 in
    --rows) BENCH_ROWS=${2:?--rows needs a number}; shift ;;
    --large) BENCH_ROWS=10000000 BENCH_SMALL_ROWS=1000000 ;;
    --repeat) BENCH_REPEATS=${2:?--repeat needs a number}; shift ;;
    --only) BENCH_ONLY=${2:?--only needs pg or mariadb}; shift ;;
    --zdm) BENCH_ZDM=${2:?--zdm needs a path}; shift ;;
    --throttle) BENCH_THROTTLE=${2:?--throttle needs YAML}; shift ;;
    --clients) BENCH_CLIENTS=${2:?--clients needs a number}; shift ;;
    --alone-seconds) BENCH_ALONE_SECONDS=${2:?--alone-seconds needs a number}; shift ;;
    --turn-seconds) BENCH_TURN_SECONDS=${2:?--turn-seconds needs a number}; shift ;;
    --profile) BENCH_PROFILE=1 ;;
    --keep) BENCH_KEEP=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
for number in "$BENCH_ROWS" "$BENCH_CLIENTS" "$BENCH_ALONE_SECONDS" "$BENCH_TURN_SECONDS" \
  "${BENCH_REPEATS:-1}"; do
  [[ "$number" =~ ^[1-9][0-9]*$ ]] || { echo "bench: not a positive whole number: $number" >&2; exit 2; }
done
case $BENCH_ONLY in all | pg | mariadb) ;; *) usage >&2; exit 2 ;; esac
if [[ -z "$BENCH_REPEATS" ]]; then
  BENCH_REPEATS=3
  [[ -n "$BENCH_SMALL_ROWS" ]] && BENCH_REPEATS=1
fi

BENCH_WORK=$(mktemp -d "${TMPDIR:-/tmp}/zdm-bench.XXXXXX")
BENCH_REPEAT=0
cleanup() {
  local status=$? pid
  set +e
  for pid in "${BENCH_PG_WORKLOAD_PID:-}" "${BENCH_MY_WORKLOAD_PID:-}"; do
    if [[ -n "$pid" ]]; then
      kill -TERM "$pid" 2>/dev/null
    fi
  done
  zdm_stop_servers >&2
  if ((BENCH_KEEP)); then
    bench_log "work folder kept: $BENCH_WORK"
  else
    rm -rf "$BENCH_WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- set-up: packages, zdm, servers, plans, tables -----------------------------------------

zdm_install_bench_deps >&2
if [[ -z "$BENCH_ZDM" ]]; then
  # RelWithDebInfo (-O2): with GCC 12, Release (-O3) trips a false -Wrestrict in
  # src/db/mysql/mysql_names.cpp, and -Werror stops the build.
  bench_log "building zdm into build-bench/ (RelWithDebInfo)"
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
  cmake --build build-bench -j"$(nproc)" --target zdm >&2
  BENCH_ZDM=$PWD/build-bench/zdm
fi
[[ -x "$BENCH_ZDM" ]] || bench_die "no zdm binary at $BENCH_ZDM"
BENCH_ZDM_APPLY_OPTIONS=()
if "$BENCH_ZDM" help apply 2>/dev/null | grep -q -- '--progress-every'; then
  BENCH_ZDM_APPLY_OPTIONS=(--progress-every 1s) # chunk sizes in the events
fi

BENCH_PG_PLAN=$BENCH_DIR/plans/pg-users-email.yaml
BENCH_MY_PLAN=$BENCH_DIR/plans/mysql-users-email.yaml
BENCH_PG_PLAN_THROTTLED=$BENCH_WORK/pg-users-email-throttled.yaml
BENCH_PG_PLAN_PAUSING=$BENCH_WORK/pg-users-email-pausing.yaml
BENCH_PG_PLAN_TURNS=$BENCH_WORK/pg-users-email-turns.yaml
BENCH_MY_PLAN_GIVING_WAY=$BENCH_WORK/mysql-users-email-giving-way.yaml
sed "s/^\(      chunk: .*\)$/\1\n      throttle: {$BENCH_THROTTLE}/" "$BENCH_PG_PLAN" >"$BENCH_PG_PLAN_THROTTLED"
sed "s|^\(      chunk: .*\)$|\1\n      throttle: {$BENCH_THROTTLE, pause_file: \"$BENCH_WORK/pause\"}|" \
  "$BENCH_PG_PLAN" >"$BENCH_PG_PLAN_PAUSING"
sed "s|^\(      chunk: .*\)$|\1\n      throttle: {pause_file: \"$BENCH_WORK/pause\"}|" \
  "$BENCH_PG_PLAN" >"$BENCH_PG_PLAN_TURNS"
sed "s/, contended_target_time: [0-9a-z]*//" "$BENCH_MY_PLAN" >"$BENCH_MY_PLAN_GIVING_WAY"
"$BENCH_ZDM" validate "$BENCH_PG_PLAN" "$BENCH_MY_PLAN" "$BENCH_PG_PLAN_THROTTLED" \
  "$BENCH_PG_PLAN_PAUSING" "$BENCH_PG_PLAN_TURNS" "$BENCH_MY_PLAN_GIVING_WAY" >&2 ||
  bench_die "a bench plan does not validate (--throttle \"$BENCH_THROTTLE\"?)"
chunk_target_ms=$(grep -o 'target_time: [0-9]*ms' "$BENCH_PG_PLAN" | grep -o '[0-9]*')

servers=()
[[ "$BENCH_ONLY" != mariadb ]] && servers+=(pg)
[[ "$BENCH_ONLY" != pg ]] && servers+=(my)
template_rows=("$BENCH_ROWS" ${BENCH_SMALL_ROWS:+"$BENCH_SMALL_ROWS"})
for server in "${servers[@]}"; do
  if [[ $server == pg ]]; then
    zdm_start_postgres >&2
    pg_bench_setup
    for rows in "${template_rows[@]}"; do pg_make_template "$rows" >&2; done
  else
    zdm_start_mariadb >&2
    my_bench_setup
    for rows in "${template_rows[@]}"; do my_make_template "$rows" >&2; done
  fi
done

versions="zdm $("$BENCH_ZDM" --version 2>/dev/null | head -n 1)"
# The servers started above, not a DSN the caller's environment may hold for another.
[[ " ${servers[*]} " == *" pg "* ]] && versions+=", PostgreSQL $(pg_psql postgres -Atc 'SHOW server_version' | cut -d' ' -f1)"
[[ " ${servers[*]} " == *" my "* ]] && versions+=", MariaDB $(my_sql -e 'SELECT VERSION()' | cut -d- -f1)"
bench_config rows "$BENCH_ROWS"
bench_config small_rows "${BENCH_SMALL_ROWS:-}"
bench_config repeats "$BENCH_REPEATS"
bench_config clients "$BENCH_CLIENTS"
bench_config alone_seconds "$BENCH_ALONE_SECONDS"
bench_config chunk_target_ms "$chunk_target_ms"
bench_config throttle "$BENCH_THROTTLE"
bench_config turn_seconds "$BENCH_TURN_SECONDS"
bench_config about "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; $versions; chunk.target_time ${chunk_target_ms} ms; the servers of scripts/lib/servers.sh (fsync off on PostgreSQL, innodb_flush_log_at_trx_commit=0 on MariaDB)."

# --- the scenarios, every repeat in alternating order ----------------------------------------

scenarios=()
if [[ " ${servers[*]} " == *" pg "* ]]; then
  scenarios+=(pg_scenario_oneshot pg_scenario_zdm pg_scenario_loop
    pg_scenario_workload_oneshot pg_scenario_workload_loop
    pg_scenario_workload_zdm pg_scenario_workload_zdm_loop_turns
    pg_scenario_workload_zdm_throttled pg_scenario_workload_zdm_pausing)
  # A rate limit has a physical cost of its own: the same rows at the same pace, server-side.
  BENCH_PACED_RATE=$(sed -n 's/.*max_rows_per_second: *\([0-9]*\).*/\1/p' <<<"$BENCH_THROTTLE")
  if [[ -n "$BENCH_PACED_RATE" ]] && ((BENCH_PACED_RATE >= 10)); then
    scenarios+=(pg_scenario_workload_loop_paced)
  fi
  [[ -n "$BENCH_SMALL_ROWS" ]] && scenarios+=(pg_scenario_zdm_small)
fi
if [[ " ${servers[*]} " == *" my "* ]]; then
  scenarios+=(my_scenario_ptosc my_scenario_zdm my_scenario_workload_ptosc
    my_scenario_workload_zdm my_scenario_workload_zdm_giving_way)
  [[ -n "$BENCH_SMALL_ROWS" ]] && scenarios+=(my_scenario_zdm_small)
fi

started=$SECONDS
for ((BENCH_REPEAT = 1; BENCH_REPEAT <= BENCH_REPEATS; BENCH_REPEAT++)); do
  bench_log "==== repeat $BENCH_REPEAT of $BENCH_REPEATS"
  order=("${scenarios[@]}")
  if ((BENCH_REPEAT % 2 == 0)); then
    order=()
    for ((i = ${#scenarios[@]} - 1; i >= 0; i--)); do order+=("${scenarios[i]}"); done
  fi
  for scenario in "${order[@]}"; do
    "$scenario" || bench_die "$scenario failed (repeat $BENCH_REPEAT)"
  done
done
bench_log "measured in $((SECONDS - started))s"

python3 "$BENCH_LIB/report.py" "$BENCH_WORK/results.tsv"

if ((BENCH_PROFILE)); then
  bench_profile "${servers[@]}"
fi
