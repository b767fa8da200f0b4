# shellcheck shell=bash
# Helpers shared by bench/run.sh's scenarios: logging to stderr, timing, recording figures,
# running zdm, and running a command beside a workload over a measured window.
#
# Globals the caller sets: BENCH_WORK (a private temporary folder), BENCH_REPEAT (the
# repeat being measured), BENCH_ZDM (the zdm binary), BENCH_CLIENTS, BENCH_WARMUP,
# BENCH_ALONE_SECONDS, BENCH_TURN_SECONDS.

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

# Runs "$@" with its output in LOG; sets BENCH_SECONDS to its wall time and
# BENCH_RAN_FROM / BENCH_RAN_TO (microseconds) to its window. Fails with it.
bench_timed() {
  local log=$1
  shift
  BENCH_RAN_FROM=$(bench_now_us)
  if ! "$@" >"$log" 2>&1; then
    bench_log "failed: $*"
    bench_show_tail "$log"
    return 1
  fi
  BENCH_RAN_TO=$(bench_now_us)
  BENCH_SECONDS=$(bench_seconds "$BENCH_RAN_FROM" "$BENCH_RAN_TO")
}

# zdm apply --format json PLAN against DSN (given through ZDM_DSN, so it is not on a
# command line), with BENCH_ZDM_APPLY_OPTIONS (a progress event every second where zdm
# has --progress-every). Records RESULT_PREFIX.s (wall time of the whole zdm process), .rss_kb
# (peak RSS, from GNU time), and what the events tell (lib/zdm_events.py).
bench_zdm_apply() {
  local prefix=$1 plan=$2 dsn=$3
  local name=${prefix//./-}-$BENCH_REPEAT
  local events=$BENCH_WORK/$name.events stderr=$BENCH_WORK/$name.stderr
  local usage=$BENCH_WORK/$name.time rss
  BENCH_RAN_FROM=$(bench_now_us)
  if ! ZDM_DSN=$dsn /usr/bin/time -v -o "$usage" "$BENCH_ZDM" apply --format json \
    "${BENCH_ZDM_APPLY_OPTIONS[@]}" "$plan" >"$events" 2>"$stderr"; then
    bench_log "zdm apply failed ($plan)"
    bench_show_tail "$stderr" "$events" "$usage"
    return 1
  fi
  BENCH_RAN_TO=$(bench_now_us)
  BENCH_SECONDS=$(bench_seconds "$BENCH_RAN_FROM" "$BENCH_RAN_TO")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$usage")
  bench_result "$prefix.s" "$BENCH_SECONDS"
  bench_result "$prefix.rss_kb" "$rss"
  bench_result_kv "$prefix" "$(python3 "$BENCH_LIB/zdm_events.py" <"$events")"
  bench_log "zdm apply: ${BENCH_SECONDS}s, peak RSS ${rss} kB"
}

# Starts the KIND workload logging into DIR and lets it warm up.
bench_workload_begin() {
  mkdir -p "$2"
  "${1}_workload_start" "$2" && sleep "$BENCH_WARMUP"
}

# Stops the KIND workload of DIR, once the transactions held up by the change measured
# beside it have finished and reached the log.
bench_workload_end() {
  sleep 1
  "${1}_workload_stop" "$2"
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
  local dir=$BENCH_WORK/workload-$kind-$name-$BENCH_REPEAT alone_from from to status=0
  bench_workload_begin "$kind" "$dir" || return 1
  alone_from=$(bench_now_us)
  sleep "$BENCH_ALONE_SECONDS"
  from=$(bench_now_us)
  BENCH_RAN_FROM='' BENCH_RAN_TO=''
  "$@" || status=$?
  to=$(bench_now_us)
  # The change's own window where COMMAND gives one (bench_timed, bench_zdm_apply): not
  # the reading of its results that follows in the same function.
  [[ -n "$BENCH_RAN_TO" ]] && from=$BENCH_RAN_FROM to=$BENCH_RAN_TO
  bench_workload_end "$kind" "$dir"
  if ((status != 0)); then
    return "$status"
  fi
  bench_record_workload "$kind" "$name" "$dir" "$alone_from:$from" "$from:$to"
}

# bench_record_workload KIND NAME DIR ALONE DURING: the workload's figures over the
# windows DURING (FROM:TO,… in microseconds) as KIND.w.NAME.*, over ALONE as
# KIND.w.NAME.alone_*.
bench_record_workload() {
  local kind=$1 name=$2 dir=$3 alone stats pair
  alone=$("${kind}_workload_stats" "$dir" "$4") || return 1
  stats=$("${kind}_workload_stats" "$dir" "$5") || return 1
  for pair in $alone; do
    bench_result "$kind.w.$name.alone_${pair%%=*}" "${pair#*=}"
  done
  bench_result_kv "$kind.w.$name" "$stats"
  bench_log "workload alone: $alone"
  bench_log "workload beside $name: $stats"
}

# bench_beside_zdm_pausing KIND NAME RESULT_PREFIX PLAN DSN: zdm apply of PLAN, whose
# throttle names $BENCH_WORK/pause as its pause file, beside the KIND workload, with the
# pause file created and removed in turns of BENCH_TURN_SECONDS (present from the start).
# Records the workload's figures over the turns in which zdm's backfill worked as
# KIND.w.NAME.* and over those in which it stood paused as KIND.w.NAME.alone_*, the turns
# read from zdm's own events (lib/zdm_pauses.py). The baseline is thus taken all through
# the run, seconds apart from what it is compared with: a machine whose speed drifts over
# a long window shifts both alike, which a few seconds alone just before do not.
bench_beside_zdm_pausing() {
  local kind=$1 name=$2 prefix=$3 plan=$4 dsn=$5
  local dir=$BENCH_WORK/workload-$kind-$name-$BENCH_REPEAT pause=$BENCH_WORK/pause
  local events=$BENCH_WORK/${prefix//./-}-$BENCH_REPEAT.events pid status=0 turns working paused
  touch "$pause"
  bench_workload_begin "$kind" "$dir" || return 1
  bench_zdm_apply "$prefix" "$plan" "$dsn" &
  pid=$!
  while bench_sleep_unless_ended "$pid" "$BENCH_TURN_SECONDS"; do
    if [[ -e "$pause" ]]; then rm -f "$pause"; else touch "$pause"; fi
  done
  wait "$pid" || status=$?
  rm -f "$pause"
  bench_workload_end "$kind" "$dir"
  ((status == 0)) || return "$status"
  turns=$(python3 "$BENCH_LIB/zdm_pauses.py" <"$events") || return 1
  working=$(sed -n 's/^working=//p' <<<"$turns")
  paused=$(sed -n 's/^paused=//p' <<<"$turns")
  if [[ -z "$working" || -z "$paused" ]]; then
    bench_log "zdm's events show no turn of both kinds: working=$working paused=$paused"
    return 1
  fi
  bench_record_workload "$kind" "$name" "$dir" "$paused" "$working"
}

# Sleeps SECONDS unless process PID ends first; fails when it has ended.
bench_sleep_unless_ended() {
  local pid=$1 tenths=$(($2 * 10))
  while ((tenths-- > 0)); do
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null
}

# bench_zdm_and_loop_in_turns KIND NAME RESULT_PREFIX PLAN DSN: zdm apply of PLAN (its
# pause file $BENCH_WORK/pause) and KIND_loop_in_turns (lib/postgres.sh) beside the KIND
# workload, one of them working at a time, in turns of a second: zdm while its pause file
# is absent, the loop while KIND_loop_turn has set it going. A turn ends once the one
# working has said it stopped (zdm's pause event, the loop's NOTICE), so that the two never
# overlap; the turns go on until either has finished, and the other then finishes
# unmeasured. Records the workload's figures over zdm's working turns as KIND.w.NAME.* and
# over the loop's as KIND.w.NAME.alone_*: both measured through the same seconds.
bench_zdm_and_loop_in_turns() {
  local kind=$1 name=$2 prefix=$3 plan=$4 dsn=$5
  local dir=$BENCH_WORK/workload-$kind-$name-$BENCH_REPEAT pause=$BENCH_WORK/pause
  local events=$BENCH_WORK/${prefix//./-}-$BENCH_REPEAT.events
  local notices=$BENCH_WORK/$kind-$name-loop-$BENCH_REPEAT.notices
  local zdm_pid loop_pid status=0 ended_us seen zdm_turns loop_turns
  touch "$pause"
  bench_workload_begin "$kind" "$dir" || return 1
  : >"$events"
  bench_zdm_apply "$prefix" "$plan" "$dsn" &
  zdm_pid=$!
  "${kind}_loop_in_turns" 2>"$notices" &
  loop_pid=$!
  while kill -0 "$zdm_pid" 2>/dev/null && kill -0 "$loop_pid" 2>/dev/null; do
    seen=$(bench_count "$events" '"reason":"pause file')
    rm -f "$pause"
    sleep 1
    touch "$pause"
    bench_wait_for_more "$zdm_pid" "$events" '"reason":"pause file' "$seen"
    seen=$(bench_count "$notices" 'loop paused')
    "${kind}_loop_turn" false
    sleep 1
    "${kind}_loop_turn" true
    bench_wait_for_more "$loop_pid" "$notices" 'loop paused' "$seen"
  done
  ended_us=$(bench_now_us)
  rm -f "$pause"
  "${kind}_loop_turn" false
  wait "$zdm_pid" || status=$?
  wait "$loop_pid" || status=$?
  bench_workload_end "$kind" "$dir"
  ((status == 0)) || return "$status"
  zdm_turns=$(python3 "$BENCH_LIB/zdm_pauses.py" --shortest-ms 100 --until-us "$ended_us" <"$events" |
    sed -n 's/^working=//p') || return 1
  loop_turns=$(awk -v until_us="$ended_us" '
    / loop working / { from = $NF }
    / loop (paused|done) / && from != "" {
      if ($NF <= until_us) { printf "%s%s:%s", sep, from, $NF; sep = "," }
      from = ""
    }' "$notices")
  if [[ -z "$zdm_turns" || -z "$loop_turns" ]]; then
    bench_log "no turns to compare: zdm's $zdm_turns, the loop's $loop_turns"
    bench_show_tail "$notices"
    return 1
  fi
  bench_result "$kind.w.$name.turns" "$(tr , '\n' <<<"$zdm_turns" | wc -l)"
  bench_record_workload "$kind" "$name" "$dir" "$loop_turns" "$zdm_turns"
}

# Lines of FILE holding TEXT (0 for none or no file).
bench_count() {
  grep -c -F -- "$2" "$1" 2>/dev/null || true
}

# Waits until FILE holds more lines with TEXT than SEEN, process PID has ended, or 10 s
# have passed (a turn then ends late, and its measured window with it).
bench_wait_for_more() {
  local pid=$1 file=$2 text=$3 seen=$4 polls=500
  while ((polls-- > 0)) && kill -0 "$pid" 2>/dev/null; do
    (($(bench_count "$file" "$text") > seen)) && return 0
    sleep 0.02
  done
  return 0
}
