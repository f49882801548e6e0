#!/usr/bin/env bash
# Runs every test of the solution, with what the tests need: Debian's Chromium for the browser
# tests and a throw-away PostgreSQL for the storage tests (installed with apt-get when missing).
# Prints a closing line "N passed, N failed" and exits non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
results="$work/results"

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing ${need_apt[*]} ..."
  sudo_if_needed apt-get update -qq >/dev/null
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# A throw-away PostgreSQL cluster on loopback, removed at exit.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir="$work/pg"
pg_port=${WORKSHOP_TEST_PG_PORT:-55432}
mkdir -p "$pg_dir"
as_postgres() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$pg_dir"; su postgres -c "$*"; else bash -c "$*"; fi; }
as_postgres "$pg_bin/initdb -D $pg_dir/data -A trust -U postgres" >/dev/null
as_postgres "$pg_bin/pg_ctl -D $pg_dir/data -o '-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1' -l $pg_dir/server.log -w start" >/dev/null
cleanup() { as_postgres "$pg_bin/pg_ctl -D $pg_dir/data -m fast stop" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

export WORKSHOP_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Include Error Detail=true"
export WORKSHOP_TEST_CHROMIUM=${WORKSHOP_TEST_CHROMIUM:-/usr/bin/chromium}

status=0
dotnet test "$root/Workshop.sln" --logger "trx" --results-directory "$results" "$@" || status=$?

# dotnet test's own summary is not a line CI reads: sum the TRX counters into one.
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
