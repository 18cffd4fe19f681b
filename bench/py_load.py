#!/usr/bin/env python3
"""Time loading an RDF file into an in-memory store with pyoxigraph or rdflib, in this process.

Usage: py_load.py --lib pyoxigraph|pyoxigraph-bulk|rdflib [--repeat K] [--warmup W] FILE

Each run loads FILE into a fresh in-memory store (pyoxigraph: Store().load, or Store().bulk_load for
pyoxigraph-bulk; rdflib: Graph().parse) and is timed with perf_counter; module import and interpreter
start are not included. Prints one JSON object: library and version, triples, every run's seconds,
median and minimum, triples per second at the median, and the process's peak RSS (ru_maxrss) before
the first load and at the end, in MB. The syntax is taken from the extension (.owl/.rdf: RDF/XML,
.ttl: Turtle, .nt: N-Triples).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import sys
import time

SYNTAX = {".owl": "rdfxml", ".rdf": "rdfxml", ".xml": "rdfxml", ".ttl": "turtle", ".nt": "ntriples"}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lib", required=True, choices=["pyoxigraph", "pyoxigraph-bulk", "rdflib"])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=0)
    parser.add_argument("file")
    args = parser.parse_args()
    syntax = SYNTAX.get(os.path.splitext(args.file)[1].lower())
    if syntax is None:
        parser.error(f"unknown RDF syntax for {args.file}")

    if args.lib.startswith("pyoxigraph"):
        import pyoxigraph as ox

        version = ox.__version__
        media = {"rdfxml": "application/rdf+xml", "turtle": "text/turtle", "ntriples": "application/n-triples"}[syntax]
        rdf_format = ox.RdfFormat.from_media_type(media)
        bulk = args.lib == "pyoxigraph-bulk"

        def load() -> int:
            store = ox.Store()
            if bulk:
                store.bulk_load(path=args.file, format=rdf_format)
            else:
                store.load(path=args.file, format=rdf_format)
            return len(store)
    else:
        import rdflib

        version = rdflib.__version__
        rdflib_format = {"rdfxml": "xml", "turtle": "turtle", "ntriples": "nt"}[syntax]

        def load() -> int:
            graph = rdflib.Graph()
            graph.parse(args.file, format=rdflib_format)
            return len(graph)

    baseline = peak_rss_mb()
    for _ in range(args.warmup):
        load()
        gc.collect()
    runs = []
    triples = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        triples = load()
        runs.append(time.perf_counter() - start)
        gc.collect()
    median = statistics.median(runs)
    print(json.dumps({
        "lib": args.lib, "version": version, "file": os.path.basename(args.file), "triples": triples,
        "runs_s": runs, "median_s": median, "min_s": min(runs),
        "triples_per_s": triples / median if median > 0 else None,
        "baseline_rss_mb": round(baseline, 1), "peak_rss_mb": round(peak_rss_mb(), 1),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
