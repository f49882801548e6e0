#!/usr/bin/env bash
# bench/run.sh [--quick] [--no-build] [--rounds K] [--servers "product memory sqlite"] [--scenarios "1000:0 2000:3 5000:3"] [client options]
# Builds Release, then for each scenario (N participants : seconds their answers are spread over, 0 = all at once) runs
# the product and the two baselines interleaved (product, memory, sqlite, product, ...) K rounds (default 3), each on a
# fresh server on free loopback ports, and prints per scenario the medians and ranges and the product's figures as
# ratios of the baselines' (bench/README.md). Other options go to the client (e.g. --reconnect-share 0 --seed 42).
# BENCH_SERVER_ARGS adds settings to the product (e.g. another database); BENCH_RESULTS keeps every run's output there.
# Exit code: 0; 1 when a vote was lost or duplicated in any run; 2 when a call failed or was refused; 3 when a server did not start.
set -euo pipefail

ROUNDS=3
SERVERS="product memory sqlite"
SCENARIOS="1000:0 2000:3 5000:3"
CLIENT_ARGS=()
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) ROUNDS=1; SCENARIOS="1000:0 2000:3"; shift ;;
    --no-build) BUILD=""; shift ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --servers) SERVERS="$2"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    *) CLIENT_ARGS+=("$1"); shift ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WEB_DLL="${BENCH_WEB_DLL:-$ROOT/web/bin/Release/net10.0/Workshop.Web.dll}"
BASELINE_DLL="$ROOT/bench/Workshop.Bench.Baseline/bin/Release/net10.0/Workshop.Bench.Baseline.dll"
BENCH_DLL="$ROOT/bench/Workshop.Bench/bin/Release/net10.0/Workshop.Bench.dll"

if [ -n "$BUILD" ]; then
  echo "[run] building Release"
  for project in web/Workshop.Web.csproj bench/Workshop.Bench.Baseline/Workshop.Bench.Baseline.csproj bench/Workshop.Bench/Workshop.Bench.csproj; do
    dotnet build "$ROOT/$project" -c Release -nologo -v q -clp:ErrorsOnly
  done
fi

# Every phone is a socket at both ends, and both ends are on this machine.
largest=0
for scenario in $SCENARIOS; do n="${scenario%%:*}"; [ "$n" -gt "$largest" ] && largest="$n"; done
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((largest * 2 + 1000)) ]; then
  echo "[run] ulimit -n is $(ulimit -n): too low for $largest phones (raise the hard limit)"; exit 3
fi

RESULTS="${BENCH_RESULTS:-$(mktemp -d -t workshop-bench-results.XXXXXX)}"
mkdir -p "$RESULTS"
TMP=""
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then echo "[run] server did not stop in 30 s; killing it"; kill -KILL "$SERVER_PID" 2>/dev/null || true; fi
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
  if [ -n "$TMP" ]; then rm -rf "$TMP"; TMP=""; fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

# start_server KIND: the product (embedded silo, SQLite, demo workshop) or a baseline (memory or sqlite), from a temp folder.
start_server() {
  TMP="$(mktemp -d -t workshop-bench.XXXXXX)"
  local http silo gateway
  read -r http silo gateway < <(dotnet "$BENCH_DLL" free-ports 3)
  URL="http://127.0.0.1:$http"
  if [ "$1" = product ]; then
    # Its content root is web/ (read only); the display key goes to a file because no endpoint reveals it.
    (cd "$TMP" && exec dotnet "$WEB_DLL" --contentRoot "$ROOT/web" --Workshop:Demo=true --Urls="$URL" \
      --ConnectionStrings:Workshop="Data Source=$TMP/bench.db" --Cluster:SiloPort="$silo" --Cluster:GatewayPort="$gateway" \
      --Workshop:DemoDisplayKeyFile="$TMP/key" --Workshop:JoinAttemptsPerMinute=1000000 ${BENCH_SERVER_ARGS:-} >"$TMP/server.log" 2>&1) &
  else
    (cd "$TMP" && exec dotnet "$BASELINE_DLL" --Urls="$URL" --Baseline:Mode="$1" --Baseline:Database="$TMP/baseline.db" \
      --Baseline:DisplayKeyFile="$TMP/key" >"$TMP/server.log" 2>&1) &
  fi
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    if curl -fsS --max-time 2 "$URL/health" >/dev/null 2>&1 && [ -s "$TMP/key" ]; then return 0; fi
    sleep 0.5
  done
  echo "[run] the $1 server did not become healthy in 60 s; its log:"; tail -n 40 "$TMP/server.log"; exit 3
}

worst=0
for scenario in $SCENARIOS; do
  n="${scenario%%:*}"; spread="${scenario##*:}"
  for round in $(seq 1 "$ROUNDS"); do
    for server in $SERVERS; do
      start_server "$server"
      log="$RESULTS/n$n-spread$spread-$server-$round.log"
      set +e
      # The client's own collections stopped all its connections for up to 300 ms, counted as the server's latency: with server
      # GC, a 1 GB allocation budget (read by the runtime from these variables only) and a collection between the phases, none
      # falls within one.
      DOTNET_gcServer=1 DOTNET_GCgen0size=0x40000000 DOTNET_GCgen0MaxBudget=0x40000000 timeout --signal=TERM 1200 dotnet "$BENCH_DLL" run --url "$URL" --n "$n" --key-file "$TMP/key" --server-pid "$SERVER_PID" \
        --spread-seconds "$spread" "${CLIENT_ARGS[@]}" >"$log" 2>&1
      status=$?
      set -e
      warnings=$(grep -cE '^(warn|fail|crit):' "$TMP/server.log" || true)
      cp "$TMP/server.log" "${log%.log}.server.log"
      stop_server
      result=$(grep '^RESULT ' "$log" || echo "RESULT none")
      echo "[run] N=$n spread ${spread}s $server #$round: exit $status, server log $warnings warn/fail; ${result#RESULT }"
      [ "$status" -ne 0 ] && tail -n 5 "$log"
      echo "scenario=n$n-spread$spread server=$server round=$round exit=$status ${result#RESULT }" >>"$RESULTS/results.txt"
      if [ "$status" -eq 1 ] || { [ "$status" -ne 0 ] && [ "$worst" -ne 1 ]; }; then worst="$status"; fi
    done
  done
done

echo
dotnet "$BENCH_DLL" summary "$RESULTS/results.txt"
echo "[run] every run's client and server output: $RESULTS"
exit "$worst"
