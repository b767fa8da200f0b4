# shellcheck shell=bash
# Throwaway PostgreSQL 15 and MariaDB 10.11 servers for tests and demos. Each one listens
# only on 127.0.0.1, on a free port the kernel picks, and keeps its data, unix socket, pid
# file and logs in its own temporary folder. Passwords are random for every start.
#
#   source scripts/lib/servers.sh
#   trap zdm_stop_servers EXIT     # stops whatever was started, also on failure
#   zdm_start_postgres             # exports ZDM_TEST_PG_DSN
#   zdm_start_mariadb              # exports ZDM_TEST_MYSQL_DSN and ZDM_TEST_MYSQL_DEFAULTS_FILE
#
#   ZDM_TEST_PG_DSN=postgresql://postgres:PASSWORD@127.0.0.1:PORT/postgres
#       superuser "postgres"; "postgres" is the maintenance database.
#   ZDM_TEST_MYSQL_DSN=mysql://zdm:PASSWORD@127.0.0.1:PORT/zdm
#       user "zdm" with ALL PRIVILEGES ... WITH GRANT OPTION; "zdm" is an empty database.
#       The disks plugin is loaded (information_schema.DISKS: the free space zdm checks
#       before a backfill by copy).
#   ZDM_TEST_MYSQL_DEFAULTS_FILE=a client option file for the same account:
#       mariadb --defaults-file="$ZDM_TEST_MYSQL_DEFAULTS_FILE" -e 'SELECT 1'
#
# Tests create their own databases on these servers. Run as root, the servers run as the
# system users postgres and mysql (they refuse to run as root); otherwise as the caller.
# The folders are created under ZDM_SERVERS_TMPDIR (default /tmp), which those users must
# be able to reach.

ZDM_PG_BIN=${ZDM_PG_BIN:-/usr/lib/postgresql/15/bin}
ZDM_MARIADBD=${ZDM_MARIADBD:-/usr/sbin/mariadbd}
ZDM_SERVER_START_TIMEOUT=${ZDM_SERVER_START_TIMEOUT:-60}

# ---------------------------------------------------------------------------------------
# Helpers

# A free TCP port on 127.0.0.1, chosen by the kernel (system python: no virtualenv shims).
zdm__free_port() {
  /usr/bin/python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Hex only, so the password needs no escaping in a URI, SQL or an option file.
zdm__random_password() {
  od -An -N18 -tx1 /dev/urandom | tr -d ' \n'
}

zdm__now_ms() {
  date +%s%3N
}

zdm__seconds_since() {
  local elapsed_ms=$(($(zdm__now_ms) - $1))
  printf '%d.%01d' $((elapsed_ms / 1000)) $(((elapsed_ms % 1000) / 100))
}

# The system user a server runs as: root may not run either server.
zdm__server_user() {
  if [[ "$(id -u)" -eq 0 ]]; then
    printf '%s\n' "$1"
  else
    id -un
  fi
}

# Runs a command as USER from DIR (the server users cannot read the caller's folder).
zdm__run_as() {
  local user=$1 dir=$2
  shift 2
  if [[ "$(id -u)" -eq 0 && "$user" != root ]]; then
    (cd "$dir" && runuser -u "$user" -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

# A new private folder for one server, owned by the user the server runs as.
zdm__make_server_dir() {
  local kind=$1 owner=$2 dir
  dir=$(mktemp -d "${ZDM_SERVERS_TMPDIR:-/tmp}/zdm-$kind.XXXXXX") || return 1
  chmod 0700 "$dir"
  chown "$owner:" "$dir"
  printf '%s\n' "$dir"
}

zdm__print_log_tail() {
  local file
  for file in "$@"; do
    if [[ -s "$file" ]]; then
      echo "---- last lines of $file ----" >&2
      tail -n 30 "$file" >&2
    fi
  done
}

# True while PID runs (a zombie waiting to be reaped does not count).
zdm__pid_alive() {
  local pid=$1 stat state
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  state=${stat##*) }
  [[ "${state%% *}" != Z ]]
}

zdm__pid_gone() {
  ! zdm__pid_alive "$1"
}

# True when PID is a mariadbd: a pid file can outlive its process, and the pid be reused.
zdm__is_mariadbd() {
  [[ "$(cat "/proc/$1/comm" 2>/dev/null)" == mariadbd ]]
}

# Waits until "$@" succeeds, for at most SECONDS; false on timeout.
zdm__wait_for() {
  local seconds=$1
  shift
  local deadline=$(($(zdm__now_ms) + seconds * 1000))
  until "$@" >/dev/null 2>&1; do
    if (($(zdm__now_ms) > deadline)); then
      return 1
    fi
    sleep 0.1
  done
}

# ---------------------------------------------------------------------------------------
# PostgreSQL 15

zdm_start_postgres() {
  if [[ -n "${ZDM__PG_DIR:-}" ]]; then
    echo "zdm: PostgreSQL is already running (folder $ZDM__PG_DIR)" >&2
    return 1
  fi
  local started owner dir password port attempt
  started=$(zdm__now_ms)
  owner=$(zdm__server_user postgres)
  dir=$(zdm__make_server_dir postgres "$owner") || return 1
  ZDM__PG_DIR=$dir
  ZDM__PG_OWNER=$owner

  password=$(zdm__random_password)
  printf '%s\n' "$password" >"$dir/pwfile"
  chown "$owner:" "$dir/pwfile"
  if ! zdm__run_as "$owner" "$dir" "$ZDM_PG_BIN/initdb" --pgdata="$dir/data" --username=postgres \
    --pwfile="$dir/pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1; then
    echo "zdm: initdb failed" >&2
    zdm__print_log_tail "$dir/initdb.log"
    zdm_stop_postgres
    return 1
  fi
  rm -f "$dir/pwfile"
  # The unix socket lives in the private folder, so "trust" there reaches only its owner
  # and root. Durability is irrelevant for a throwaway server: trade it for speed.
  cat >>"$dir/data/postgresql.conf" <<EOF

# zdm throwaway test server
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

  # The port is free when asked for but may be taken before the server binds it: retry.
  for attempt in 1 2 3; do
    port=$(zdm__free_port)
    if [[ -f "$dir/postgres.log" ]]; then
      : >"$dir/postgres.log" # so that only this attempt's errors are looked at
    fi
    if zdm__run_as "$owner" "$dir" "$ZDM_PG_BIN/pg_ctl" start --pgdata="$dir/data" \
      --log="$dir/postgres.log" --wait --timeout="$ZDM_SERVER_START_TIMEOUT" \
      --options="-p $port" >"$dir/pg_ctl.log" 2>&1; then
      break
    fi
    if ((attempt == 3)) || ! grep -q 'could not bind' "$dir/postgres.log" 2>/dev/null; then
      echo "zdm: PostgreSQL did not start" >&2
      zdm__print_log_tail "$dir/pg_ctl.log" "$dir/postgres.log"
      zdm_stop_postgres
      return 1
    fi
  done
  if ! zdm__wait_for "$ZDM_SERVER_START_TIMEOUT" "$ZDM_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    echo "zdm: PostgreSQL on 127.0.0.1:$port is not accepting connections" >&2
    zdm__print_log_tail "$dir/postgres.log"
    zdm_stop_postgres
    return 1
  fi
  export ZDM_TEST_PG_DSN="postgresql://postgres:$password@127.0.0.1:$port/postgres"
  echo "zdm: PostgreSQL 15 ready on 127.0.0.1:$port in $(zdm__seconds_since "$started")s ($dir)"
}

zdm_stop_postgres() {
  local dir=${ZDM__PG_DIR:-} pid
  if [[ -z "$dir" ]]; then
    return 0
  fi
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    if ! zdm__run_as "${ZDM__PG_OWNER:-postgres}" "$dir" "$ZDM_PG_BIN/pg_ctl" stop \
      --pgdata="$dir/data" --mode=fast --wait --timeout=60 >/dev/null 2>&1; then
      pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
      if [[ -n "$pid" ]] && zdm__pid_alive "$pid"; then
        echo "zdm: PostgreSQL (pid $pid) did not stop; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
  fi
  rm -rf "$dir"
  unset ZDM__PG_DIR ZDM__PG_OWNER ZDM_TEST_PG_DSN
  echo "zdm: PostgreSQL stopped"
}

# ---------------------------------------------------------------------------------------
# MariaDB 10.11

# mariadb-install-db gives root@localhost (or, not as root, the caller's account) login
# through the unix socket by OS identity: that is how we create the zdm user. Reads SQL
# from standard input.
zdm__mariadb_admin_sql() {
  local admin=root
  if [[ "$(id -u)" -ne 0 ]]; then
    admin=$(id -un)
  fi
  mariadb --no-defaults --socket="$ZDM__MARIADB_DIR/mysqld.sock" --user="$admin" --batch
}

# Starts mariadbd in the background on PORT; sets ZDM__MARIADB_PID.
zdm__launch_mariadbd() {
  local dir=$1 owner=$2 port=$3
  local run_as=()
  if [[ "$(id -u)" -eq 0 ]]; then
    run_as=(--user="$owner")
  fi
  (cd "$dir" && exec "$ZDM_MARIADBD" --no-defaults "${run_as[@]}" \
    --datadir="$dir/data" --tmpdir="$dir/tmp" --socket="$dir/mysqld.sock" \
    --pid-file="$dir/mysqld.pid" --log-error="$dir/mariadb.log" \
    --bind-address=127.0.0.1 --port="$port" --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --skip-log-bin \
    --plugin-load-add=disks \
    </dev/null >>"$dir/mariadb.log" 2>&1) &
  ZDM__MARIADB_PID=$!
}

zdm__mariadb_ready() {
  zdm__pid_alive "$ZDM__MARIADB_PID" || return 2
  mariadb-admin --no-defaults --socket="$ZDM__MARIADB_DIR/mysqld.sock" --connect-timeout=2 \
    ping >/dev/null 2>&1
}

# Waits for the server started by zdm__launch_mariadbd: 0 ready, 1 timeout, 2 exited.
zdm__wait_for_mariadbd() {
  local deadline=$(($(zdm__now_ms) + ZDM_SERVER_START_TIMEOUT * 1000)) status
  while true; do
    status=0
    zdm__mariadb_ready || status=$?
    if ((status != 1)); then
      return "$status"
    fi
    if (($(zdm__now_ms) > deadline)); then
      return 1
    fi
    sleep 0.1
  done
}

zdm_start_mariadb() {
  if [[ -n "${ZDM__MARIADB_DIR:-}" ]]; then
    echo "zdm: MariaDB is already running (folder $ZDM__MARIADB_DIR)" >&2
    return 1
  fi
  local started owner dir password port attempt status install_as=()
  started=$(zdm__now_ms)
  owner=$(zdm__server_user mysql)
  dir=$(zdm__make_server_dir mariadb "$owner") || return 1
  ZDM__MARIADB_DIR=$dir
  mkdir "$dir/tmp"
  touch "$dir/mariadb.log"
  chown "$owner:" "$dir/tmp" "$dir/mariadb.log"

  if [[ "$(id -u)" -eq 0 ]]; then
    install_as=(--user="$owner")
  else
    install_as=(--auth-root-socket-user="$owner")
  fi
  if ! (cd "$dir" && mariadb-install-db --no-defaults "${install_as[@]}" \
    --datadir="$dir/data" --skip-test-db --skip-name-resolve \
    --auth-root-authentication-method=socket >"$dir/install.log" 2>&1); then
    echo "zdm: mariadb-install-db failed" >&2
    zdm__print_log_tail "$dir/install.log"
    zdm_stop_mariadb
    return 1
  fi

  # The port is free when asked for but may be taken before the server binds it: retry.
  for attempt in 1 2 3; do
    port=$(zdm__free_port)
    : >"$dir/mariadb.log" # so that only this attempt's errors are looked at
    zdm__launch_mariadbd "$dir" "$owner" "$port"
    status=0
    zdm__wait_for_mariadbd || status=$?
    if ((status == 0)); then
      break
    fi
    if ((status == 2 && attempt < 3)) && grep -q 'Bind on TCP/IP port' "$dir/mariadb.log"; then
      wait "$ZDM__MARIADB_PID" 2>/dev/null || true
      continue
    fi
    echo "zdm: MariaDB did not start" >&2
    zdm__print_log_tail "$dir/mariadb.log"
    zdm_stop_mariadb
    return 1
  done

  password=$(zdm__random_password)
  if ! zdm__mariadb_admin_sql <<EOF; then
CREATE USER 'zdm'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER 'zdm'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'zdm'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'zdm'@'localhost' WITH GRANT OPTION;
CREATE DATABASE zdm;
EOF
    echo "zdm: could not create the MariaDB user zdm" >&2
    zdm__print_log_tail "$dir/mariadb.log"
    zdm_stop_mariadb
    return 1
  fi
  (
    umask 077
    printf '[client]\nhost=127.0.0.1\nport=%s\nuser=zdm\npassword=%s\ndatabase=zdm\n' \
      "$port" "$password" >"$dir/client.cnf"
  )
  if ! mariadb --defaults-file="$dir/client.cnf" --batch -e 'SELECT 1' >/dev/null 2>"$dir/client.log"; then
    echo "zdm: MariaDB user zdm cannot log in over TCP" >&2
    zdm__print_log_tail "$dir/client.log" "$dir/mariadb.log"
    zdm_stop_mariadb
    return 1
  fi
  export ZDM_TEST_MYSQL_DSN="mysql://zdm:$password@127.0.0.1:$port/zdm"
  export ZDM_TEST_MYSQL_DEFAULTS_FILE="$dir/client.cnf"
  echo "zdm: MariaDB 10.11 ready on 127.0.0.1:$port in $(zdm__seconds_since "$started")s ($dir)"
}

zdm_stop_mariadb() {
  local dir=${ZDM__MARIADB_DIR:-} pid=${ZDM__MARIADB_PID:-}
  if [[ -z "$dir" ]]; then
    return 0
  fi
  if [[ -z "$pid" && -f "$dir/mysqld.pid" ]]; then
    pid=$(cat "$dir/mysqld.pid" 2>/dev/null || true)
  fi
  if [[ -n "$pid" ]] && zdm__pid_alive "$pid" && zdm__is_mariadbd "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    # A clean InnoDB shutdown takes about a second; do not wait forever.
    if ! zdm__wait_for 60 zdm__pid_gone "$pid"; then
      echo "zdm: MariaDB (pid $pid) did not stop; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  if [[ -n "$pid" ]]; then
    wait "$pid" 2>/dev/null || true # reap it when it is our child
  fi
  rm -rf "$dir"
  unset ZDM__MARIADB_DIR ZDM__MARIADB_PID ZDM_TEST_MYSQL_DSN ZDM_TEST_MYSQL_DEFAULTS_FILE
  echo "zdm: MariaDB stopped"
}

# ---------------------------------------------------------------------------------------

# Stops every server started from this shell and removes its folder. Safe to call twice,
# and meant for an EXIT trap: it never fails, so the script keeps its own exit status.
zdm_stop_servers() {
  zdm_stop_postgres || true
  zdm_stop_mariadb || true
}
