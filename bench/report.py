#!/usr/bin/env python3
"""Turn the raw measurements that bench/run.sh leaves in RAW_DIR into Markdown tables.

Usage: report.py RAW_DIR > results.md

Every figure comes from the files in RAW_DIR (panet bench/reason JSON, py_load/py_owlrl JSON,
hyperfine JSON exports, /usr/bin/time output). Ratios are panet / peer: for times, below 1 means
panet took less time; for throughput, above 1 means panet moved more triples per second. The only
figures not measured here are the quoted reasoner timings, and they are labelled as such.
"""

from __future__ import annotations

import glob
import json
import os
import re
import statistics
import sys

RAW = ""


def path(name: str) -> str:
    return os.path.join(RAW, name)


def load_json(name: str):
    try:
        with open(path(name), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def numbered(prefix: str, suffix: str = ".json") -> list:
    """JSON documents prefix_1.json, prefix_2.json, ... in run order."""
    found = []
    for file in glob.glob(path(f"{prefix}_*{suffix}")):
        match = re.fullmatch(re.escape(prefix) + r"_(\d+)" + re.escape(suffix), os.path.basename(file))
        if match:
            found.append((int(match.group(1)), file))
    documents = []
    for _, file in sorted(found):
        try:
            with open(file, encoding="utf-8") as handle:
                documents.append(json.load(handle))
        except (OSError, ValueError):
            pass
    return documents


def ms(value: float | None) -> str:
    if value is None:
        return "–"
    if value >= 1000:
        return f"{value / 1000:.2f} s"
    if value >= 100:
        return f"{value:.0f} ms"
    if value >= 10:
        return f"{value:.1f} ms"
    return f"{value:.2f} ms"


def ratio(panet: float | None, peer: float | None) -> str:
    if not panet or not peer:
        return "–"
    value = panet / peer
    return f"{value:.2f}" if value >= 0.1 else f"{value:.2g}"


def rate(value: float | None) -> str:
    return "–" if value is None else f"{value / 1000:,.0f} k/s"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def hyperfine(name: str) -> dict[str, dict]:
    """command name -> {median_ms, mean_ms, stddev_ms, min_ms, runs}."""
    document = load_json(f"{name}.json")
    results = {}
    for result in (document or {}).get("results", []):
        results[result["command"]] = {
            "median_ms": result["median"] * 1000, "mean_ms": result["mean"] * 1000,
            "stddev_ms": (result.get("stddev") or 0) * 1000, "min_ms": result["min"] * 1000,
            "runs": len(result.get("times", [])),
        }
    return results


def panet_case(document, case: str) -> dict | None:
    for entry in document or []:
        if entry.get("case") == case:
            return entry
    return None


def env() -> dict[str, str]:
    values = {}
    try:
        with open(path("env.txt"), encoding="utf-8") as handle:
            for line in handle:
                key, _, value = line.rstrip("\n").partition("=")
                values[key] = value
    except OSError:
        pass
    return values


def section_environment(info: dict[str, str]) -> str:
    rows = [[key, info[key]] for key in ("date", "cpu", "cores", "memory", "os", "panet", "python", "pyoxigraph",
                                         "rdflib", "owlrl", "serdi", "rapper", "hyperfine", "load_start", "load_end")
            if key in info]
    text = "## Environment\n\n" + table(["", ""], rows)
    loads = []
    for key in ("load_start", "load_end"):
        try:
            loads.append(float(info.get(key, "").split()[0]))
        except (IndexError, ValueError):
            pass
    cores = int(info.get("cores", "0") or 0)
    if cores and loads and max(loads) > 0.75 * cores:
        text += (f"\n**Note:** the machine was busy with other work (load average up to {max(loads):.1f} on {cores} cores), "
                 "so absolute figures are noisier and slower than on an idle machine; panet and its peers ran "
                 "interleaved under the same conditions.\n")
    return text


def section_load(info: dict[str, str]) -> str:
    out = ["## 1. Load PaNET.owl (RDF/XML, 4265 triples)\n"]
    panet_rounds = numbered("load_panet")
    pyox_rounds = numbered("load_pyoxigraph")
    rdfl_rounds = numbered("load_rdflib")

    def panet_row(case: str):
        entries = [e for e in (panet_case(d, case) for d in panet_rounds) if e]
        if not entries:
            return None, 0
        return statistics.median(e["median_ms"] for e in entries), sum(e["runs"] for e in entries)

    def peer_row(rounds):
        if not rounds:
            return None, 0
        return statistics.median(r["median_s"] for r in rounds) * 1000, sum(len(r["runs_s"]) for r in rounds)

    parse_ms, parse_runs = panet_row("parse")
    load_ms, load_runs = panet_row("load")
    pyox_ms, pyox_runs = peer_row(pyox_rounds)
    rdfl_ms, rdfl_runs = peer_row(rdfl_rounds)
    out.append(f"In-process, after warm-up (no process start, no imports); {len(panet_rounds)} interleaved rounds, "
               "median of the per-round medians:\n")
    rows = []
    if parse_ms is not None:
        rows.append(["panet: parse only (raptor2, triples discarded)", ms(parse_ms), parse_runs, "", ""])
    if load_ms is not None:
        rows.append(["panet: load (parse + dictionary encode + index)", ms(load_ms), load_runs, "", ""])
    if pyox_rounds:
        rows.append([f"pyoxigraph {pyox_rounds[0]['version']}: Store().load (RDF/XML)", ms(pyox_ms), pyox_runs,
                     ratio(load_ms, pyox_ms), f"{pyox_rounds[0]['triples']} triples"])
    if rdfl_rounds:
        rows.append([f"rdflib {rdfl_rounds[0]['version']}: Graph().parse (RDF/XML)", ms(rdfl_ms), rdfl_runs,
                     ratio(load_ms, rdfl_ms), f"{rdfl_rounds[0]['triples']} triples"])
    out.append(table(["what", "median", "runs", "panet load / peer", "note"], rows))
    process = hyperfine("load_process")
    if process:
        out.append("\nWhole process (start + load), hyperfine, median:\n")
        rapper = process.get("rapper -c (parse + count)")
        rows = []
        for name, result in process.items():
            rows.append([name, ms(result["median_ms"]), f"± {ms(result['stddev_ms'])}", result["runs"],
                         "" if name.startswith("rapper") else ratio(result["median_ms"], rapper and rapper["median_ms"])])
        out.append(table(["command", "median", "σ", "runs", "panet / rapper"], rows))
        out.append("\n`panet stats` parses, indexes and counts the file; `panet lookup` with a warm snapshot reads the "
                   "compiled, already classified ontology instead of parsing RDF/XML.\n")
    return "\n".join(out)


def section_stream(info: dict[str, str]) -> str:
    triples = info.get("data_triples", "?")
    out = [f"## 2. Stream {int(triples):,} generated triples into an in-memory store\n" if triples.isdigit()
           else "## 2. Stream generated triples into an in-memory store\n"]
    out.append("One load per process, median over processes; peak RSS is the whole process's high-water mark "
               "(panet: VmHWM, including the PaNET store that `bench` loads first; pyoxigraph: ru_maxrss, "
               "including the interpreter). serdi only parses and writes N-Triples to /dev/null: the ceiling for "
               "parsing, with no store.\n")
    serdi = hyperfine("stream_serdi")
    rows = []
    for syntax, label, serdi_name in (("nt", "N-Triples", "serdi N-Triples"), ("ttl", "Turtle", "serdi Turtle")):
        panet_runs = []
        for document in numbered(f"stream_panet_{syntax}"):
            case = panet_case(document, "datafile")
            if not case:
                continue
            match = re.search(r"(\d+) triples from .*?: (\d+) triples/s, peak RSS (\d+) MB \(before: (\d+) MB\)", case["what"])
            if match:
                panet_runs.append({"ms": case["median_ms"], "triples": int(match.group(1)), "rss": int(match.group(3)),
                                   "before": int(match.group(4))})
        pyox_runs = numbered(f"stream_pyoxigraph_{syntax}")
        panet_ms = statistics.median(r["ms"] for r in panet_runs) if panet_runs else None
        pyox_ms = statistics.median(r["median_s"] for r in pyox_runs) * 1000 if pyox_runs else None
        serdi_ms = serdi.get(serdi_name, {}).get("median_ms")
        count = (panet_runs or [{"triples": None}])[0]["triples"] or (pyox_runs[0]["triples"] if pyox_runs else None)
        if panet_runs:
            rows.append([label, "panet bench --only datafile", ms(panet_ms), rate(count / panet_ms * 1000 if count else None),
                         f"{max(r['rss'] for r in panet_runs)} MB (before {panet_runs[0]['before']} MB)", len(panet_runs), "", ""])
        if pyox_runs:
            rows.append([label, f"pyoxigraph {pyox_runs[0]['version']} Store().load", ms(pyox_ms),
                         rate(count / pyox_ms * 1000 if count else None),
                         f"{max(r['peak_rss_mb'] for r in pyox_runs):.0f} MB (before {pyox_runs[0]['baseline_rss_mb']:.0f} MB)",
                         len(pyox_runs), ratio(panet_ms, pyox_ms), ratio(pyox_ms, panet_ms)])
        if serdi_ms:
            rows.append([label, "serdi parse → /dev/null (process)", ms(serdi_ms), rate(count / serdi_ms * 1000 if count else None),
                         "–", serdi[serdi_name]["runs"], ratio(panet_ms, serdi_ms), ratio(serdi_ms, panet_ms)])
    out.append(table(["syntax", "tool", "median time", "triples/s", "peak RSS", "runs", "panet / peer (time)",
                      "panet / peer (triples/s)"], rows))
    return "\n".join(out)


def section_classify(info: dict[str, str]) -> str:
    source = os.path.basename(info.get("unreasoned", "PaNET"))
    out = [f"## 3. Classify PaNET ({source})\n"]
    reasons = numbered("classify_panet")
    bench = panet_case(load_json("classify_panet_bench.json"), "classify")
    process = hyperfine("classify_process")
    owlrl_runs = [r for r in numbered("classify_owlrl") if "closure_s" in r]
    owlrl_timeout = [r for r in numbered("classify_owlrl") if "timeout_s" in r]
    rows = []
    panet_ms = statistics.median(r["milliseconds"] for r in reasons) if reasons else None
    if reasons:
        first = reasons[0]
        rows.append(["panet reason: classification time (as reported, no cache)", ms(panet_ms), len(reasons),
                     "", f"{first['classes']} classes, {first['subsumptions']} subsumptions, "
                         f"{len(first.get('equivalence_sets', []))} equivalence sets"])
    if bench:
        rows.append(["panet bench --only classify (in-process, warm)", ms(bench["median_ms"]), bench["runs"], "", ""])
    for name, result in process.items():
        rows.append([f"{name}: start + parse + classify + report", ms(result["median_ms"]), result["runs"], "", "hyperfine"])
    if owlrl_runs:
        closure = statistics.median(r["closure_s"] for r in owlrl_runs) * 1000
        parse = statistics.median(r["parse_s"] for r in owlrl_runs) * 1000
        first = owlrl_runs[0]
        rows.append([f"owlrl {first['owlrl_version']} on rdflib {first['rdflib_version']}: OWL 2 RL closure", ms(closure),
                     len(owlrl_runs), ratio(panet_ms, closure),
                     f"+ {ms(parse)} rdflib parse; {first['triples_before']} → {first['triples_after']} triples; "
                     f"{first['named_subsumptions']} named subsumptions (RL, not EL: orientation only)"])
    elif owlrl_timeout:
        rows.append(["owlrl on rdflib: OWL 2 RL closure", f"> {owlrl_timeout[0]['timeout_s']} s (timed out)", 1, "–", ""])
    out.append(table(["what", "median", "runs", "panet reason / peer", "note"], rows))
    out.append("\nQuoted, **not measured here** (other machines, for orientation only):\n")
    out.append(table(["reasoner", "figure", "source"], [
        ["HermiT (Java)", "0.8–1.3 s including JVM start", "quoted"],
        ["reasonable (Rust, OWL 2 RL)", "116 ms", "quoted"],
    ]))
    return "\n".join(out)


def section_scaling(info: dict[str, str]) -> str:
    out = ["## 4. Reasoner scaling on generated OWL 2 EL ontologies (Turtle)\n"]
    sizes = sorted({int(m.group(1)) for f in glob.glob(path("scale_*_generator.txt"))
                    if (m := re.search(r"scale_(\d+)_generator", f))})
    rows = []
    previous = None
    for size in sizes:
        reasons = numbered(f"scale_{size}_reason")
        times = []
        for file in sorted(glob.glob(path(f"scale_{size}_time_*.txt"))):
            with open(file, encoding="utf-8") as handle:
                fields = handle.read().split()
            if len(fields) >= 2:
                times.append((float(fields[-2]), int(fields[-1])))
        with open(path(f"scale_{size}_generator.txt"), encoding="utf-8") as handle:
            generator = handle.read()
        axioms = re.search(r"= (\d+) logical and declaration axioms", generator)
        timeout = None
        if os.path.exists(path(f"scale_{size}_timeout.txt")):
            with open(path(f"scale_{size}_timeout.txt"), encoding="utf-8") as handle:
                timeout = handle.read().strip()
        if reasons:
            classify_ms = statistics.median(r["milliseconds"] for r in reasons)
            wall_ms = statistics.median(t for t, _ in times) * 1000 if times else None
            rss = max(m for _, m in times) / 1024 if times else None
            growth = "" if previous is None else f"×{classify_ms / previous[1]:.1f} for ×{size / previous[0]:.0f} classes"
            rows.append([f"{size:,}", f"{int(axioms.group(1)):,}" if axioms else "?", f"{reasons[0]['subsumptions']:,}",
                         ms(classify_ms), ms(wall_ms), f"{rss:.0f} MB" if rss else "–", len(reasons), growth])
            previous = (size, classify_ms)
        elif timeout:
            rows.append([f"{size:,}", f"{int(axioms.group(1)):,}" if axioms else "?", "–", f"> {timeout} s (timed out)", "–", "–", 0, ""])
    out.append(table(["classes", "axioms", "inferred subsumptions", "classification", "whole process", "peak RSS", "runs",
                      "classification growth"], rows))
    out.append("\nWhole process = `PANET_NO_CACHE=1 panet reason --ontology FILE --format json` (start, Turtle parse, "
               "classification, JSON report), /usr/bin/time. Sizes after one that timed out were not run.\n")
    return "\n".join(out)


def section_lookup(info: dict[str, str]) -> str:
    out = ["## 5. `lookup SAXS` as a whole process (hyperfine, including process/interpreter start)\n"]
    results = hyperfine("lookup")
    warm = results.get("panet lookup, warm snapshot")
    rows = []
    for name, result in results.items():
        rows.append([name, ms(result["median_ms"]), f"± {ms(result['stddev_ms'])}", result["runs"],
                     "" if name.startswith("panet") else ratio(warm and warm["median_ms"], result["median_ms"])])
    out.append(table(["command", "median", "σ", "runs", "panet warm / peer"], rows))
    out.append("\nThe Python peers (bench/py_lookup.py) parse PaNET.owl, match rdfs:label or skos:altLabel case-"
               "insensitively and print IRI, label and asserted parents; all three print PaNET01188.\n")
    return "\n".join(out)


def main() -> int:
    global RAW
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    RAW = sys.argv[1]
    info = env()
    print("# panet benchmarks\n")
    print("Generated by bench/run.sh. Medians; ratios are panet / peer (time: below 1 = panet faster; "
          "triples/s: above 1 = panet faster).\n")
    for section in (section_environment, section_load, section_stream, section_classify, section_scaling, section_lookup):
        try:
            print(section(info))
        except Exception as error:  # keep the other tables when one set of raw files is incomplete
            print(f"## {section.__name__}\n\n(no figures: {type(error).__name__}: {error})\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
