#!/usr/bin/python3
"""Statistics of a workload over one time window, from per-transaction logs.

  workload_stats.py --format pgbench|sysbench --from US --to US FILE...
  workload_stats.py --format pgbench|sysbench --windows FROM:TO,FROM:TO,... FILE...

pgbench --log lines: "client tx latency_us script epoch_s epoch_us [...]"; latency_us is
"failed", "serialization" or "deadlock" for a failed transaction. bench/workload/
mariadb-users.lua lines: "end_epoch_us latency_us ok|failed". A line cut short by the
workload being stopped is skipped.

Prints one line of key=value: transactions that completed in the window (n), per second
(tps), the latency percentiles (p50_ms, p99_ms) and maximum (max_ms) over every
transaction that overlapped the window (one held up across it counts), and the failed
transactions that ended in it (failed). With --windows, the same over several windows
together: n, failed and window_s are their sums, tps is n over window_s (zdm_pauses.py).
"""
import argparse
import bisect
import math


def parse(path, fmt):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.split()
            try:
                if fmt == "pgbench":
                    if len(parts) < 6:
                        continue
                    end = int(parts[4]) * 1_000_000 + int(parts[5])
                    if parts[2].isdigit():
                        yield end, int(parts[2]), True
                    elif parts[2] != "skipped":
                        yield end, 0, False
                else:
                    if len(parts) != 3 or parts[2] not in ("ok", "failed"):
                        continue
                    yield int(parts[0]), int(parts[1]), parts[2] == "ok"
            except ValueError:
                continue


def windows_of(text):
    """FROM:TO,FROM:TO,... in microseconds; an empty list is no window at all."""
    found = []
    for window in filter(None, text.split(",")):
        start, stop = window.split(":")
        found.append((int(start), int(stop)))
    return found


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--format", choices=["pgbench", "sysbench"], required=True)
    parser.add_argument("--from", dest="start", type=int)
    parser.add_argument("--to", dest="end", type=int)
    parser.add_argument("--windows", type=windows_of)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    if args.windows is None:
        if args.start is None or args.end is None:
            parser.error("give --from and --to, or --windows")
        args.windows = [(args.start, args.end)]
    args.windows.sort()
    starts = [start for start, _ in args.windows]
    completed = failed = 0
    latencies = []
    for path in args.files:
        for end, latency, ok in parse(path, args.format):
            # The last window starting by the time the transaction ended: the only one it
            # can have ended in, and the one it overlaps if any (the windows are disjoint).
            at = bisect.bisect_right(starts, end) - 1
            stop = args.windows[at][1] if at >= 0 else -1
            in_window = end <= stop
            if not ok:
                failed += in_window
                continue
            completed += in_window
            if end - latency < stop:
                latencies.append(latency)
    latencies.sort()
    seconds = max(1e-6, sum(stop - start for start, stop in args.windows) / 1e6)
    print(f"n={completed} tps={completed / seconds:.1f} "
          f"p50_ms={percentile(latencies, 0.50) / 1000:.2f} "
          f"p99_ms={percentile(latencies, 0.99) / 1000:.2f} "
          f"max_ms={(latencies[-1] if latencies else 0) / 1000:.2f} "
          f"failed={failed} window_s={seconds:.2f}")


if __name__ == "__main__":
    main()
