#!/usr/bin/python3
"""Prints bench/run.sh's Markdown tables from the figures it recorded.

  report.py RESULTS.tsv

RESULTS.tsv holds one "repeat<TAB>key<TAB>value" line per figure; the lines starting with
"config<TAB>" describe the run. With several repeats a cell shows the median and, in
brackets, the lowest and highest; a ratio is taken within each repeat (both sides measured
minutes apart on the same server) and then summarised the same way. A target is judged
on the median, except the worst-case ones (failed transactions, maximum latency), which
are judged on the worst repeat.
"""
import statistics
import sys
from collections import defaultdict

values = defaultdict(dict)  # key -> {repeat: float}
config = {}
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        repeat, key, value = line.rstrip("\n").split("\t", 2)
        if repeat == "config":
            config[key] = value
            continue
        try:
            values[key][int(repeat)] = float(value)
        except ValueError:
            pass


def series(key):
    return [values[key][r] for r in sorted(values.get(key, {}))]


def ratios(top, bottom):
    a, b = values.get(top, {}), values.get(bottom, {})
    return [a[r] / b[r] for r in sorted(a) if r in b and b[r] > 0]


def fmt(x, unit=""):
    if x is None:
        return "—"
    if unit == "x":
        return f"{x:.2f}×"
    if unit == "%":
        return f"{100 * x:.0f} %"
    if unit == "s":
        return f"{x:.2f} s"
    if unit == "ms":
        return f"{x:,.0f} ms" if x >= 100 else f"{x:.1f} ms"
    if unit == "MB":
        return f"{x / 1024:.1f} MB"
    if unit == "tps":
        return f"{x:,.0f}"
    return f"{x:,.0f}" if abs(x) >= 100 or float(x).is_integer() else f"{x:.2f}"


def summary(xs, unit=""):
    if not xs:
        return "—"
    med = statistics.median(xs)
    if len(xs) == 1:
        return fmt(med, unit)
    return f"{fmt(med, unit)} ({fmt(min(xs), unit)}–{fmt(max(xs), unit)})"


def med(xs):
    return statistics.median(xs) if xs else None


rows = []


def target_row(what, measured, baseline, ratio, target, ok):
    result = "—" if ok is None else ("**met**" if ok else "**missed**")
    rows.append(f"| {len(rows) + 1} | {what} | {measured} | {baseline} | {ratio} | {target} | {result} |")


chunk_ms = float(config.get("chunk_target_ms", "200"))
throttle = config.get("throttle", "")
clients = config.get("clients", "4")

if "pg.oneshot.s" in values:
    r = ratios("pg.loop.s", "pg.oneshot.s")
    target_row("PostgreSQL: server-side keyset loop, 1000-row batches, COMMIT each (DO block)",
               summary(series("pg.loop.s"), "s"), "one-shot ADD COLUMN + UPDATE " +
               summary(series("pg.oneshot.s"), "s"), summary(r, "x"),
               "reference (issue: 2.93 s vs 2.55 s = 1.15×)", None)
    r = ratios("pg.zdm.s", "pg.oneshot.s")
    target_row("PostgreSQL: zdm apply, expand + backfill, unthrottled",
               summary(series("pg.zdm.s"), "s"), "one-shot ADD COLUMN + UPDATE " +
               summary(series("pg.oneshot.s"), "s"), summary(r, "x"), "≤ 1.10×",
               med(r) is not None and med(r) <= 1.10)


def relative(prefix):
    """Per repeat: the workload's TPS beside a change / its TPS alone just before."""
    return ratios(f"{prefix}.tps", f"{prefix}.alone_tps")


def relative_ratio(top, bottom):
    a, b = relative(top), relative(bottom)
    return [x / y for x, y in zip(a, b) if y > 0]


def turns_row(what, prefix, baseline_name, least, turns=""):
    """A row comparing the workload's TPS in the turns one side worked with its TPS in the
    other side's turns of the same run (recorded as `prefix`.tps and .alone_tps)."""
    r = relative(prefix)
    target_row(what, summary(series(f"{prefix}.tps"), "tps") + " TPS" + turns,
               f"{baseline_name}: " + summary(series(f"{prefix}.alone_tps"), "tps") + " TPS",
               summary(r, "%"), f"≥ {100 * least:.0f} %", med(r) is not None and med(r) >= least)


def share_row(what, top, bottom, bottom_name, target, least=None):
    """A row comparing the workload's TPS share (during / alone) beside two changes; with
    `least`, a target the median ratio must reach."""
    r = relative_ratio(top, bottom)
    ok = None if least is None else med(r) is not None and med(r) >= least
    target_row(what + " (each as a share of its TPS alone just before)",
               summary(relative(top), "%") + " of alone",
               f"{bottom_name}: " + summary(relative(bottom), "%") + " of alone",
               summary(r, "%"), target, ok)


if "pg.w.zdm.tps" in values:
    failed = series("pg.w.zdm.failed")
    target_row(f"PostgreSQL + workload ({clients} clients): failed workload transactions during zdm",
               summary(failed), "alone just before: " + summary(series("pg.w.zdm.alone_failed")),
               "—", "0", bool(failed) and max(failed) == 0)
    mx = series("pg.w.zdm.max_ms")
    target_row("PostgreSQL + workload: workload's max latency during zdm",
               summary(mx, "ms"), f"2 × chunk.target_time {chunk_ms:.0f} ms "
               f"(alone just before: {summary(series('pg.w.zdm.alone_max_ms'), 'ms')})",
               summary([x / (2 * chunk_ms) for x in mx], "x"), f"≤ {2 * chunk_ms:.0f} ms",
               bool(mx) and max(mx) <= 2 * chunk_ms)
    # With the turns scenario, the target compares zdm and the loop through the same seconds.
    loop_turns = "pg.w.zdm_loop.tps" in values
    if "pg.w.loop.tps" in values:
        share_row("PostgreSQL + workload: workload TPS during zdm vs during the 1000-row loop",
                  "pg.w.zdm", "pg.w.loop", "loop",
                  "— (reference: each run apart, against its own 5 s alone; next row)"
                  if loop_turns else "≥ 95 %", None if loop_turns else 0.95)
    if loop_turns:
        turns_row("PostgreSQL + workload: workload TPS while zdm works vs while the 1000-row loop "
                  "works, in turns of 1 s through one run on the same table", "pg.w.zdm_loop",
                  "loop", 0.95, " in " + summary(series("pg.w.zdm_loop.turns")) + " turn(s) of zdm's")
if "pg.w.zdm_thr.tps" in values:
    r = relative("pg.w.zdm_thr")
    # With the pausing scenario, the target's baseline is taken in turns all through the run:
    # a few seconds alone just before a 40 s window miss how the machine drifts over it.
    turns = "pg.w.zdm_turns.tps" in values
    target_row(f"PostgreSQL + workload: workload TPS during zdm throttled ({throttle}) vs alone just before",
               summary(series("pg.w.zdm_thr.tps"), "tps") + " TPS",
               summary(series("pg.w.zdm_thr.alone_tps"), "tps") + " TPS", summary(r, "%"),
               "— (reference: also counts the machine's drift over the window; next row)"
               if turns else "≥ 90 %",
               None if turns else med(r) is not None and med(r) >= 0.90)
    if turns:
        turns_row(f"PostgreSQL + workload: workload TPS while throttled zdm works vs while it "
                  f"stands paused by its pause file, in turns of {config.get('turn_seconds', '5')} s "
                  "through one run", "pg.w.zdm_turns", "paused", 0.90)
    if "pg.w.loop_paced.tps" in values:
        share_row("PostgreSQL + workload: workload TPS during throttled zdm vs during a server-side "
                  "loop paced at the same rate", "pg.w.zdm_thr", "pg.w.loop_paced", "paced loop",
                  "— (reference: what the rate itself costs)")
if "my.ptosc.s" in values:
    r = ratios("my.zdm.s", "my.ptosc.s")
    target_row("MariaDB: zdm apply, expand + backfill (adds a column; method: copy, threads: 2)",
               summary(series("my.zdm.s"), "s"),
               "pt-online-schema-change (copies the table) " + summary(series("my.ptosc.s"), "s"),
               summary(r, "x"), "≤ 1.00×", med(r) is not None and med(r) <= 1.0)
if "my.w.ptosc.window_s" in values:
    r = ratios("my.w.zdm.window_s", "my.w.ptosc.window_s")
    target_row(f"MariaDB + workload ({clients} clients): zdm apply, expand + backfill",
               summary(series("my.w.zdm.window_s"), "s"),
               "pt-online-schema-change " + summary(series("my.w.ptosc.window_s"), "s"),
               summary(r, "x"), "≤ 1.00×", med(r) is not None and med(r) <= 1.0)
    share_row("MariaDB + workload: workload TPS during zdm vs during pt-osc",
              "my.w.zdm", "my.w.ptosc", "pt-osc", "— (not a target)")
    if "my.w.zdm_gw.window_s" in values:
        r = ratios("my.w.zdm_gw.window_s", "my.w.ptosc.window_s")
        target_row("MariaDB + workload: zdm with chunks giving way (the default "
                   "contended_target_time) vs pt-osc; the workload kept "
                   + summary(relative("my.w.zdm_gw"), "%") + " of its TPS, max latency "
                   + summary(series("my.w.zdm_gw.max_ms"), "ms"),
                   summary(series("my.w.zdm_gw.window_s"), "s"),
                   "pt-online-schema-change " + summary(series("my.w.ptosc.window_s"), "s"),
                   summary(r, "x"), "— (not a target: a policy)", None)
    failed = series("my.w.zdm.failed") + series("my.w.zdm_gw.failed")
    target_row("MariaDB + workload: failed workload transactions during zdm (both policies)",
               summary(failed), "during pt-osc: " + summary(series("my.w.ptosc.failed")), "—",
               "0 (as on PostgreSQL)", bool(failed) and max(failed) == 0)
for server, name in (("pg", "PostgreSQL"), ("my", "MariaDB")):
    big, small = f"{server}.zdm.rss_kb", f"{server}.zdm_small.rss_kb"
    if small in values:
        r = ratios(big, small)
        target_row(f"{name}: zdm peak RSS, {config.get('rows')} rows vs {config.get('small_rows')} rows",
                   summary(series(big), "MB"), summary(series(small), "MB"), summary(r, "x"),
                   "flat: ≤ 1.10×", med(r) is not None and med(r) <= 1.10)
    elif big in values:
        target_row(f"{name}: zdm peak RSS ({config.get('rows')} rows)", summary(series(big), "MB"),
                   "—", "—", "flat from 1M to 10M rows: run with --large", None)

print(f"## zdm benchmark: {int(float(config.get('rows', 0))):,} rows, "
      f"{config.get('repeats')} repeat(s)\n")
print(config.get("about", ""))
print()
print("| # | what | measured | baseline (same run) | ratio | target | result |")
print("| --- | --- | --- | --- | --- | --- | --- |")
print("\n".join(rows))

details = []
for server, name, scenarios in (
        ("pg", "PostgreSQL", (("oneshot", "one-shot ADD COLUMN + UPDATE"),
                              ("loop", "keyset loop, 1000-row batches"),
                              ("zdm", "zdm, unthrottled"),
                              ("zdm_loop", "zdm, unthrottled, in turns with the 1000-row loop "
                                           "(alone: the loop's turns; window: zdm's)"),
                              ("zdm_thr", f"zdm, {throttle}"),
                              ("loop_paced", f"keyset loop paced like zdm, {throttle}"),
                              ("zdm_turns", f"zdm, {throttle}, in turns (alone: its paused "
                                            "turns; window: its working turns)"))),
        ("my", "MariaDB", (("ptosc", "pt-online-schema-change"),
                           ("zdm", "zdm, chunks keep their size"),
                           ("zdm_gw", "zdm, chunks give way (default)")))):
    for key, label in scenarios:
        p = f"{server}.w.{key}"
        if f"{p}.tps" not in values:
            continue
        details.append(
            f"| {name} | {label} | {summary(series(p + '.window_s'), 's')} | "
            f"{summary(series(p + '.alone_tps'), 'tps')} | {summary(series(p + '.tps'), 'tps')} | "
            f"{summary(relative(p), '%')} | {summary(series(p + '.alone_p99_ms'), 'ms')} | "
            f"{summary(series(p + '.p99_ms'), 'ms')} | {summary(series(p + '.alone_max_ms'), 'ms')} | "
            f"{summary(series(p + '.max_ms'), 'ms')} | {summary(series(p + '.failed'))} |")
if details:
    print(f"\n### The workload beside each change ({clients} clients: pgbench on PostgreSQL, "
          f"sysbench on MariaDB; alone = the {config.get('alone_seconds', '5')} s just before, "
          "same clients and table)\n")
    print("| server | beside | window | TPS alone | TPS during | during / alone | p99 alone | "
          "p99 during | max alone | max during | failed during |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(details))

runs = []
for server, name in (("pg", "PostgreSQL"), ("my", "MariaDB")):
    for key, label in (("zdm", "alone"), ("zdm_w", "beside the workload"),
                       ("zdm_loop_w", "beside the workload, in turns with the loop"),
                       ("zdm_thr_w", f"{throttle}, beside the workload"),
                       ("zdm_turns_w", f"{throttle}, beside the workload, paused in turns"),
                       ("zdm_gw_w", "beside the workload, chunks giving way"),
                       ("zdm_small", f"{config.get('small_rows')} rows (RSS check)")):
        prefix = f"{server}.{key}"
        if f"{prefix}.s" not in values:
            continue
        runs.append(f"| {name} | {label} | {summary(series(prefix + '.s'), 's')} | "
                    f"{summary(series(prefix + '.phases_s'), 's')} | "
                    f"{summary(series(prefix + '.rows_per_s'))} | {summary(series(prefix + '.chunk_rows'))} | "
                    f"{summary(series(prefix + '.rss_kb'), 'MB')} |")
if runs:
    print("\n### zdm's runs\n")
    print("| server | run | zdm apply wall time | expand start → backfill done (events) | rows/s (last progress event) | chunk rows (last) | peak RSS |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(runs))
