#!/usr/bin/python3
"""The windows in which one `zdm apply --format json` run's backfill worked and those in
which it stood paused by its pause file, from its event lines on standard input.

Prints two lines, each a comma-separated list of FROM:TO windows in microseconds since
the epoch (workload_stats.py --windows):

  working=FROM:TO,...   from the backfill's start or a throttle_cleared event to the next
                        pause (a "throttled" event whose reason is the pause file) or the
                        end of the backfill phase
  paused=FROM:TO,...    from such a pause to the throttle_cleared event that ends it

The engine logs a pause from the worker's own turn, between two chunks, so no chunk is
running in a paused window (one range: the bench plan's). The "throttled" notes of
max_rows_per_second are not pauses and are skipped, as are lines that are not zdm.event
objects. A window shorter than --shortest-ms is left out, and so is one that ends after
--until-us.
"""
import argparse
import json
import sys


def events(stream):
    for line in stream:
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict) and event.get("kind") == "zdm.event":
            yield event


def is_pause(event):
    reason = (event.get("fields") or {}).get("reason") or ""
    return event.get("event") == "throttled" and reason.startswith("pause file")


def windows(stream):
    """Yields (state, from_ms, to_ms) for each stretch of the backfill phase."""
    state = since = None
    for event in events(stream):
        name, phase, at = event.get("event"), event.get("phase"), event.get("at_ms")
        if phase != "backfill" or not isinstance(at, (int, float)):
            continue
        if name == "phase_started":
            state, since = "working", at
        elif state is None:
            continue
        elif is_pause(event) and state == "working":
            yield state, since, at
            state, since = "paused", at
        elif name == "throttle_cleared" and state == "paused":
            yield state, since, at
            state, since = "working", at
        elif name == "phase_done":
            yield state, since, at
            state = None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shortest-ms", type=float, default=500)
    parser.add_argument("--until-us", type=int)
    args = parser.parse_args()
    found = {"working": [], "paused": []}
    for state, start, end in windows(sys.stdin):
        if args.until_us is not None and end * 1000 > args.until_us:
            continue
        if end - start >= args.shortest_ms:
            found[state].append(f"{int(start * 1000)}:{int(end * 1000)}")
    for state in ("working", "paused"):
        print(f"{state}={','.join(found[state])}")


if __name__ == "__main__":
    main()
