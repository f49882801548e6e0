#!/usr/bin/env bash
# bench/run.sh [N]: builds Release, starts the web app (demo workshop TRYME5, embedded silo, SQLite in a temp folder)
# on free loopback ports, runs the SignalR load client with N participants (default 1000), stops the server and
# removes the temp folder. Exit code: the client's (0 ok; 1 lost or duplicated votes; 2 failed or refused calls).
# Arguments after N go to the client (e.g. --seed 42 --spread-seconds 10); BENCH_SERVER_ARGS adds server settings (they
# override, e.g. another database); BENCH_KEEP_LOG=FILE keeps a copy of the server's log.
set -euo pipefail

N="${1:-1000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WEB_OUT="$ROOT/web/bin/Release/net10.0"
BENCH_DLL="$ROOT/bench/Workshop.Bench/bin/Release/net10.0/Workshop.Bench.dll"

echo "[run] building Release"
dotnet build "$ROOT/web/Workshop.Web.csproj" -c Release -nologo -v q -clp:ErrorsOnly
dotnet build "$ROOT/bench/Workshop.Bench/Workshop.Bench.csproj" -c Release -nologo -v q -clp:ErrorsOnly

TMP="$(mktemp -d -t workshop-bench.XXXXXX)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then echo "[run] server did not stop in 30 s; killing it"; kill -KILL "$SERVER_PID" 2>/dev/null || true; fi
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "${BENCH_KEEP_LOG:-}" ] && [ -f "$TMP/server.log" ]; then cp "$TMP/server.log" "$BENCH_KEEP_LOG"; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

read -r HTTP_PORT SILO_PORT GATEWAY_PORT < <(dotnet "$BENCH_DLL" free-ports 3)
URL="http://127.0.0.1:$HTTP_PORT"

# The server runs in the temp folder; its content root is web/ (read only: appsettings.json and wwwroot), all it writes goes to the temp folder.
(cd "$TMP" && exec dotnet "$WEB_OUT/Workshop.Web.dll" \
  --contentRoot "$ROOT/web" \
  --Workshop:Demo=true \
  --Urls="$URL" \
  --ConnectionStrings:Workshop="Data Source=$TMP/bench.db" \
  --Cluster:SiloPort="$SILO_PORT" \
  --Cluster:GatewayPort="$GATEWAY_PORT" \
  --Workshop:DemoDisplayKeyFile="$TMP/key" \
  --Workshop:JoinAttemptsPerMinute=1000000 ${BENCH_SERVER_ARGS:-} >"$TMP/server.log" 2>&1) &
SERVER_PID=$!
echo "[run] server pid $SERVER_PID on $URL (silo $SILO_PORT, gateway $GATEWAY_PORT), temp $TMP"

healthy=""
for _ in $(seq 1 120); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
  if curl -fsS --max-time 2 "$URL/health" >/dev/null 2>&1 && [ -s "$TMP/key" ]; then healthy=1; break; fi
  sleep 0.5
done
if [ -z "$healthy" ]; then
  echo "[run] the server did not become healthy in 60 s; its log:"; tail -n 40 "$TMP/server.log"; exit 3
fi

set +e
timeout --signal=TERM 1200 dotnet "$BENCH_DLL" run --url "$URL" --n "$N" --key-file "$TMP/key" --server-pid "$SERVER_PID" "${@:2}"
status=$?
set -e

# Server-side warnings and errors during the run (e.g. a tally recount, a failed hub call).
warnings=$(grep -cE '^(warn|fail|crit):' "$TMP/server.log" || true)
echo "[run] server log: $warnings warning/error entries (the demo mode's start-up notice is one)"
grep -E '^(warn|fail|crit):' -A1 "$TMP/server.log" | grep -v '^--$' | head -n 20 || true
exit "$status"
