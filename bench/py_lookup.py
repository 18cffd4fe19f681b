#!/usr/bin/env python3
"""Look one PaNET term up by label or synonym with pyoxigraph or rdflib: the peer of `panet lookup`.

Usage: py_lookup.py --lib pyoxigraph|rdflib [--ontology PaNET.owl] TERM

Loads the ontology (RDF/XML), finds the classes whose rdfs:label or skos:altLabel equals TERM
ignoring case, and prints each one's IRI, label and direct asserted parents (IRI and label). Exit 1
when nothing matches. Meant to be timed as a whole process (interpreter start, imports, parse, query).
"""

from __future__ import annotations

import argparse
import os
import sys

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_SUBCLASSOF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
SKOS_ALTLABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
DEFAULT_ONTOLOGY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ontology", "PaNET.owl")


def with_pyoxigraph(path: str, term: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=path, format=ox.RdfFormat.RDF_XML)
    found = []
    term_literal = str(ox.Literal(term))  # N-Triples form, valid SPARQL
    query = f"""
        SELECT DISTINCT ?c ?label WHERE {{
          ?c <{RDFS_LABEL}>|<{SKOS_ALTLABEL}> ?name .
          FILTER(isIRI(?c) && LCASE(STR(?name)) = LCASE({term_literal}))
          OPTIONAL {{ ?c <{RDFS_LABEL}> ?label }}
        }}"""
    for row in store.query(query):
        iri = row["c"].value
        label = row["label"].value if row["label"] is not None else ""
        parents = []
        for prow in store.query(f"""
                SELECT ?p ?plabel WHERE {{
                  <{iri}> <{RDFS_SUBCLASSOF}> ?p . FILTER(isIRI(?p))
                  OPTIONAL {{ ?p <{RDFS_LABEL}> ?plabel }}
                }} ORDER BY ?p"""):
            parents.append((prow["p"].value, prow["plabel"].value if prow["plabel"] is not None else ""))
        found.append((iri, label, parents))
    return found


def with_rdflib(path: str, term: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    import rdflib

    graph = rdflib.Graph()
    graph.parse(path, format="xml")
    label_p, alt_p, sub_p = rdflib.URIRef(RDFS_LABEL), rdflib.URIRef(SKOS_ALTLABEL), rdflib.URIRef(RDFS_SUBCLASSOF)
    wanted = term.lower()
    matches = []
    for predicate in (label_p, alt_p):
        for subject, name in graph.subject_objects(predicate):
            if isinstance(subject, rdflib.URIRef) and str(name).lower() == wanted and subject not in matches:
                matches.append(subject)
    found = []
    for subject in matches:
        label = graph.value(subject, label_p)
        parents = sorted((str(p), str(graph.value(p, label_p) or "")) for p in graph.objects(subject, sub_p)
                         if isinstance(p, rdflib.URIRef))
        found.append((str(subject), str(label or ""), parents))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lib", required=True, choices=["pyoxigraph", "rdflib"])
    parser.add_argument("--ontology", default=DEFAULT_ONTOLOGY)
    parser.add_argument("term")
    args = parser.parse_args()
    found = (with_pyoxigraph if args.lib == "pyoxigraph" else with_rdflib)(args.ontology, args.term)
    if not found:
        print(f"no class named '{args.term}'", file=sys.stderr)
        return 1
    for iri, label, parents in found:
        print(f"iri      {iri}")
        print(f"label    {label}")
        print("parents  " + "; ".join(f"{plabel} <{piri}>" for piri, plabel in parents))
    return 0


if __name__ == "__main__":
    sys.exit(main())
