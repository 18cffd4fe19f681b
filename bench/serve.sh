#!/usr/bin/env bash
# Load test of `panet serve` on loopback with wrk, plus a /sparql comparison with rdflib-endpoint
# serving the same ontology file. Writes $BENCH_OUT/serve-results.md (default bench/out).
#
# Usage: bench/serve.sh
#
# Environment (all optional):
#   PANET_BIN          panet binary to use (default: a release build in .build-serve)
#   BENCH_OUT          output folder (default bench/out)
#   SERVE_DURATION     seconds per wrk run (default 15)
#   SERVE_MIXED        seconds of the mixed-load run (default 60)
#   SERVE_THREADS      wrk threads (default 2)
#   SERVE_CONNECTIONS  wrk connections (default 32)
#   SERVE_PORT         port for panet (default 18181); rdflib-endpoint uses SERVE_PORT+1
#   SKIP_RDFLIB=1      skip the rdflib-endpoint comparison
#   PYTHON             interpreter for the rdflib-endpoint venv (default python3)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT=${BENCH_OUT:-$HERE/out}
RAW=$OUT/raw-serve
DURATION=${SERVE_DURATION:-15}
MIXED=${SERVE_MIXED:-60}
THREADS=${SERVE_THREADS:-2}
CONNECTIONS=${SERVE_CONNECTIONS:-32}
PORT=${SERVE_PORT:-18181}
PEER_PORT=$((PORT + 1))
ONTOLOGY=$ROOT/ontology/PaNET.owl
PYTHON=${PYTHON:-python3}
VENV=$HERE/.venv-serve
mkdir -p "$RAW"

command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 2; }
if [ -z "${PANET_BIN:-}" ]; then
  (cd "$ROOT" && swift build -c release --scratch-path .build-serve --product panet >"$RAW/build.log" 2>&1) \
    || { tail -20 "$RAW/build.log" >&2; exit 2; }
  PANET_BIN=$ROOT/.build-serve/release/panet
fi

SERVER_PID=""
PEER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -n "$PEER_PID" ] && kill "$PEER_PID" 2>/dev/null || true
}
trap cleanup EXIT

wait_for() { # url
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "server at $1 did not come up" >&2
  return 1
}

urlencode() { "$PYTHON" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

CLOSURE='PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?sub WHERE { ?sub rdfs:subClassOf+ <http://purl.org/pan-science/PaNET/PaNET01012> }'
CLOSURE_Q=$(urlencode "$CLOSURE")
WHERE_Q=$(urlencode '{"or":[{"name":"small angle scattering"},{"name":{"neq":"x-ray probe"}}]}')

RESULTS=$OUT/serve-results.md
{
  echo "# panet serve load test"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on 127.0.0.1; panet: $PANET_BIN"
  echo
  echo "| run | requests/s | p50 ms | p99 ms | errors |"
  echo "|---|---:|---:|---:|---:|"
} >"$RESULTS"

# Runs wrk and appends one table row. Args: name url [extra wrk args...]
run_wrk() {
  local name=$1 url=$2
  shift 2
  local file=$RAW/$(echo "$name" | tr ' /' '__').txt
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WRK_DURATION:-$DURATION}s" --latency "$@" "$url" >"$file" 2>&1 || true
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' "$file")
  p50=$(awk '$1 == "50%" {print $2}' "$file")
  p99=$(awk '$1 == "99%" {print $2}' "$file")
  errors=$(awk '/Non-2xx or 3xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$file")
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$rps" "$(to_ms "$p50")" "$(to_ms "$p99")" "$errors" >>"$RESULTS"
  echo "$name: $rps req/s, p50 $p50, p99 $p99, errors $errors" >&2
}

to_ms() { # wrk latency (123.45us, 1.20ms, 2.00s) in milliseconds
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.1f", v * 1000 }
    else print v }'
}

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

start_panet() { # extra args
  "$PANET_BIN" serve --port "$PORT" --ontology "$ONTOLOGY" --watch-interval 0 "$@" 2>"$RAW/panet-serve.log" &
  SERVER_PID=$!
  wait_for "http://127.0.0.1:$PORT/health"
}

stop_panet() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

BASE=http://127.0.0.1:$PORT
start_panet --no-access-log
for _ in 1 2 3; do curl -fsS -o /dev/null "$BASE/api/techniques/PaNET01200"; done
run_wrk "term lookup /api/techniques/PaNET01200" "$BASE/api/techniques/PaNET01200"
run_wrk "expansion /api/expand?term=small angle scattering" "$BASE/api/expand?term=small%20angle%20scattering"
run_wrk "pan-ontology where (or, neq)" "$BASE/techniques/pan-ontology?where=$WHERE_Q"
run_wrk "search /api/techniques?q=saxs" "$BASE/api/techniques?q=saxs&limit=10"
run_wrk "sparql closure (JSON)" "$BASE/sparql?query=$CLOSURE_Q" -H "Accept: application/sparql-results+json"
stop_panet

# The same lookup with the access log on (one line per request to stderr).
start_panet
run_wrk "term lookup, access log on" "$BASE/api/techniques/PaNET01200"
stop_panet

# Mixed load: rotate over the routes for $MIXED seconds, sampling the server's RSS.
cat >"$RAW/mixed.lua" <<LUA
local paths = {
  "/api/techniques/PaNET01200", "/api/techniques/PaNET01012/descendants", "/api/expand?term=PaNET01124",
  "/api/techniques?q=diffr", "/techniques/pan-ontology?where=$WHERE_Q", "/sparql?query=$CLOSURE_Q", "/",
  "/term/PaNET01188", "/api/techniques/unknown-term", "/health"
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
LUA
start_panet --no-access-log
rss_start=$(rss_kb "$SERVER_PID")
: >"$RAW/mixed-rss.txt"
( for _ in $(seq 1 $((MIXED / 5))); do sleep 5; echo "$(rss_kb "$SERVER_PID")" >>"$RAW/mixed-rss.txt"; done ) &
SAMPLER=$!
WRK_DURATION=$MIXED run_wrk "mixed load ${MIXED}s (10 routes, 1 in 10 a 404)" "$BASE" -s "$RAW/mixed.lua"
wait "$SAMPLER" 2>/dev/null || true
rss_end=$(rss_kb "$SERVER_PID")
stop_panet
{
  echo
  echo "Mixed load: server RSS ${rss_start} kB before, samples every 5 s: $(tr '\n' ' ' <"$RAW/mixed-rss.txt")kB, ${rss_end} kB after."
  echo "(The 404s of the mixed run are the unknown-term route, by design; they are counted as errors by wrk.)"
} >>"$RESULTS"

if [ "${SKIP_RDFLIB:-0}" != "1" ]; then
  if [ ! -x "$VENV/bin/python" ]; then "$PYTHON" -m venv "$VENV"; fi
  "$VENV/bin/python" -m pip install --quiet "rdflib-endpoint[cli]==0.6.3" >"$RAW/pip.log" 2>&1 \
    || { echo "pip install rdflib-endpoint failed; see $RAW/pip.log" >&2; exit 2; }
  "$VENV/bin/rdflib-endpoint" serve --host 127.0.0.1 --port "$PEER_PORT" "$ONTOLOGY" >"$RAW/rdflib-endpoint.log" 2>&1 &
  PEER_PID=$!
  wait_for "http://127.0.0.1:$PEER_PORT/?query=$CLOSURE_Q"
  {
    echo
    echo "## /sparql against rdflib-endpoint (same file, same closure query, same wrk settings)"
    echo
    echo "| run | requests/s | p50 ms | p99 ms | errors |"
    echo "|---|---:|---:|---:|---:|"
  } >>"$RESULTS"
  run_wrk "rdflib-endpoint closure (JSON)" "http://127.0.0.1:$PEER_PORT/?query=$CLOSURE_Q" -H "Accept: application/sparql-results+json"
  kill "$PEER_PID" 2>/dev/null || true
  wait "$PEER_PID" 2>/dev/null || true
  PEER_PID=""
  start_panet --no-access-log
  run_wrk "panet closure (JSON)" "$BASE/sparql?query=$CLOSURE_Q" -H "Accept: application/sparql-results+json"
  stop_panet
fi
echo "wrote $RESULTS" >&2
cat "$RESULTS"
