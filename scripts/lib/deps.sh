# shellcheck shell=bash
# Debian 12 packages that building and testing zdm need. Source this file, then call
# zdm_install_deps: it installs them only when one is missing, so repeated runs stay fast
# and work offline.

ZDM_DEBIAN_PACKAGES=(
  cmake g++ make pkg-config
  libcli11-dev libpqxx-dev libmysqlcppconn-dev libyaml-cpp-dev libspdlog-dev libfmt-dev
  nlohmann-json3-dev libgtest-dev libssl-dev libcurl4-openssl-dev
  libpg-query-dev # PostgreSQL's own parser, for zdm lint on raw SQL
  postgresql-15 postgresql-client-15 mariadb-server mariadb-client
  python3 python3-jsonschema python3-yaml clang-format
  prometheus # the prometheus gate tests start a real one on loopback
)

# Prints the packages of ZDM_DEBIAN_PACKAGES that are not installed, one per line.
zdm_missing_packages() {
  local package status
  for package in "${ZDM_DEBIAN_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    if [[ "$status" != "installed" ]]; then
      printf '%s\n' "$package"
    fi
  done
}

# Runs a command as root: directly when we are root, through sudo otherwise.
zdm_as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "zdm: installing Debian packages needs root; run as root or install sudo" >&2
    return 1
  fi
}

zdm_install_deps() {
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "zdm: dpkg-query and apt-get not found; this script expects Debian 12" >&2
    return 1
  fi
  local missing
  missing=$(zdm_missing_packages)
  if [[ -z "$missing" ]]; then
    echo "zdm: all ${#ZDM_DEBIAN_PACKAGES[@]} Debian packages are installed"
    return 0
  fi
  echo "zdm: missing Debian packages: ${missing//$'\n'/ }"
  zdm_as_root apt-get update
  zdm_as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${ZDM_DEBIAN_PACKAGES[@]}"
}

# Packages that only bench/run.sh needs, kept out of the test list: pt-online-schema-change
# (the MariaDB baseline), sysbench (the MariaDB workload) and GNU time (zdm's peak RSS).
# pgbench comes with postgresql-15.
ZDM_BENCH_DEBIAN_PACKAGES=(percona-toolkit sysbench time)

# zdm_install_deps for the test packages plus the bench packages.
zdm_install_bench_deps() {
  local ZDM_DEBIAN_PACKAGES=("${ZDM_DEBIAN_PACKAGES[@]}" "${ZDM_BENCH_DEBIAN_PACKAGES[@]}")
  zdm_install_deps
}
