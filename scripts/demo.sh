#!/usr/bin/env bash
# A demo of zdm against a throwaway PostgreSQL: installs what it needs, builds, starts a
# server on a free loopback port, creates a users table with data, and runs zdm on the
# users.email -> email_address example plan. Everything it starts is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
source scripts/lib/servers.sh

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

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

say "Creating demo table users with 10,000 rows"
psql "$dsn" -v ON_ERROR_STOP=1 -q <<'SQL'
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO users (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 10000) AS g;
SQL
psql "$dsn" -c '\d users'

plan=plans/pg-rename-email.yaml
say "zdm validate $plan (offline: never connects)"
run "$zdm" validate "$plan"

say "The same for CI: zdm validate --format json (first lines)"
"$zdm" validate --format json "$plan" | head -n 20

say "A broken plan: every problem with file:line:col and a hint, exit code 2"
broken=$(mktemp --suffix=.yaml)
sed -e 's/^name: .*/name: Users Email/' -e '0,/table: users/s//tabel: users/' "$plan" >"$broken"
set +e
"$zdm" validate "$broken"
echo "exit code: $?"
set -e
rm -f "$broken"

say "zdm apply"
echo "The phase engine (zdm apply / status / rollback) is the next piece of work;"
echo "this demo runs it here as soon as it exists."
