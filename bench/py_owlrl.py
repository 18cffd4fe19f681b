#!/usr/bin/env python3
"""Classify an ontology with owlrl (OWL 2 RL forward chaining on rdflib) and time it.

Usage: py_owlrl.py FILE

Parses FILE with rdflib (timed separately), expands the graph to its OWL 2 RL closure with
owlrl.DeductiveClosure(OWLRL_Semantics) and prints one JSON object: parse and closure seconds,
triples before and after, and the number of non-trivial subsumptions between named classes in the
closure (A rdfs:subClassOf B with A != B, both IRIs declared owl:Class, B not owl:Thing). OWL 2 RL
is a different profile from OWL 2 EL, so that count is for orientation, not an equivalence check.
"""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    path = sys.argv[1]
    import owlrl
    import rdflib
    from rdflib.namespace import OWL, RDF, RDFS

    graph = rdflib.Graph()
    start = time.perf_counter()
    fmt = {".ttl": "turtle", ".nt": "nt"}.get(os.path.splitext(path)[1].lower(), "xml")
    graph.parse(path, format=fmt)
    parse_s = time.perf_counter() - start
    before = len(graph)
    start = time.perf_counter()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    closure_s = time.perf_counter() - start
    named = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, rdflib.URIRef)}
    subsumptions = sum(1 for a, b in graph.subject_objects(RDFS.subClassOf)
                       if a != b and a in named and b in named and b != OWL.Thing)
    print(json.dumps({
        "owlrl_version": getattr(owlrl, "__version__", "?"), "rdflib_version": rdflib.__version__,
        "parse_s": parse_s, "closure_s": closure_s, "triples_before": before, "triples_after": len(graph),
        "named_classes": len(named), "named_subsumptions": subsumptions,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
