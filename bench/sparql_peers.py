#!/usr/bin/env python3
"""Time SPARQL queries with pyoxigraph or rdflib, in this process: the peers of `panet bench --only sparql`.

Usage: sparql_peers.py --lib pyoxigraph|rdflib [--data FILE ...] [--runs N] [--timeout S]
                       [--load-timeout S] QUERY.rq ...

Loads the files once into one in-memory store (pyoxigraph: Store.bulk_load; rdflib: Graph.parse),
then for each query makes one warm-up run and N timed runs of: query (parse + evaluation) and a full
iteration of the result, reading every binding of every row. Prints one JSON object per line:
{"lib", "version", "query", "median_ms", "min_ms", "runs", "results"}, or "status": "timeout" when
the first run of a query (or the load, with "query": null) takes longer than the timeout. rdflib is
pure Python, so its timeouts are exact (SIGALRM); pyoxigraph queries run to the end.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import statistics
import sys
import time

SYNTAX = {".owl": "rdfxml", ".rdf": "rdfxml", ".xml": "rdfxml", ".ttl": "turtle", ".nt": "ntriples"}


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


def with_timeout(seconds: float | None, body):
    if not seconds:
        return body()
    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return body()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lib", required=True, choices=["pyoxigraph", "rdflib"])
    parser.add_argument("--data", action="append", default=[], help="RDF file to load (repeatable)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=None, help="seconds allowed for one query run")
    parser.add_argument("--load-timeout", type=float, default=None, help="seconds allowed for loading")
    parser.add_argument("queries", nargs="+")
    args = parser.parse_args()

    if args.lib == "pyoxigraph":
        import pyoxigraph as ox

        version = ox.__version__
        store = ox.Store()
        media = {"rdfxml": "application/rdf+xml", "turtle": "text/turtle", "ntriples": "application/n-triples"}

        def load() -> int:
            for path in args.data:
                fmt = ox.RdfFormat.from_media_type(media[SYNTAX[os.path.splitext(path)[1].lower()]])
                store.bulk_load(path=path, format=fmt)
            return len(store)

        def run(text: str) -> int:
            result = store.query(text)
            if isinstance(result, bool):
                return int(result)
            rows = 0
            if isinstance(result, ox.QuerySolutions):
                width = len(result.variables)
                for solution in result:
                    for index in range(width):
                        solution[index]
                    rows += 1
            else:
                for _ in result:
                    rows += 1
            return rows
    else:
        import rdflib

        version = rdflib.__version__
        graph = rdflib.Graph()
        formats = {"rdfxml": "xml", "turtle": "turtle", "ntriples": "nt"}

        def load() -> int:
            for path in args.data:
                graph.parse(path, format=formats[SYNTAX[os.path.splitext(path)[1].lower()]])
            return len(graph)

        def run(text: str) -> int:
            result = graph.query(text)
            if result.type == "ASK":
                return int(bool(result.askAnswer))
            rows = 0
            for row in result:
                for value in row:
                    pass
                rows += 1
            return rows

    def emit(**fields) -> None:
        print(json.dumps({"lib": args.lib, "version": version, **fields}), flush=True)

    start = time.perf_counter()
    try:
        triples = with_timeout(args.load_timeout, load)
    except Timeout:
        emit(query=None, status="timeout", load_s=round(time.perf_counter() - start, 1))
        for path in args.queries:
            emit(query=os.path.splitext(os.path.basename(path))[0], status="skipped (load timeout)")
        return 0
    emit(query=None, status="loaded", triples=triples, load_s=round(time.perf_counter() - start, 2))

    for path in args.queries:
        name = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        gc.collect()
        try:
            first = time.perf_counter()
            results = with_timeout(args.timeout, lambda: run(text))
            first = time.perf_counter() - first
        except Timeout:
            emit(query=name, status="timeout", timeout_s=args.timeout)
            continue
        runs = []
        # A query slower than the timeout budget for N runs gets fewer timed runs (at least one).
        count = args.runs if not args.timeout or first * args.runs <= args.timeout * 2 else 1
        for _ in range(count):
            begin = time.perf_counter()
            results = run(text)
            runs.append(time.perf_counter() - begin)
        emit(query=name, status="ok", median_ms=statistics.median(runs) * 1000, min_ms=min(runs) * 1000,
             runs=len(runs), results=results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
