#!/usr/bin/python3
"""Figures of one `zdm apply --format json` run, from its event lines on standard input.

Prints key=value: phases_s (from expand's phase_started to backfill's phase_done, the
time of the phases themselves without connecting and preparing zdm's state), rows_per_s
from the last backfill progress event, and chunk_rows, the last chunk size above zero (the
final event of a table may say 0). A figure the events do not give is left out. Lines that
are not zdm.event objects are skipped.
"""
import json
import sys

started = done = None
progress = {}
chunk_rows = None
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
        rows = progress.get("chunk_rows")
        if isinstance(rows, (int, float)) and rows > 0:
            chunk_rows = rows

out = []
if started is not None and done is not None:
    out.append(f"phases_s={(done - started) / 1000:.3f}")
if isinstance(progress.get("rows_per_second"), (int, float)):
    out.append(f"rows_per_s={progress['rows_per_second']:.0f}")
if chunk_rows is not None:
    out.append(f"chunk_rows={chunk_rows:.0f}")
print(" ".join(out))
