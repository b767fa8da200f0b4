-- pgbench script of the PostgreSQL workload that runs beside the backfills (bench/run.sh):
-- one transaction updates a random users row and reads another. It names its columns:
-- with -M prepared, a `SELECT *` prepared before ADD COLUMN fails after it ("cached plan
-- must not change result type"), as it would in an application that prepares `SELECT *`.
-- Run with -D rows=N (the table's row count) and -M prepared.
\set id random(1, :rows)
\set other random(1, :rows)
BEGIN;
UPDATE users SET updated_at = now() WHERE id = :id;
SELECT id, email, updated_at FROM users WHERE id = :other;
END;
