# shellcheck shell=bash
# Helpers shared by bench/run.sh's scenarios: logging to stderr, timing, recording figures,
# running zdm, and running a command beside a workload over a measured window.
#
# Globals the caller sets: BENCH_WORK (a private temporary folder), BENCH_REPEAT (the
# repeat being measured), BENCH_ZDM (the zdm binary), BENCH_CLIENTS, BENCH_WARMUP,
# BENCH_ALONE_SECONDS.

bench_log() {
  printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2
}

bench_die() {
  bench_log "error: $*"
  exit 1
}

bench_now_us() {
  date +%s%6N
}

# Seconds between two bench_now_us readings, with millisecond precision.
bench_seconds() {
  local us=$(($2 - $1))
  printf '%d.%03d' $((us / 1000000)) $(((us % 1000000) / 1000))
}

# Records one figure of the current repeat for lib/report.py.
bench_result() {
  printf '%s\t%s\t%s\n' "$BENCH_REPEAT" "$1" "$2" >>"$BENCH_WORK/results.tsv"
}

bench_config() {
  printf 'config\t%s\t%s\n' "$1" "$2" >>"$BENCH_WORK/results.tsv"
}

# Records each key=value of a line such as "n=10 tps=5.0" as PREFIX.key.
bench_result_kv() {
  local prefix=$1 pair
  for pair in $2; do
    bench_result "$prefix.${pair%%=*}" "${pair#*=}"
  done
}

# Prints the last lines of a file to stderr (what failed and why).
bench_show_tail() {
  local file
  for file in "$@"; do
    if [[ -s "$file" ]]; then
      echo "---- last lines of $file ----" >&2
      tail -n 20 "$file" >&2
    fi
  done
}

# Runs "$@" with its output in LOG; sets BENCH_SECONDS to its wall time. Fails with it.
bench_timed() {
  local log=$1
  shift
  local from to
  from=$(bench_now_us)
  if ! "$@" >"$log" 2>&1; then
    bench_log "failed: $*"
    bench_show_tail "$log"
    return 1
  fi
  to=$(bench_now_us)
  BENCH_SECONDS=$(bench_seconds "$from" "$to")
}

# zdm apply --format json PLAN against DSN (given through ZDM_DSN, so it is not on a
# command line), with BENCH_ZDM_APPLY_OPTIONS (a progress event every second where zdm
# has --progress-every). Records RESULT_PREFIX.s (wall time of the whole zdm process), .rss_kb
# (peak RSS, from GNU time), and what the events tell (lib/zdm_events.py).
bench_zdm_apply() {
  local prefix=$1 plan=$2 dsn=$3
  local name=${prefix//./-}-$BENCH_REPEAT
  local events=$BENCH_WORK/$name.events stderr=$BENCH_WORK/$name.stderr
  local usage=$BENCH_WORK/$name.time from to rss
  from=$(bench_now_us)
  if ! ZDM_DSN=$dsn /usr/bin/time -v -o "$usage" "$BENCH_ZDM" apply --format json \
    "${BENCH_ZDM_APPLY_OPTIONS[@]}" "$plan" >"$events" 2>"$stderr"; then
    bench_log "zdm apply failed ($plan)"
    bench_show_tail "$stderr" "$events" "$usage"
    return 1
  fi
  to=$(bench_now_us)
  BENCH_SECONDS=$(bench_seconds "$from" "$to")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$usage")
  bench_result "$prefix.s" "$BENCH_SECONDS"
  bench_result "$prefix.rss_kb" "$rss"
  bench_result_kv "$prefix" "$(python3 "$BENCH_LIB/zdm_events.py" <"$events")"
  bench_log "zdm apply: ${BENCH_SECONDS}s, peak RSS ${rss} kB"
}

# bench_beside_workload KIND NAME COMMAND...: starts the KIND workload (pg or my: the
# functions KIND_workload_start / KIND_workload_stop / KIND_workload_stats), lets it warm
# up, measures it alone for BENCH_ALONE_SECONDS, then runs COMMAND beside it. Records the
# workload's figures over COMMAND's window as KIND.w.NAME.* (n, tps, p50_ms, p99_ms,
# max_ms, failed, window_s) and over the window just before as KIND.w.NAME.alone_*: the
# same clients, connections and table, seconds apart, so that a busy machine shifts both.
bench_beside_workload() {
  local kind=$1 name=$2
  shift 2
  local dir=$BENCH_WORK/workload-$kind-$name-$BENCH_REPEAT alone_from from to status=0 stats alone pair
  mkdir -p "$dir"
  "${kind}_workload_start" "$dir" || return 1
  sleep "$BENCH_WARMUP"
  alone_from=$(bench_now_us)
  sleep "$BENCH_ALONE_SECONDS"
  from=$(bench_now_us)
  "$@" || status=$?
  to=$(bench_now_us)
  sleep 1 # transactions held up by COMMAND finish and reach the log
  "${kind}_workload_stop" "$dir"
  if ((status != 0)); then
    return "$status"
  fi
  alone=$("${kind}_workload_stats" "$dir" "$alone_from" "$from") || return 1
  stats=$("${kind}_workload_stats" "$dir" "$from" "$to") || return 1
  for pair in $alone; do
    bench_result "$kind.w.$name.alone_${pair%%=*}" "${pair#*=}"
  done
  bench_result_kv "$kind.w.$name" "$stats"
  bench_log "workload alone: $alone"
  bench_log "workload beside $name: $stats"
}
