#!/usr/bin/env bash
# The project's one test command. Installs missing Debian packages, starts a throwaway
# PostgreSQL 15 and MariaDB 10.11 on free loopback ports, builds into build/ and runs every
# test (unit, integration, schema), then rebuilds the library and the unit tests with
# AddressSanitizer + UndefinedBehaviorSanitizer into build-asan/ and runs the unit tests
# again. The servers are stopped on every exit, also when a test fails or on Ctrl-C.
# Exit status: 0 when everything passed, 1 otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/deps.sh
source scripts/lib/deps.sh
# shellcheck source=scripts/lib/servers.sh
source scripts/lib/servers.sh

started_at=$SECONDS
passed=()
failed=()

# Runs one stage; a failure is recorded and the independent stages still run.
stage() {
  local name=$1
  shift
  printf '\n==== %s\n' "$name"
  if "$@"; then
    passed+=("$name")
  else
    failed+=("$name")
    return 1
  fi
}

build() {
  local dir=$1
  shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" && cmake --build "$dir" -j"$(nproc)"
}

# ctest, with its output kept in DIR/ctest.log for the closing summary.
run_ctest() {
  local dir=$1
  shift
  ctest --test-dir "$dir" --output-on-failure "$@" 2>&1 | tee "$dir/ctest.log"
}

ctest_counts() {
  grep -Eo '[0-9]+ tests? failed out of [0-9]+' "$1/ctest.log" 2>/dev/null || echo "no result"
}

zdm_install_deps
trap zdm_stop_servers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
zdm_start_postgres
zdm_start_mariadb

if stage "build (build/)" build build; then
  stage "all tests (build/)" run_ctest build || true
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
if stage "sanitizer build (build-asan/)" build build-asan -DZDM_SANITIZE=ON -DZDM_UNIT_TESTS_ONLY=ON; then
  stage "unit tests under ASan+UBSan (build-asan/)" run_ctest build-asan -L unit || true
fi

summary="build/: $(ctest_counts build); build-asan/ unit: $(ctest_counts build-asan); $((SECONDS - started_at))s"
if ((${#failed[@]} > 0)); then
  printf '\nzdm tests FAILED: %s-- %s\n' "$(printf '%s; ' "${failed[@]}")" "$summary"
  exit 1
fi
printf '\nzdm tests passed -- %s\n' "$summary"
