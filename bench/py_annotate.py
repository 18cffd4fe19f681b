#!/usr/bin/env python3
"""Annotate JSON Lines dataset records with PaNET techniques and their ancestors: the peer of
`panet annotate`.

Usage: py_annotate.py --lib pyoxigraph|rdflib [--ontology PaNET.owl] RECORDS.jsonl OUT.jsonl

Loads the released ontology (whose asserted rdfs:subClassOf already is the inferred hierarchy),
builds lookup tables once (IRI, short id, label and synonym → class; class → ancestors through
`rdfs:subClassOf*`), then for every record resolves `techniques[].pid` / `.name` and writes the
record with a `panet` member {techniques, ancestors, unmatched}. The tables are plain dicts, which is
the fastest a Python annotator can do; the loop is what is compared. Prints one JSON line to
stdout: {"lib", "records", "load_s", "annotate_s", "records_per_s"}.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
PANET = "http://purl.org/pan-science/PaNET/"
DEFAULT_ONTOLOGY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ontology", "PaNET.owl")


def tables_pyoxigraph(path: str):
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=path, format=ox.RdfFormat.RDF_XML)
    names, labels, ancestors = {}, {}, {}
    for row in store.query(f"SELECT ?c ?n ?p WHERE {{ ?c ?p ?n . FILTER(isIRI(?c) && ?p IN (<{RDFS}label>, <{SKOS_ALT}>)) }}"):
        iri, name = row["c"].value, row["n"].value
        names.setdefault(name.lower(), iri)
        if row["p"].value == RDFS + "label":
            labels[iri] = name
    for row in store.query(f"SELECT ?c ?a WHERE {{ ?c <{RDFS}subClassOf>+ ?a . FILTER(isIRI(?c) && isIRI(?a) && ?c != ?a) }}"):
        ancestors.setdefault(row["c"].value, set()).add(row["a"].value)
    return names, labels, ancestors


def tables_rdflib(path: str):
    import rdflib

    graph = rdflib.Graph()
    graph.parse(path, format="xml")
    names, labels, ancestors = {}, {}, {}
    for predicate in (rdflib.URIRef(RDFS + "label"), rdflib.URIRef(SKOS_ALT)):
        for subject, name in graph.subject_objects(predicate):
            if isinstance(subject, rdflib.URIRef):
                names.setdefault(str(name).lower(), str(subject))
                if predicate == rdflib.URIRef(RDFS + "label"):
                    labels[str(subject)] = str(name)
    sub = rdflib.URIRef(RDFS + "subClassOf")
    for subject in set(graph.subjects(sub, None)):
        if isinstance(subject, rdflib.URIRef):
            found = {str(a) for a in graph.transitive_objects(subject, sub) if isinstance(a, rdflib.URIRef) and a != subject}
            if found:
                ancestors[str(subject)] = found
    return names, labels, ancestors


def resolve(text: str, names: dict[str, str], labels: dict[str, str]) -> str | None:
    stripped = text.strip()
    for prefix in ("http://purl.org/pan-science/PaNET/", "https://purl.org/pan-science/PaNET/",
                   "https://w3id.org/pan-science/PaNET/", "http://w3id.org/pan-science/PaNET/"):
        if stripped.startswith(prefix):
            stripped = stripped[len(prefix):]
            break
    if stripped.startswith("PaNET") and PANET + stripped in labels:
        return PANET + stripped
    return names.get(stripped.lower())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lib", choices=["pyoxigraph", "rdflib"], required=True)
    parser.add_argument("--ontology", default=DEFAULT_ONTOLOGY)
    parser.add_argument("records")
    parser.add_argument("output")
    arguments = parser.parse_args()
    start = time.perf_counter()
    build = tables_pyoxigraph if arguments.lib == "pyoxigraph" else tables_rdflib
    names, labels, ancestors = build(arguments.ontology)
    loaded = time.perf_counter()

    def term(iri: str) -> dict[str, str | None]:
        return {"iri": iri, "id": iri.rsplit("/", 1)[-1], "label": labels.get(iri)}

    count = 0
    with open(arguments.records, encoding="utf-8") as source, open(arguments.output, "w", encoding="utf-8") as output:
        for line in source:
            if not line.strip():
                continue
            record = json.loads(line)
            techniques, closure, unmatched = [], set(), []
            for item in record.get("techniques", []):
                text = item.get("pid") or item.get("name") or ""
                iri = resolve(text, names, labels)
                if iri is None:
                    unmatched.append(text)
                    continue
                techniques.append(dict(term(iri), source=text))
                closure |= ancestors.get(iri, set())
            closure -= {t["iri"] for t in techniques}
            record["panet"] = {"techniques": techniques, "ancestors": [term(a) for a in sorted(closure)],
                               "unmatched": unmatched}
            output.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
    done = time.perf_counter()
    json.dump({"lib": arguments.lib, "records": count, "load_s": round(loaded - start, 4),
               "annotate_s": round(done - loaded, 4), "records_per_s": round(count / (done - loaded))}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
