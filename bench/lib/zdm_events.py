#!/usr/bin/python3
"""Figures of one `zdm apply --format json` run, from its event lines on standard input.

Prints key=value: phases_s (from expand's phase_started to backfill's phase_done, the
time of the phases themselves without connecting and preparing zdm's state), and from
the last backfill progress event rows_per_s and chunk_rows. A figure the events do not
give is left out. Lines that are not zdm.event objects are skipped.
"""
import json
import sys

started = done = None
progress = {}
for line in sys.stdin:
    try:
        event = json.loads(line)
    except ValueError:
        continue
    if not isinstance(event, dict) or event.get("kind") != "zdm.event":
        continue
    name, phase, at = event.get("event"), event.get("phase"), event.get("at_ms")
    if name == "phase_started" and started is None:
        started = at
    if name == "phase_done" and phase == "backfill":
        done = at
    if name == "progress" and phase == "backfill":
        progress = event.get("fields") or {}

out = []
if started is not None and done is not None:
    out.append(f"phases_s={(done - started) / 1000:.3f}")
if isinstance(progress.get("rows_per_second"), (int, float)):
    out.append(f"rows_per_s={progress['rows_per_second']:.0f}")
if isinstance(progress.get("chunk_rows"), (int, float)):
    out.append(f"chunk_rows={progress['chunk_rows']:.0f}")
print(" ".join(out))
