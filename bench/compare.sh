#!/usr/bin/env bash
# Paired comparison of two panet builds on this host. The builds alternate, round after round, so
# that the host's drift (a shared machine) hits both alike; compare within a round.
#
# Usage: bench/compare.sh OLD_PANET NEW_PANET
#
# Environment (all optional):
#   COMPARE_ROUNDS        alternations per measurement (default 3)
#   COMPARE_EL            generated EL ontology for the classification runs
#                         (default bench/out/data/el-100000.ttl; skipped when missing)
#   COMPARE_WRK_SECONDS   seconds per wrk run (default 8)
#   COMPARE_PORT          port for `panet serve` (default 8940)
# Prints a Markdown table per measurement on stdout: the classification, then the lookup and
# expansion routes, then the lookup with the access log on.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: bench/compare.sh OLD_PANET NEW_PANET" >&2; exit 64; }
OLD=$1 NEW=$2
for bin in "$OLD" "$NEW"; do [ -x "$bin" ] || { echo "compare: $bin is not an executable" >&2; exit 66; }; done
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
ROUNDS=${COMPARE_ROUNDS:-3}
EL=${COMPARE_EL:-$HERE/out/data/el-100000.ttl}
SECONDS_PER_RUN=${COMPARE_WRK_SECONDS:-8}
PORT=${COMPARE_PORT:-8940}
ONTOLOGY=$ROOT/ontology/PaNET.owl
SERVER_PID=""
ACCESS_LOG=$(mktemp)
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -f "$ACCESS_LOG"' EXIT

echo "# Paired runs, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores"
echo
echo "old: $OLD"
echo "new: $NEW"

if [ -s "$EL" ]; then
    echo
    echo "## Classification of $(basename "$EL") (milliseconds as \`panet reason\` reports, no cache)"
    echo
    echo "| round | old | new |"
    echo "|---|---:|---:|"
    for round in $(seq 1 "$ROUNDS"); do
        row="| $round"
        for bin in "$OLD" "$NEW"; do
            ms=$(PANET_NO_CACHE=1 "$bin" reason --ontology "$EL" --format json \
                | python3 -c 'import json, sys; print(round(json.load(sys.stdin)["milliseconds"]))')
            row="$row | $ms"
        done
        echo "$row |"
    done
fi

command -v wrk >/dev/null 2>&1 || { echo "compare: wrk not found (apt-get install wrk); skipping the server runs" >&2; exit 0; }

serve_and_measure() { # bin url [access-log] -> "requests/s p99"
    if [ "${3:-}" = access-log ]; then
        "$1" serve --port "$PORT" --ontology "$ONTOLOGY" --watch-interval 0 2>"$ACCESS_LOG" &
    else
        "$1" serve --port "$PORT" --ontology "$ONTOLOGY" --watch-interval 0 --no-access-log 2>/dev/null &
    fi
    SERVER_PID=$!
    for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health" 2>/dev/null && break; sleep 0.1; done
    curl -fsS -o /dev/null "$2"
    wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" --latency "$2" \
        | awk '/Requests\/sec/ {rps=$2} $1 == "99%" {p99=$2} END {printf "%.0f req/s, p99 %s", rps, p99}'
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

# Route, then "access-log" to serve with the access log on (written to a file, as in production).
for run in "/api/techniques/PaNET01200" "/api/expand?term=small%20angle%20scattering" "/api/techniques/PaNET01200 access-log"; do
    read -r route log <<<"$run"
    echo
    echo "## \`panet serve\`${log:+ with the access log on}, wrk -t2 -c32 -d${SECONDS_PER_RUN}s on $route"
    echo
    echo "| round | old | new |"
    echo "|---|---:|---:|"
    for round in $(seq 1 "$ROUNDS"); do
        row="| $round"
        for bin in "$OLD" "$NEW"; do row="$row | $(serve_and_measure "$bin" "http://127.0.0.1:$PORT$route" "$log")"; done
        echo "$row |"
    done
done
