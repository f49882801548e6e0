#!/usr/bin/env bash
# Runs every test of the solution, with what the tests need: Debian's Chromium for the browser
# tests (with the Noto CJK fonts, so Chinese renders), pdftotext for the printed report, a throw-away PostgreSQL
# for the storage tests and a throw-away Redis for the cluster tests (installed with apt-get when missing).
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
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing ${need_apt[*]} ..."
  sudo_if_needed apt-get update -qq >/dev/null
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# A throw-away PostgreSQL cluster and Redis on loopback, stopped and removed at exit.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir="$work/pg"
redis_dir="$work/redis"
# Ports to try in turn: a port can be briefly unusable after another program's connections on it (TIME-WAIT).
pg_ports=${WORKSHOP_TEST_PG_PORT:-$(seq 55432 55441)}
redis_ports=${WORKSHOP_TEST_REDIS_PORT:-$(seq 56379 56388)}
as_postgres() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$pg_dir"; su postgres -c "$*"; else bash -c "$*"; fi; }
cleanup() {
  # Only the Redis this script started (its pid file), never another one on the same port.
  if [ -s "$redis_dir/redis.pid" ]; then
    redis_pid=$(cat "$redis_dir/redis.pid")
    kill "$redis_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$redis_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  [ ! -f "$pg_dir/data/postmaster.pid" ] || as_postgres "$pg_bin/pg_ctl -D $pg_dir/data -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# mktemp -d makes a folder only its owner may enter; the postgres user (when run as root) must reach pg/.
chmod 755 "$work"
mkdir -p "$pg_dir"
as_postgres "$pg_bin/initdb -D $pg_dir/data -A trust -U postgres" >/dev/null
pg_port=""
for port in $pg_ports; do
  if as_postgres "$pg_bin/pg_ctl -D $pg_dir/data -o '-p $port -k $pg_dir -c listen_addresses=127.0.0.1' -l $pg_dir/server.log -w start" >/dev/null 2>&1; then
    pg_port=$port; break
  fi
done
if [ -z "$pg_port" ]; then echo "PostgreSQL did not start on any of the ports $(echo $pg_ports):" >&2; cat "$pg_dir/server.log" >&2; exit 1; fi

# A throw-away Redis on loopback (membership of the multi-silo tests), no persistence, stopped at exit.
mkdir -p "$redis_dir"
redis_port=""
for port in $redis_ports; do
  # A port where another Redis answers is skipped: the tests must never touch someone else's data.
  if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then continue; fi
  redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --dir "$redis_dir" \
    --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" --save "" --appendonly no
  for _ in $(seq 1 30); do [ -s "$redis_dir/redis.pid" ] && redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  if [ -s "$redis_dir/redis.pid" ] && redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then redis_port=$port; break; fi
done
if [ -z "$redis_port" ]; then echo "Redis did not start on any of the ports $(echo $redis_ports):" >&2; cat "$redis_dir/redis.log" >&2; exit 1; fi

export WORKSHOP_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Include Error Detail=true"
export WORKSHOP_TEST_REDIS="127.0.0.1:$redis_port"
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
