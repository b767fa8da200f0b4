#!/usr/bin/python3
"""Where a zdm run spends its time, from the server's statement log.

  profile.py pglog FILE OFFSET WALL_S     PostgreSQL log (log_min_duration_statement = 0)
                                          from byte OFFSET on
  profile.py slowlog FILE WALL_S          MariaDB slow log (long_query_time = 0)

Prints Markdown table rows: | server | statements | count | total | each | share |, the
share being of zdm's wall time WALL_S; then a row for the time outside the server
(zdm itself, the client library, the network round trips). Statements are grouped by what
they do in a backfill; parse + bind + execute of one statement count as one.
"""
import re
import sys
from collections import OrderedDict

GROUPS = OrderedDict([
    ("update", "chunk UPDATE of users"),
    ("chunk_end", "chunk-end lookup (SELECT … FROM users)"),
    ("checkpoint", "checkpoint write (state table)"),
    ("txn", "BEGIN / COMMIT"),
    ("ddl", "ADD COLUMN"),
    ("state", "zdm's other state, events, catalog, session"),
])


def group(sql):
    s = sql.strip().lstrip("(").upper()
    if re.match(r'UPDATE\s+("PUBLIC"\.)?"?`?USERS`?"?\s', s):
        return "update"
    if s.startswith("SELECT") and re.search(r'FROM\s+("PUBLIC"\.)?"?`?USERS`?"?(\s|$)', s):
        return "chunk_end"
    if "CHECKPOINT" in s and not s.startswith("SELECT") and not s.startswith("CREATE"):
        return "checkpoint"
    if s.startswith(("BEGIN", "COMMIT", "START TRANSACTION", "ROLLBACK")):
        return "txn"
    if s.startswith("ALTER TABLE") and "USERS" in s:
        return "ddl"
    return "state"


def offsets(sql):
    m = re.search(r"OFFSET\s+(\d+)", sql, re.I)
    return int(m.group(1)) + 1 if m else None


def report(server, totals, counts, wall, sizes):
    server_total = sum(totals.values())
    for key, label in GROUPS.items():
        if counts.get(key):
            ms = totals[key]
            print(f"| {server} | {label} | {counts[key]} | {ms / 1000:.3f} s | "
                  f"{ms / counts[key]:.2f} ms | {100 * ms / 1000 / wall:.1f} % |")
    outside = wall - server_total / 1000
    print(f"| {server} | outside the server: zdm, client library, round trips | — | "
          f"{outside:.3f} s | — | {100 * outside / wall:.1f} % |")
    if sizes:
        print(f"| {server} | chunk sizes (from the chunk-end lookups) | {len(sizes)} chunks | "
              f"first {sizes[0]:,}, largest {max(sizes):,}, last {sizes[-1]:,} | — | — |")


def pglog(path, offset, wall):
    line_re = re.compile(r"duration: ([\d.]+) ms\s+(statement|parse|bind|execute)[^:]*: (.*)$")
    totals, counts, sizes = {}, {}, []
    with open(path, encoding="utf-8", errors="replace") as f:
        f.seek(offset)
        for line in f:
            m = line_re.search(line)
            if not m:
                continue
            ms, step, sql = float(m.group(1)), m.group(2), m.group(3)
            g = group(sql)
            totals[g] = totals.get(g, 0) + ms
            if step in ("statement", "execute"):
                counts[g] = counts.get(g, 0) + 1
                if g == "chunk_end" and offsets(sql):
                    sizes.append(offsets(sql))
    report("PostgreSQL", totals, counts, wall, sizes)


def slowlog(path, wall):
    text = open(path, encoding="utf-8", errors="replace").read()
    totals, counts, sizes = {}, {}, []
    for entry in re.split(r"(?m)^# User@Host", text)[1:]:
        m = re.search(r"Query_time: ([\d.]+)", entry)
        if not m:
            continue
        lines = [l for l in entry.strip().splitlines()[1:]
                 if l and not l.startswith("#") and not l.startswith("SET timestamp")
                 and not l.startswith("use ")]
        if not lines:
            continue
        sql = " ".join(lines)
        g = group(sql)
        totals[g] = totals.get(g, 0) + 1000 * float(m.group(1))
        counts[g] = counts.get(g, 0) + 1
        if g == "chunk_end" and offsets(sql):
            sizes.append(offsets(sql))
    report("MariaDB", totals, counts, wall, sizes)


if __name__ == "__main__":
    if sys.argv[1] == "pglog":
        pglog(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
    else:
        slowlog(sys.argv[2], float(sys.argv[3]))
