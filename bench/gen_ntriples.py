#!/usr/bin/env python3
"""Generate a realistic, deterministic RDF data file: experiment datasets annotated with PaNET techniques.

Usage: gen_ntriples.py N OUT.nt [--turtle OUT.ttl] [--ontology PaNET.owl] [--seed 20251]

Writes exactly N triples as N-Triples to OUT.nt and the same triples as Turtle (prefixes, subjects
grouped with ';') to OUT.ttl (default: OUT.nt with the extension replaced by .ttl; pass --turtle ''
to skip). The data looks like a facility's data catalogue: datasets with titles and descriptions in
several languages, DOIs, dates and date-times, typed numbers and booleans, 1-3 PaNET technique IRIs
each, the facility, instrument, proposal and investigators (blank nodes), plus the facilities and
instruments themselves. Technique IRIs are taken from the ontology file when it can be read, else
from the PaNET id range. The same N and seed always give byte-identical files.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"
SDO = "http://schema.org/"
PAN = "http://purl.org/pan-science/PaNET/"
EX = "https://data.example.org/catalogue/"
VOC = "https://data.example.org/vocab#"

PREFIXES = [
    ("rdf", RDF), ("rdfs", RDFS), ("xsd", XSD), ("dct", DCT), ("dcat", DCAT), ("foaf", FOAF),
    ("sdo", SDO), ("panet", PAN), ("voc", VOC),
]

FACILITIES = [
    ("ESRF", "European Synchrotron Radiation Facility", "FR", "synchrotron"),
    ("ILL", "Institut Laue-Langevin", "FR", "neutron"),
    ("DESY", "Deutsches Elektronen-Synchrotron", "DE", "synchrotron"),
    ("PSI", "Paul Scherrer Institut", "CH", "synchrotron"),
    ("ISIS", "ISIS Neutron and Muon Source", "GB", "neutron"),
    ("DLS", "Diamond Light Source", "GB", "synchrotron"),
    ("ESS", "European Spallation Source", "SE", "neutron"),
    ("MAXIV", "MAX IV Laboratory", "SE", "synchrotron"),
    ("ELETTRA", "Elettra Sincrotrone Trieste", "IT", "synchrotron"),
    ("SOLEIL", "Synchrotron SOLEIL", "FR", "synchrotron"),
    ("HZB", "Helmholtz-Zentrum Berlin", "DE", "synchrotron"),
    ("EuXFEL", "European XFEL", "DE", "free-electron laser"),
]

TECHNIQUE_WORDS = [
    "small angle x-ray scattering", "x-ray powder diffraction", "neutron reflectometry",
    "inelastic neutron scattering", "x-ray absorption spectroscopy", "tomography",
    "photoelectron spectroscopy", "macromolecular crystallography", "quasielastic scattering",
    "muon spin rotation", "coherent diffraction imaging", "x-ray fluorescence mapping",
]
SAMPLES = [
    "lysozyme crystals", "Li-ion cathode (NMC811)", "perovskite thin film", "block copolymer micelles",
    "Fe3O4 nanoparticles", "hydrated cement paste", "graphene oxide membrane", "YBa2Cu3O7 single crystal",
    "bone tissue section", "zeolite catalyst", "lipid bilayer vesicles", "steel weld joint",
]
CONDITIONS = ["at 10 K", "at room temperature", "under 5 GPa", "in operando", "under 2 T field",
              "during heating to 800 °C", "in D2O buffer", "in vacuum"]
TITLE_DE = ["Messung", "Untersuchung", "Strukturanalyse", "Charakterisierung"]
TITLE_FR = ["Mesure", "Étude", "Analyse structurale", "Caractérisation"]
KEYWORDS = ["materials", "biology", "energy", "catalysis", "magnetism", "soft matter", "cultural heritage",
            "geology", "pharmaceuticals", "superconductivity", "polymers", "nanostructures"]
GIVEN = ["Anna", "Björn", "Chloé", "Dmitri", "Elena", "François", "Giulia", "Hiro", "Ingrid", "José",
         "Katarzyna", "Liam", "Małgorzata", "Nils", "Olga", "Pierre", "Qiu", "Rosa", "Søren", "Tomás"]
FAMILY = ["Andersson", "Bianchi", "Černý", "Dubois", "Eriksen", "Fischer", "García", "Hansen", "Ivanova",
          "Jensen", "Kowalski", "Lefèvre", "Müller", "Nakamura", "O'Brien", "Petrov", "Rossi", "Schmidt"]


def technique_iris(ontology: str | None) -> list[str]:
    if ontology and os.path.exists(ontology):
        with open(ontology, encoding="utf-8") as handle:
            found = sorted(set(re.findall(r'rdf:about="(http://purl\.org/pan-science/PaNET/PaNET\d+)"', handle.read())))
        if found:
            return found
    return [f"{PAN}PaNET{n:05d}" for n in range(1000, 1300)]


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t"))


def iri(value: str) -> tuple[str, str]:
    return ("iri", value)


def blank(label: str) -> tuple[str, str]:
    return ("blank", label)


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> tuple[str, str, str | None, str | None]:
    return ("lit", text, lang, datatype)


def nt_term(term) -> str:
    kind = term[0]
    if kind == "iri":
        return f"<{term[1]}>"
    if kind == "blank":
        return f"_:{term[1]}"
    _, text, lang, datatype = term
    out = f'"{escape(text)}"'
    if lang:
        return f"{out}@{lang}"
    if datatype:
        return f"{out}^^<{datatype}>"
    return out


def ttl_term(term) -> str:
    kind = term[0]
    if kind == "iri":
        value = term[1]
        if value == RDF + "type":
            return "a"
        for prefix, namespace in PREFIXES:
            if value.startswith(namespace):
                local = value[len(namespace):]
                if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", local):
                    return f"{prefix}:{local}"
        return f"<{value}>"
    if kind == "blank":
        return f"_:{term[1]}"
    _, text, lang, datatype = term
    out = f'"{escape(text)}"'
    if lang:
        return f"{out}@{lang}"
    if datatype:
        return out + "^^" + ttl_term(iri(datatype))
    return out


def entities(rng: random.Random, techniques: list[str]):
    """Yields (subject, [(predicate, object), ...]) groups forever."""
    for code, name, country, kind in FACILITIES:
        facility = iri(f"{EX}facility/{code}")
        yield facility, [
            (iri(RDF + "type"), iri(VOC + "Facility")),
            (iri(FOAF + "name"), lit(name)),
            (iri(SDO + "addressCountry"), lit(country)),
            (iri(VOC + "sourceType"), lit(kind, lang="en")),
            (iri(FOAF + "homepage"), iri(f"https://www.{code.lower()}.example.org/")),
        ]
        for number in range(1, 9):
            instrument = iri(f"{EX}facility/{code}/instrument/{code}-{number:02d}")
            yield instrument, [
                (iri(RDF + "type"), iri(VOC + "Instrument")),
                (iri(RDFS + "label"), lit(f"{code} beamline {number:02d}", lang="en")),
                (iri(DCT + "isPartOf"), facility),
                (iri(VOC + "supportsTechnique"), iri(rng.choice(techniques))),
            ]
    person = 0
    dataset = 0
    while True:
        dataset += 1
        code, _, _, _ = FACILITIES[rng.randrange(len(FACILITIES))]
        year = rng.randint(2012, 2025)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        technique = rng.choice(TECHNIQUE_WORDS)
        sample = rng.choice(SAMPLES)
        condition = rng.choice(CONDITIONS)
        subject = iri(f"{EX}dataset/{code}/{year}/{dataset:08d}")
        props = [
            (iri(RDF + "type"), iri(DCAT + "Dataset")),
            (iri(DCT + "identifier"), lit(f"10.5291/{code}-{year}-{dataset:08d}")),
            (iri(DCT + "title"), lit(f"{technique.capitalize()} of {sample} {condition}", lang="en")),
        ]
        if rng.random() < 0.35:
            props.append((iri(DCT + "title"), lit(f"{rng.choice(TITLE_DE)}: {sample} ({technique})", lang="de")))
        if rng.random() < 0.2:
            props.append((iri(DCT + "title"), lit(f"{rng.choice(TITLE_FR)} : {sample} ({technique})", lang="fr")))
        if rng.random() < 0.5:
            props.append((iri(DCT + "description"), lit(
                f'Raw and reduced data for proposal {year}-{rng.randint(1, 999):03d}.\n'
                f'Sample "{sample}" measured {condition}; see the "README" file.', lang="en")))
        props += [
            (iri(DCT + "issued"), lit(f"{year:04d}-{month:02d}-{day:02d}", datatype=XSD + "date")),
            (iri(DCT + "modified"), lit(
                f"{year:04d}-{month:02d}-{day:02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z",
                datatype=XSD + "dateTime")),
            (iri(DCT + "publisher"), iri(f"{EX}facility/{code}")),
            (iri(VOC + "instrument"), iri(f"{EX}facility/{code}/instrument/{code}-{rng.randint(1, 8):02d}")),
        ]
        for technique_iri in rng.sample(techniques, rng.choice((1, 1, 1, 2, 2, 3))):
            props.append((iri(VOC + "technique"), iri(technique_iri)))
        for keyword in rng.sample(KEYWORDS, rng.randint(1, 3)):
            props.append((iri(DCAT + "keyword"), lit(keyword, lang="en")))
        props += [
            (iri(VOC + "sampleTemperature"), lit(f"{rng.uniform(1.5, 1200):.2f}", datatype=XSD + "decimal")),
            (iri(VOC + "fileCount"), lit(str(rng.randint(1, 50000)), datatype=XSD + "integer")),
            (iri(VOC + "volumeBytes"), lit(f"{rng.uniform(1e6, 5e12):.4E}", datatype=XSD + "double")),
            (iri(VOC + "openAccess"), lit("true" if rng.random() < 0.7 else "false", datatype=XSD + "boolean")),
        ]
        investigators = []
        for _ in range(rng.randint(1, 2)):
            person += 1
            label = f"p{person}"
            investigators.append((label, f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"))
            props.append((iri(DCT + "creator"), blank(label)))
        yield subject, props
        for label, name in investigators:
            yield blank(label), [
                (iri(RDF + "type"), iri(FOAF + "Person")),
                (iri(FOAF + "name"), lit(name)),
            ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of triples")
    parser.add_argument("out", help="N-Triples output file")
    parser.add_argument("--turtle", default=None, help="Turtle output file (default: OUT with .ttl; '' to skip)")
    parser.add_argument("--ontology", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ontology", "PaNET.owl"))
    parser.add_argument("--seed", type=int, default=20251)
    args = parser.parse_args()
    turtle_path = args.turtle if args.turtle is not None else os.path.splitext(args.out)[0] + ".ttl"

    rng = random.Random(args.seed)
    techniques = technique_iris(args.ontology)
    written = 0
    nt = open(args.out + ".tmp", "w", encoding="utf-8", newline="\n")
    ttl = open(turtle_path + ".tmp", "w", encoding="utf-8", newline="\n") if turtle_path else None
    if ttl:
        for prefix, namespace in PREFIXES:
            ttl.write(f"@prefix {prefix}: <{namespace}> .\n")
        ttl.write("\n")
    for subject, props in entities(rng, techniques):
        props = props[: args.count - written]
        if not props:
            break
        s_nt = nt_term(subject)
        nt.write("".join(f"{s_nt} {nt_term(p)} {nt_term(o)} .\n" for p, o in props))
        if ttl:
            body = " ;\n    ".join(f"{ttl_term(p)} {ttl_term(o)}" for p, o in props)
            ttl.write(f"{ttl_term(subject)} {body} .\n")
        written += len(props)
        if written >= args.count:
            break
    nt.close()
    os.replace(args.out + ".tmp", args.out)
    if ttl:
        ttl.close()
        os.replace(turtle_path + ".tmp", turtle_path)
    print(f"wrote {written} triples to {args.out}" + (f" and {turtle_path}" if ttl else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
