#!/usr/bin/env bash
# Compares panet's SPARQL engine with pyoxigraph and rdflib on the same queries and data, in one run,
# and writes bench/out/sparql.md.
#
# Usage: bench/sparql.sh
#
# Two suites: bench/sparql/panet/*.rq over the PaNET ontology, and bench/sparql/datasets/*.rq over the
# ontology plus a generated dataset graph (bench/gen_ntriples.py, 1M triples). Every tool loads the data
# once per process and times each query's evaluation and full result iteration (panet: parse, evaluate
# and serialise as SPARQL JSON; peers: query and read every binding) as the median of a few runs. The
# tools take turns, round after round, and the report gives the median of the per-round medians, the
# ratios to panet and the result counts, which must agree across tools.
#
# Environment (all optional):
#   PANET_BIN              use this panet binary instead of building one
#   PYTHON                 interpreter for the venv (default python3)
#   BENCH_OUT              output folder (default bench/out)
#   SPARQL_TRIPLES         size of the generated dataset graph (default 1000000)
#   SPARQL_ROUNDS          rounds of panet / pyoxigraph runs (default 3)
#   SPARQL_RUNS            timed runs per query and round (default 5)
#   SPARQL_RDFLIB_BIG      0 skips rdflib on the dataset graph (default 1: one round, with timeouts);
#                          reuse keeps the rdflib dataset-graph figures of the previous run (it takes minutes)
#   SPARQL_RDFLIB_TIMEOUT  seconds allowed for one rdflib query on the dataset graph (default 60)
#   SPARQL_RDFLIB_LOAD_TIMEOUT  seconds allowed for rdflib to load the dataset graph (default 600)
#   SPARQL_REPORT_ONLY=1   only rebuild sparql.md from the raw files of the last run
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT=${BENCH_OUT:-$HERE/out}
DATA=$OUT/data
RAW=$OUT/raw/sparql
VENV=$HERE/.venv
PY=$VENV/bin/python
PYTHON=${PYTHON:-python3}
TRIPLES=${SPARQL_TRIPLES:-1000000}
ROUNDS=${SPARQL_ROUNDS:-3}
RUNS=${SPARQL_RUNS:-5}
RDFLIB_BIG=${SPARQL_RDFLIB_BIG:-1}
RDFLIB_TIMEOUT=${SPARQL_RDFLIB_TIMEOUT:-60}
RDFLIB_LOAD_TIMEOUT=${SPARQL_RDFLIB_LOAD_TIMEOUT:-600}
ONTOLOGY=$ROOT/ontology/PaNET.owl
BIG=$DATA/data-$TRIPLES.nt

step() { printf '\n== %s\n' "$*" >&2; }

REPORT_ONLY=${SPARQL_REPORT_ONLY:-0}
LOADS=()
if [ "$REPORT_ONLY" != 1 ]; then
step "tools"
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install -q -r "$HERE/requirements.txt"
fi
if [ -z "${PANET_BIN:-}" ]; then
    (cd "$ROOT" && swift build -c release --static-swift-stdlib --scratch-path .build-sparqlperf >&2)
    PANET_BIN=$ROOT/.build-sparqlperf/release/panet
fi
[ -x "$PANET_BIN" ] || { echo "bench: no panet binary at $PANET_BIN" >&2; exit 1; }

step "data"
mkdir -p "$DATA" "$RAW"
KEPT=""
if [ "$RDFLIB_BIG" = reuse ] && [ -s "$RAW/rdflib.jsonl" ]; then
    KEPT=$(grep '"suite": "datasets"' "$RAW/rdflib.jsonl" || true)
fi
rm -f "$RAW"/*.jsonl
if [ -n "$KEPT" ]; then printf '%s\n' "$KEPT" > "$RAW/rdflib.jsonl"; fi
if [ ! -s "$BIG" ]; then
    "$PY" "$HERE/gen_ntriples.py" "$TRIPLES" "$BIG" --turtle '' --ontology "$ONTOLOGY"
fi

suite_queries() { ls "$HERE/sparql/$1"/*.rq; }
suite_data() { if [ "$1" = datasets ]; then echo "$BIG"; fi; }

run_panet() {  # suite round
    local args=() file
    for file in $(suite_data "$1"); do args+=(--data "$file"); done
    "$PANET_BIN" bench --only sparql --ontology "$ONTOLOGY" "${args[@]}" --query-dir "$HERE/sparql/$1" \
        --iterations "$RUNS" --format json \
        | "$PY" -c 'import json, sys
for case in json.load(sys.stdin):
    print(json.dumps({"lib": "panet", "query": case["case"], "status": "ok", "median_ms": case["median_ms"],
                      "min_ms": case["min_ms"], "runs": case["runs"], "results": case["results"]}))' \
        | sed "s/^{/{\"suite\": \"$1\", \"round\": $2, /" >> "$RAW/panet.jsonl"
}

run_peer() {  # lib suite round [extra args]
    local lib=$1 suite=$2 round=$3 args=(--data "$ONTOLOGY") file
    shift 3
    for file in $(suite_data "$suite"); do args+=(--data "$file"); done
    "$PY" "$HERE/sparql_peers.py" --lib "$lib" "${args[@]}" --runs "$RUNS" "$@" $(suite_queries "$suite") \
        | sed "s/^{/{\"suite\": \"$suite\", \"round\": $round, /" >> "$RAW/$lib.jsonl"
}

for round in $(seq 1 "$ROUNDS"); do
    for suite in panet datasets; do
        step "round $round/$ROUNDS: $suite (load average $(cut -d' ' -f1-3 /proc/loadavg))"
        LOADS+=("$(cut -d' ' -f1 /proc/loadavg)")
        run_panet "$suite" "$round"
        run_peer pyoxigraph "$suite" "$round"
        if [ "$suite" = panet ]; then run_peer rdflib panet "$round" --timeout 120; fi
    done
done
if [ "$RDFLIB_BIG" = 1 ]; then
    step "rdflib on the dataset graph (one round; ${RDFLIB_TIMEOUT}s per query)"
    run_peer rdflib datasets 1 --timeout "$RDFLIB_TIMEOUT" --load-timeout "$RDFLIB_LOAD_TIMEOUT"
fi
LOADS+=("$(cut -d' ' -f1 /proc/loadavg)")
fi
[ "$REPORT_ONLY" = 1 ] && LOADS=("${SPARQL_LOADS:-not recorded}")

step "report"
SPARQL_RUNS=$RUNS SPARQL_ROUNDS=$ROUNDS "$PY" - "$RAW" "$OUT/sparql.md" "$RDFLIB_BIG" "$RDFLIB_TIMEOUT" "${LOADS[*]}" "$(nproc)" "$TRIPLES" <<'PYEOF'
import json, os, statistics, sys
raw, target, rdflib_big, rdflib_timeout, loads, cores, triples = sys.argv[1:]
rows = {}
versions = {}
loaded = {}
for lib in ("panet", "pyoxigraph", "rdflib"):
    path = os.path.join(raw, lib + ".jsonl")
    if not os.path.exists(path):
        continue
    for line in open(path):
        record = json.loads(line)
        if "version" in record:
            versions[lib] = record["version"]
        if record["query"] is None:
            if record.get("status") == "loaded":
                loaded.setdefault((lib, record["suite"]), []).append(record["load_s"])
            continue
        rows.setdefault((record["suite"], record["query"]), {}).setdefault(lib, []).append(record)

def cell(records):
    if not records:
        return None, None, "—"
    ok = [r for r in records if r["status"] == "ok"]
    if not ok:
        return None, None, records[0]["status"]
    median = statistics.median(r["median_ms"] for r in ok)
    counts = {r["results"] for r in ok}
    return median, counts, None

def ms(value):
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"

lines = [
    "# SPARQL: panet, pyoxigraph and rdflib",
    "",
    f"Same queries, same data, one run. Load average during the run: {loads} ({cores} cores).",
    f"Per query: the median of {os.environ.get('SPARQL_RUNS', '5')} timed runs after a warm-up, per round; the table gives the median over rounds",
    f"(panet and pyoxigraph: {os.environ.get('SPARQL_ROUNDS', '3')} rounds taking turns; rdflib: as noted). panet times parse + evaluation +",
    "serialisation of the whole result as SPARQL JSON (`panet bench --only sparql`); pyoxigraph and rdflib time",
    "query + iteration over every binding of every row (`bench/sparql_peers.py`). Data loading is not timed.",
    "Ratios above 1 mean panet is faster.",
    "",
    "| suite | query | panet ms | pyoxigraph ms | rdflib ms | pyoxigraph / panet | rdflib / panet | results | counts agree |",
    "|---|---|---:|---:|---:|---:|---:|---:|:---:|",
]
disagreements = 0
for suite in ("panet", "datasets"):
    for (s, query), libs in sorted(rows.items()):
        if s != suite:
            continue
        p, pc, pn = cell(libs.get("panet"))
        o, oc, on = cell(libs.get("pyoxigraph"))
        r, rc, rn = cell(libs.get("rdflib"))
        counts = set()
        for c in (pc, oc, rc):
            if c:
                counts |= c
        agree = len(counts) == 1
        disagreements += not agree
        rdflib_text = ms(r) if r is not None else (rn if rn != "—" else ("skipped" if suite == "datasets" else "—"))
        if rn == "timeout":
            rdflib_text = f"timeout (> {rdflib_timeout} s)" if suite == "datasets" else "timeout"
        lines.append("| " + " | ".join([
            suite, query,
            ms(p) if p is not None else pn,
            ms(o) if o is not None else on,
            rdflib_text,
            f"{o / p:.1f}×" if p and o else "—",
            f"{r / p:.0f}×" if p and r else "—",
            "/".join(str(c) for c in sorted(counts)) or "—",
            "yes" if agree else "NO",
        ]) + " |")
lines.append("")
lines.append("Versions: " + ", ".join(f"{lib} {version}" for lib, version in sorted(versions.items())) + ".")
for (lib, suite), seconds in sorted(loaded.items()):
    lines.append(f"Load time ({lib}, {suite}): median {statistics.median(seconds):.1f} s (not part of the query times).")
if rdflib_big == "reuse":
    lines.append(f"rdflib figures on the {triples}-triple dataset graph come from the previous run of this script "
                 f"(one round, each query stopped after {rdflib_timeout} s), kept with SPARQL_RDFLIB_BIG=reuse.")
elif rdflib_big != "1":
    lines.append(f"rdflib was not run on the {triples}-triple dataset graph (SPARQL_RDFLIB_BIG=0).")
else:
    lines.append(f"rdflib ran one round on the {triples}-triple dataset graph, each query stopped after {rdflib_timeout} s.")
lines.append("")
lines.append("Queries: bench/sparql/panet/*.rq (PaNET alone) and bench/sparql/datasets/*.rq (PaNET plus the "
             f"generated graph, bench/gen_ntriples.py {triples}).")
open(target, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
if disagreements:
    print(f"bench: result counts differ for {disagreements} queries", file=sys.stderr)
    sys.exit(1)
PYEOF
