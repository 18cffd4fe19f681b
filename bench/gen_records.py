#!/usr/bin/env python3
"""Generate deterministic dataset records (JSON Lines) that name PaNET techniques, for annotation runs.

Usage: gen_records.py N OUT.jsonl [--ontology ontology/PaNET.owl] [--seed 20261]

Each line is one PaNOSC search-API style dataset:
    {"pid": "ds-17", "title": "Dataset 17", "techniques": [{"pid": "..."}, {"name": "..."}]}
with 1–3 technique references drawn from the ontology's named classes, mixed the way facilities
write them: full purl IRIs (http and https), w3id IRIs, short ids, labels (some in upper case) and
synonyms. About 1% of records also name something PaNET does not know, so `unmatched` is exercised.
The ontology is read with the standard library only (RDF/XML), so the generator does not depend on
the tool it benchmarks. The same arguments always give byte-identical output.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import xml.etree.ElementTree as ET

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
RDFS = "{http://www.w3.org/2000/01/rdf-schema#}"
OWL = "{http://www.w3.org/2002/07/owl#}"
SKOS = "{http://www.w3.org/2004/02/skos/core#}"
PANET = "http://purl.org/pan-science/PaNET/"
UNKNOWN = ["in-house method", "beamline commissioning", "calibration run", "test measurement"]


def read_terms(path: str) -> list[tuple[str, str, str, list[str]]]:
    """(iri, short id, label, synonyms) of every labelled PaNET class that is not deprecated."""
    terms = []
    for element in ET.parse(path).getroot().iter(OWL + "Class"):
        iri = element.get(RDF + "about", "")
        if not iri.startswith(PANET):
            continue
        if any((child.text or "").strip() == "true" for child in element.iter(OWL + "deprecated")):
            continue
        label = next((child.text for child in element.iter(RDFS + "label") if child.text), None)
        if not label:
            continue
        synonyms = [child.text for child in element.iter(SKOS + "altLabel") if child.text]
        terms.append((iri, iri[len(PANET):], label, synonyms))
    terms.sort()
    return terms


def reference(rng: random.Random, term: tuple[str, str, str, list[str]]) -> dict[str, str]:
    iri, short, label, synonyms = term
    form = rng.random()
    if form < 0.30:
        return {"pid": iri}
    if form < 0.35:
        return {"pid": "https://" + iri[len("http://"):]}
    if form < 0.40:
        return {"pid": "https://w3id.org/pan-science/PaNET/" + short}
    if form < 0.65:
        return {"pid": short}
    if form < 0.70:
        return {"name": label.upper()}
    if form < 0.80 and synonyms:
        return {"name": rng.choice(synonyms)}
    return {"name": label}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("output")
    parser.add_argument("--ontology", default="ontology/PaNET.owl")
    parser.add_argument("--seed", type=int, default=20261)
    arguments = parser.parse_args()
    terms = read_terms(arguments.ontology)
    if not terms:
        sys.exit(f"{arguments.ontology}: no labelled PaNET classes found")
    rng = random.Random(arguments.seed)
    references = 0
    with open(arguments.output, "w", encoding="utf-8") as output:
        for number in range(arguments.count):
            techniques = [reference(rng, rng.choice(terms)) for _ in range(rng.randint(1, 3))]
            if rng.random() < 0.01:
                techniques.append({"name": rng.choice(UNKNOWN)})
            references += len(techniques)
            record = {"pid": f"ds-{number}", "title": f"Dataset {number}", "techniques": techniques}
            output.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{arguments.count} records, {references} technique references, {len(terms)} terms",
          file=sys.stderr)


if __name__ == "__main__":
    main()
