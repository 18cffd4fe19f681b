#!/usr/bin/env bash
# Compares panet with peer RDF/OWL tools and writes bench/out/results.md.
#
# Usage: bench/run.sh            (or: make bench)
#
# Environment (all optional):
#   PANET_BIN              use this panet binary instead of building one
#   PYTHON                 interpreter for the venv (default python3; 3.11 or newer)
#   BENCH_OUT              output folder (default bench/out); generated data goes to $BENCH_OUT/data
#   BENCH_DATA_TRIPLES     size of the generated data file (default 1000000)
#   BENCH_EL_SIZES         class counts for the reasoner scaling runs (default "10000 100000";
#                          add 1000000 when there is time: sizes after one that times out are skipped)
#   BENCH_REASON_TIMEOUT   seconds allowed for one scaling run (default 300)
#   BENCH_OWLRL_TIMEOUT    seconds allowed for one owlrl closure (default 180)
#   BENCH_RUNS             process runs per streaming/classification measurement (default 3)
#   BENCH_QUICK=1          small data (100k triples, 10k classes) and fewer runs, for a smoke test
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT=${BENCH_OUT:-$HERE/out}
DATA=$OUT/data
RAW=$OUT/raw
VENV=$HERE/.venv
PYTHON=${PYTHON:-python3}

RUNS=${BENCH_RUNS:-3}
DATA_TRIPLES=${BENCH_DATA_TRIPLES:-1000000}
EL_SIZES=${BENCH_EL_SIZES:-"10000 100000"}
REASON_TIMEOUT=${BENCH_REASON_TIMEOUT:-300}
OWLRL_TIMEOUT=${BENCH_OWLRL_TIMEOUT:-180}
LOAD_ITERATIONS=20
LOAD_ROUNDS=5
HF_RUNS=20
if [ "${BENCH_QUICK:-0}" = 1 ]; then
    RUNS=1; DATA_TRIPLES=${BENCH_DATA_TRIPLES:-100000}; EL_SIZES=${BENCH_EL_SIZES:-10000}
    LOAD_ITERATIONS=10; LOAD_ROUNDS=2; HF_RUNS=5
fi

ONTOLOGY=$ROOT/ontology/PaNET.owl
UNREASONED=$ROOT/../shared/ontology/unreasoned/PaNET-1.3.0-unreasoned.owl

step() { printf '\n== %s\n' "$*" >&2; }
note() { printf '   %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
step "tools"
need_apt=()
command -v serdi >/dev/null 2>&1 || need_apt+=(serdi)
command -v rapper >/dev/null 2>&1 || need_apt+=(raptor2-utils)
command -v hyperfine >/dev/null 2>&1 || need_apt+=(hyperfine)
[ -x /usr/bin/time ] || need_apt+=(time)
command -v timeout >/dev/null 2>&1 || need_apt+=(coreutils)
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then need_apt+=(python3-venv); fi
if [ -z "${PANET_BIN:-}" ] && ! dpkg -s libraptor2-dev libserd-dev libsqlite3-dev pkg-config >/dev/null 2>&1; then
    need_apt+=(libraptor2-dev libserd-dev libsqlite3-dev pkg-config)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
    note "installing with apt: ${need_apt[*]}"
    SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
note "$(serdi -v 2>&1 | head -n1); rapper $(rapper --version); $(hyperfine --version)"

step "python venv ($VENV)"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || die "$PYTHON is older than 3.11"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
PY=$VENV/bin/python
"$PY" -m pip install -q --disable-pip-version-check -r "$HERE/requirements.txt"
"$PY" -c 'import pyoxigraph, rdflib; print("   pyoxigraph", pyoxigraph.__version__, "rdflib", rdflib.__version__)' >&2
HAVE_OWLRL=0
if "$PY" -c 'import owlrl' >/dev/null 2>&1; then HAVE_OWLRL=1; else note "owlrl is not installed: its row is skipped"; fi

step "panet"
if [ -n "${PANET_BIN:-}" ]; then
    PANET=$PANET_BIN
else
    (cd "$ROOT" && swift build -c release --static-swift-stdlib --scratch-path .build-bench) >&2 \
        || die "the release build failed; build panet elsewhere and pass PANET_BIN=/path/to/panet"
    PANET=$ROOT/.build-bench/release/panet
fi
[ -x "$PANET" ] || die "no panet binary at $PANET"
PANET=$(cd "$(dirname "$PANET")" && pwd)/$(basename "$PANET")
note "$PANET ($("$PANET" --version))"

[ -f "$UNREASONED" ] || { note "no unreasoned PaNET at $UNREASONED: classifying $ONTOLOGY instead"; UNREASONED=$ONTOLOGY; }
UNREASONED=$(cd "$(dirname "$UNREASONED")" && pwd)/$(basename "$UNREASONED")

rm -rf "$RAW"
mkdir -p "$RAW" "$DATA"
CACHE=$OUT/cache   # panet's snapshot cache for the warm runs, kept apart from ~/.cache/panet
rm -rf "$CACHE"

{
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "cores=$(nproc)"
    echo "memory=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
    echo "os=$(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "panet=$("$PANET" --version) ($PANET)"
    echo "python=$("$PY" -c 'import sys; print(sys.version.split()[0])')"
    echo "pyoxigraph=$("$PY" -c 'import pyoxigraph; print(pyoxigraph.__version__)')"
    echo "rdflib=$("$PY" -c 'import rdflib; print(rdflib.__version__)')"
    [ $HAVE_OWLRL = 1 ] && echo "owlrl=$("$PY" -c 'import importlib.metadata as m; print(m.version("owlrl"))')"
    echo "serdi=$(serdi -v 2>&1 | head -n1 | awk '{print $2}')"
    echo "rapper=$(rapper --version)"
    echo "hyperfine=$(hyperfine --version | awk '{print $2}')"
    echo "ontology=$ONTOLOGY"
    echo "unreasoned=$UNREASONED"
    echo "data_triples=$DATA_TRIPLES"
    echo "runs=$RUNS"
    echo "el_sizes=$EL_SIZES"
    echo "reason_timeout=$REASON_TIMEOUT"
} > "$RAW/env.txt"

hf() {  # hf NAME RUNS [hyperfine args...] -- run hyperfine, export JSON to $RAW/NAME.json
    local name=$1 runs=$2; shift 2
    hyperfine --shell=none --style basic --warmup 2 --runs "$runs" --export-json "$RAW/$name.json" "$@" >&2
}

# ---------------------------------------------------------------------------------------------
step "generated data ($DATA)"
NT=$DATA/data-$DATA_TRIPLES.nt
TTL=$DATA/data-$DATA_TRIPLES.ttl
if [ ! -s "$NT" ] || [ ! -s "$TTL" ] || [ "$HERE/gen_ntriples.py" -nt "$NT" ]; then
    "$PY" "$HERE/gen_ntriples.py" "$DATA_TRIPLES" "$NT" --turtle "$TTL" --ontology "$ONTOLOGY"
else
    note "reusing $NT and $TTL"
fi
for n in $EL_SIZES; do
    el=$DATA/el-$n.ttl
    if [ ! -s "$el" ] || [ "$HERE/gen_el_ontology.py" -nt "$el" ]; then
        "$PY" "$HERE/gen_el_ontology.py" "$n" "$el" 2> "$DATA/el-$n.txt"
    fi
    note "$(cat "$DATA/el-$n.txt")"
done

# ---------------------------------------------------------------------------------------------
step "1. load PaNET.owl"
# Interleaved rounds, so that panet and its peers see the same background load.
for i in $(seq 1 "$LOAD_ROUNDS"); do
    "$PANET" bench --only parse,load --iterations "$LOAD_ITERATIONS" --ontology "$ONTOLOGY" --format json > "$RAW/load_panet_$i.json"
    "$PY" "$HERE/py_load.py" --lib pyoxigraph --warmup 3 --repeat "$LOAD_ITERATIONS" "$ONTOLOGY" > "$RAW/load_pyoxigraph_$i.json"
    "$PY" "$HERE/py_load.py" --lib rdflib --warmup 1 --repeat 3 "$ONTOLOGY" > "$RAW/load_rdflib_$i.json"
done
PANET_CACHE_DIR=$CACHE "$PANET" lookup SAXS > /dev/null  # writes the snapshot
export PANET_CACHE_DIR=$CACHE
hf load_process "$HF_RUNS" \
    -n "rapper -c (parse + count)" "rapper -q -c -i rdfxml $ONTOLOGY" \
    -n "panet stats (parse + index + count)" "$PANET stats $ONTOLOGY" \
    -n "panet lookup SAXS, warm snapshot" "$PANET lookup SAXS --ontology $ONTOLOGY"
unset PANET_CACHE_DIR

# ---------------------------------------------------------------------------------------------
step "2. stream $DATA_TRIPLES triples into a store"
for syntax in nt ttl; do
    file=$DATA/data-$DATA_TRIPLES.$syntax
    for i in $(seq 1 "$RUNS"); do
        "$PANET" bench --only datafile --data "$file" --ontology "$ONTOLOGY" --format json > "$RAW/stream_panet_${syntax}_$i.json"
        "$PY" "$HERE/py_load.py" --lib pyoxigraph "$file" > "$RAW/stream_pyoxigraph_${syntax}_$i.json"
        note "$syntax run $i/$RUNS done"
    done
done
hf stream_serdi 5 \
    -n "serdi N-Triples" "serdi -i ntriples -o ntriples $NT" \
    -n "serdi Turtle" "serdi -i turtle -o ntriples $TTL"

# ---------------------------------------------------------------------------------------------
step "3. classify PaNET ($(basename "$UNREASONED"))"
for i in $(seq 1 $((RUNS * 3))); do
    PANET_NO_CACHE=1 "$PANET" reason --ontology "$UNREASONED" --format json > "$RAW/classify_panet_$i.json"
done
"$PANET" bench --only classify --iterations 50 --ontology "$UNREASONED" --format json > "$RAW/classify_panet_bench.json"
hf classify_process "$HF_RUNS" \
    -n "panet reason (process, no cache)" "env PANET_NO_CACHE=1 $PANET reason --ontology $UNREASONED"
if [ $HAVE_OWLRL = 1 ]; then
    for i in $(seq 1 "$RUNS"); do
        if ! timeout "$OWLRL_TIMEOUT" "$PY" "$HERE/py_owlrl.py" "$UNREASONED" > "$RAW/classify_owlrl_$i.json" 2> "$RAW/classify_owlrl_$i.err"; then
            note "owlrl did not finish within ${OWLRL_TIMEOUT}s (or failed): see $RAW/classify_owlrl_$i.err"
            echo "{\"timeout_s\": $OWLRL_TIMEOUT}" > "$RAW/classify_owlrl_$i.json"
            break
        fi
        note "owlrl run $i/$RUNS done"
    done
fi

# ---------------------------------------------------------------------------------------------
step "4. reasoner scaling ($EL_SIZES classes)"
for n in $EL_SIZES; do
    el=$DATA/el-$n.ttl
    cp "$DATA/el-$n.txt" "$RAW/scale_${n}_generator.txt"
    runs=$RUNS
    [ "$n" -gt 30000 ] && runs=1
    timed_out=0
    for i in $(seq 1 "$runs"); do
        if PANET_NO_CACHE=1 timeout "$REASON_TIMEOUT" /usr/bin/time -f '%e %M' -o "$RAW/scale_${n}_time_$i.txt" \
            "$PANET" reason --ontology "$el" --format json > "$RAW/scale_${n}_reason_$i.json"; then
            note "$n classes: run $i/$runs: $(cut -d' ' -f1 "$RAW/scale_${n}_time_$i.txt") s"
        else
            note "$n classes: no result within ${REASON_TIMEOUT}s"
            rm -f "$RAW/scale_${n}_reason_$i.json" "$RAW/scale_${n}_time_$i.txt"
            echo "$REASON_TIMEOUT" > "$RAW/scale_${n}_timeout.txt"
            timed_out=1
            break
        fi
    done
    [ $timed_out = 1 ] && { note "skipping larger sizes"; break; }
done

# ---------------------------------------------------------------------------------------------
step "5. lookup SAXS, whole process"
for lib in pyoxigraph rdflib; do
    "$PY" "$HERE/py_lookup.py" --lib $lib --ontology "$ONTOLOGY" SAXS > "$RAW/lookup_$lib.txt"
done
PANET_CACHE_DIR=$CACHE "$PANET" lookup SAXS --ontology "$ONTOLOGY" > "$RAW/lookup_panet.txt"
for f in panet pyoxigraph rdflib; do
    grep -q 'PaNET01188' "$RAW/lookup_$f.txt" || die "lookup with $f did not find PaNET01188"
done
export PANET_CACHE_DIR=$CACHE
hf lookup "$HF_RUNS" \
    -n "panet lookup, warm snapshot" "$PANET lookup SAXS --ontology $ONTOLOGY" \
    -n "panet lookup, no cache (PANET_NO_CACHE=1)" "env PANET_NO_CACHE=1 $PANET lookup SAXS --ontology $ONTOLOGY" \
    -n "panet lookup, first run (builds the snapshot)" --prepare "rm -rf $CACHE/lookup-first" \
    "env PANET_CACHE_DIR=$CACHE/lookup-first $PANET lookup SAXS --ontology $ONTOLOGY" \
    -n "python + pyoxigraph" "$PY $HERE/py_lookup.py --lib pyoxigraph --ontology $ONTOLOGY SAXS" \
    -n "python + rdflib" "$PY $HERE/py_lookup.py --lib rdflib --ontology $ONTOLOGY SAXS"
unset PANET_CACHE_DIR

# ---------------------------------------------------------------------------------------------
step "report"
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$RAW/env.txt"
"$PY" "$HERE/report.py" "$RAW" > "$OUT/results.md"
note "wrote $OUT/results.md"
cat "$OUT/results.md"
