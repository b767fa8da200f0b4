#!/usr/bin/env bash
# A demo of zdm against a throwaway PostgreSQL: installs what it needs, builds, starts a
# server on a free loopback port, creates two databases with a users table and data, and
# carries the users.email -> email_address example plan through expand, dual_write,
# backfill, read_switch and contract with zdm apply; shows zdm status; then applies it to
# the second copy and rolls it back with zdm rollback. Everything it starts is stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
source scripts/lib/servers.sh

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# Echoes the command with any DSN's password masked, as zdm itself prints DSNs.
run() { printf '$ %s\n' "$(printf '%s' "$*" | sed -E 's#(://[^:/@ ]+):[^@ ]+@#\1:***@#g')"; "$@"; }

say "Installing Debian packages (only what is missing)"
zdm_install_deps

say "Building zdm"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target zdm >/dev/null
zdm=build/zdm
run "$zdm" --version

say "Starting a throwaway PostgreSQL 15 on loopback"
trap zdm_stop_servers EXIT
zdm_start_postgres
dsn=$ZDM_TEST_PG_DSN

say "Creating two copies (databases demo and demo_copy) of a users table with 10,000 rows"
server=${ZDM_TEST_PG_DSN%/postgres}
for database in demo demo_copy; do
  psql "$ZDM_TEST_PG_DSN" -q -c "CREATE DATABASE $database"
  psql "$server/$database" -v ON_ERROR_STOP=1 -q <<'SQL'
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email varchar(255) NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX idx_users_email ON users (email);
INSERT INTO users (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 10000) AS g;
SQL
done
dsn=$server/demo
psql "$dsn" -c '\d users'
checksum() { psql "$1" -Atc "SELECT md5(string_agg(id || ':' || $2, ',' ORDER BY id)) FROM users"; }
plan=plans/pg-rename-email.yaml
say "zdm validate $plan (offline: never connects)"
run "$zdm" validate "$plan"

say "The same for CI: zdm validate --format json (first lines)"
# sed reads to the end: head would close the pipe early (zdm exits 141 under pipefail).
"$zdm" validate --format json "$plan" | sed -n 1,20p

say "A broken plan: every problem with file:line:col and a hint, exit code 2"
broken=$(mktemp --suffix=.yaml)
sed -e 's/^name: .*/name: Users Email/' -e '0,/table: users/s//tabel: users/' "$plan" >"$broken"
set +e
"$zdm" validate "$broken"
echo "exit code: $?"
set -e
rm -f "$broken"

# The example observes dual writes for 1 minute; the demo shortens that to 3 seconds.
demo_plan=$(mktemp --suffix=.yaml)
trap 'rm -f "$demo_plan"; zdm_stop_servers' EXIT
sed -e 's/observe: 1m /observe: 3s /' -e 's/every: 15s/every: 1s/' "$plan" >"$demo_plan"

say "zdm apply --dry-run: the exact SQL of each phase and the lock it takes; writes nothing"
run "$zdm" apply --dry-run --dsn "$dsn" "$demo_plan"

say "zdm apply: expand -> dual_write -> backfill -> read_switch -> contract"
echo "(--skip-soak: the plan asks for 24h between read switch and contract)"
before=$(checksum "$dsn" email)
run "$zdm" apply --skip-soak --dsn "$dsn" "$demo_plan"
psql "$dsn" -c '\d users'
after=$(checksum "$dsn" email_address)
echo "checksum of (id, email) before: $before; of (id, email_address) after: $after"
[[ "$before" == "$after" ]] || { echo "demo: data differs" >&2; exit 1; }

say "zdm status (reads the database; no plan file needed)"
ZDM_DSN=$dsn run "$zdm" status

say "On the second copy: zdm apply, then zdm rollback from what the database recorded"
copy=$server/demo_copy
before=$(checksum "$copy" email)
run "$zdm" apply --skip-soak --dsn "$copy" "$demo_plan" 2>/dev/null
echo "(applied; log hidden)"
ZDM_DSN=$copy run "$zdm" rollback pg-rename-email --yes
psql "$copy" -c '\d users'
after=$(checksum "$copy" email)
echo "checksum of (id, email) before: $before; after rollback: $after"
[[ "$before" == "$after" ]] || { echo "demo: data differs after rollback" >&2; exit 1; }
say "Demo complete"
