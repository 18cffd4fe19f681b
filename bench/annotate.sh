#!/usr/bin/env bash
# Annotation and dataset-index benchmark: panet against Python annotators on pyoxigraph and rdflib.
# Writes bench/out/annotate.md.
#
# Usage: bench/annotate.sh
#
# Environment (all optional):
#   PANET_BIN            panet binary (default: build release into .build-bench)
#   BENCH_OUT            output folder (default bench/out)
#   BENCH_RECORDS        records to generate (default 1000000)
#   BENCH_PEER_RECORDS   records the Python peers annotate, a prefix of the same file (default 100000;
#                        their per-record cost is constant, and rdflib needs minutes for a million)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT=${BENCH_OUT:-$HERE/out}
DATA=$OUT/data
RAW=$OUT/raw-annotate
RECORDS=${BENCH_RECORDS:-1000000}
PEER_RECORDS=${BENCH_PEER_RECORDS:-100000}
ONTOLOGY=$ROOT/ontology/PaNET.owl
mkdir -p "$DATA" "$RAW"
rm -f "$RAW"/*

if [ -n "${PANET_BIN:-}" ]; then
    PANET=$PANET_BIN
else
    (cd "$ROOT" && swift build -c release --static-swift-stdlib --scratch-path .build-bench --product panet >&2)
    PANET=$ROOT/.build-bench/release/panet
fi
if [ ! -x "$HERE/.venv/bin/python" ]; then
    python3 -m venv "$HERE/.venv"
    "$HERE/.venv/bin/pip" install -q -r "$HERE/requirements.txt"
fi
PY=$HERE/.venv/bin/python
export PANET_CACHE_DIR=$OUT/cache

file=$DATA/records-$RECORDS.jsonl
[ -s "$file" ] || python3 "$HERE/gen_records.py" "$RECORDS" "$file" --ontology "$ONTOLOGY"
peers=$DATA/records-$PEER_RECORDS-prefix.jsonl
head -n "$PEER_RECORDS" "$file" > "$peers"
echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)" > "$RAW/env.txt"

"$PANET" lookup SAXS --ontology "$ONTOLOGY" > /dev/null   # warm the snapshot
echo "== panet annotate (whole process, output to a file)" >&2
for i in 1 2 3; do
    /usr/bin/time -f '%e %U %S %M' -o "$RAW/annotate_process_$i.txt" \
        "$PANET" annotate "$file" --ontology "$ONTOLOGY" -o "$RAW/annotated.jsonl" 2> "$RAW/annotate_process_$i.err"
done
rm -f "$RAW/annotated.jsonl"
echo "== panet bench --only annotate (in process, output to memory)" >&2
"$PANET" bench --only annotate --records "$file" --ontology "$ONTOLOGY" --iterations 3 --format json > "$RAW/annotate_bench.json"
echo "== Python peers ($PEER_RECORDS records)" >&2
for lib in pyoxigraph rdflib; do
    "$PY" "$HERE/py_annotate.py" --lib "$lib" --ontology "$ONTOLOGY" "$peers" "$RAW/peer_$lib.jsonl" > "$RAW/peer_$lib.json"
    rm -f "$RAW/peer_$lib.jsonl"
done
echo "== index build and datasets --technique" >&2
rm -f "$RAW/index.db" "$RAW/index.db-wal" "$RAW/index.db-shm"
/usr/bin/time -f '%e %U %S %M' -o "$RAW/index_build.txt" \
    "$PANET" annotate "$file" --ontology "$ONTOLOGY" --db "$RAW/index.db" 2> "$RAW/index_build.err"
ls -l "$RAW/index.db" | awk '{print $5}' > "$RAW/index_size.txt"
"$PANET" bench --only datasets --db "$RAW/index.db" --ontology "$ONTOLOGY" --iterations 20 --format json > "$RAW/datasets_bench.json"
rm -f "$RAW/index.db" "$RAW/index.db-wal" "$RAW/index.db-shm"
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$RAW/env.txt"

"$PY" - "$RAW" "$RECORDS" "$PEER_RECORDS" > "$OUT/annotate.md" <<'EOF'
import json, statistics, sys, pathlib
raw, records, peer_records = pathlib.Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
env = dict(line.split("=", 1) for line in (raw / "env.txt").read_text().split("\n") if "=" in line)
runs = [list(map(float, (raw / f"annotate_process_{i}.txt").read_text().split())) for i in (1, 2, 3)]
wall = statistics.median(r[0] for r in runs)
cpu = statistics.median(r[1] + r[2] for r in runs)
peak = max(r[3] for r in runs) / 1024
bench = json.loads((raw / "annotate_bench.json").read_text())[0]
print(f"## Annotating {records:,} generated records (JSON Lines)\n")
print(f"Load average {env.get('load_start')} at the start, {env.get('load_end')} at the end.\n")
print("| what | time | records/s | peak RSS |")
print("| --- | ---: | ---: | ---: |")
print(f"| `panet annotate FILE -o OUT` (whole process, median of 3) | {wall:.2f} s wall, {cpu:.2f} s CPU | {records / wall:,.0f} (wall), {records / cpu:,.0f} (CPU) | {peak:.0f} MB |")
print(f"| `panet bench --only annotate` (in process, no disk output) | {bench['median_ms'] / 1000:.2f} s | {records / (bench['median_ms'] / 1000):,.0f} | |")
for lib in ("pyoxigraph", "rdflib"):
    peer = json.loads((raw / f"peer_{lib}.json").read_text())
    print(f"| Python + {lib} dict lookups ({peer_records:,} records; load {peer['load_s']:.2f} s not counted) | {peer['annotate_s']:.2f} s | {peer['records_per_s']:,} | |")
build = list(map(float, (raw / "index_build.txt").read_text().split()))
size = int((raw / "index_size.txt").read_text()) / 1e6
print(f"\n## Dataset index of the same records\n")
print(f"`panet annotate FILE --db index.db`: {build[0]:.1f} s wall, peak RSS {build[3] / 1024:.0f} MB, {size:,.0f} MB file.\n")
print("| query | first hit | all hits | hits |")
print("| --- | ---: | ---: | ---: |")
cases = json.loads((raw / "datasets_bench.json").read_text())
for first, every in zip(cases[0::2], cases[1::2]):
    hits = every["what"].split()[1]
    technique = every["what"].split()[-1]
    print(f"| `datasets --technique {technique}` | {first['median_ms']:.2f} ms | {every['median_ms']:.1f} ms | {int(hits):,} |")
EOF
cat "$OUT/annotate.md"
