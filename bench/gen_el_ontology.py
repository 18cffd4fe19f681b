#!/usr/bin/env python3
"""Generate a deterministic OWL 2 EL ontology of a given size for reasoner scaling runs.

Usage: gen_el_ontology.py N OUT.ttl|OUT.owl [--depth 15] [--seed 20251]

N named classes in `depth` levels (a handful of roots, each level larger than the one above), about
3N axioms of the shapes found in technique ontologies such as PaNET:
  - a declaration and an rdfs:label for every class;
  - rdfs:subClassOf a named parent one level up (every non-root), a second, neighbouring parent
    for ~12%;
  - rdfs:subClassOf an existential restriction (∃r.C) for ~45%;
  - owl:equivalentClass (P ⊓ ∃r.C) definitions for ~25%, and classes built to fall under those
    definitions by inference (a sibling whose filler is a subclass of the definition's filler,
    through a sub-property for some), so classification has real work to do;
  - eight object properties with rdfs:domain, two rdfs:subPropertyOf links and one transitive one.
The extension picks the syntax: .ttl (Turtle) or .owl/.rdf (RDF/XML). Counts go to stderr. The same
arguments always give byte-identical output.
"""

from __future__ import annotations

import argparse
import os
import random
import sys

BASE = "http://example.org/el-bench/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"

# property, domain level-0 root index, super-property (or None), transitive
PROPERTIES = [
    ("usesProbe", 0, None, False),
    ("usesXRayProbe", 0, "usesProbe", False),
    ("usesNeutronProbe", 0, "usesProbe", False),
    ("detects", 1, None, False),
    ("hasSampleEnvironment", 1, None, False),
    ("producesData", 2, None, False),
    ("partOf", 3, None, True),
    ("measuresProperty", 2, None, False),
]
ADJECTIVES = ["small angle", "grazing incidence", "inelastic", "time resolved", "resonant", "polarised",
              "high pressure", "coherent", "ultrafast", "soft", "hard", "magnetic", "total", "diffuse"]
NOUNS = ["scattering", "diffraction", "spectroscopy", "imaging", "tomography", "reflectometry",
         "microscopy", "absorption", "emission", "crystallography", "holography", "ptychography"]


def level_sizes(total: int, depth: int, roots: int) -> list[int]:
    """Sizes of `depth` levels growing geometrically from `roots`, summing to `total`."""
    roots = max(1, min(roots, total))
    if depth <= 1 or total <= roots:
        return [total]
    low, high = 1.0, float(total)
    for _ in range(200):
        mid = (low + high) / 2
        if sum(roots * mid ** level for level in range(depth)) < total:
            low = mid
        else:
            high = mid
    sizes = [max(1, int(roots * low ** level)) for level in range(depth)]
    sizes[-1] += total - sum(sizes)
    while sizes[-1] < 1:  # tiny totals: shorten the hierarchy
        sizes.pop()
        sizes[-1] += total - sum(sizes)
    return sizes


def build(total: int, depth: int, seed: int):
    rng = random.Random(seed)
    sizes = level_sizes(total, depth, roots=5)
    starts = [0]
    for size in sizes[:-1]:
        starts.append(starts[-1] + size)
    level_of = []
    for level, size in enumerate(sizes):
        level_of.extend([level] * size)
    upper = min(len(sizes), 7)  # levels whose classes serve as existential fillers
    children: list[list[int]] = [[] for _ in range(starts[upper] if upper < len(sizes) else total)]
    super_property = {name: sup for name, _, sup, _ in PROPERTIES}
    property_names = [name for name, *_ in PROPERTIES]

    parents: list[list[int]] = [[] for _ in range(total)]
    existentials: list[list[tuple[str, int]]] = [[] for _ in range(total)]
    definitions: dict[int, tuple[int, str, int]] = {}  # class -> (parent, property, filler)
    defined_children: dict[int, list[int]] = {}  # parent -> its defined children

    def random_in(level: int) -> int:
        return starts[level] + rng.randrange(sizes[level])

    def filler(low: int, high: int) -> int:
        high = min(high, upper - 1, len(sizes) - 1)
        low = min(low, high)
        return random_in(rng.randint(low, high))

    def descend(node: int, steps: int) -> int:
        for _ in range(steps):
            if node >= len(children) or not children[node]:
                break
            node = rng.choice(children[node])
        return node

    used_definitions: set[tuple[int, str, int]] = set()
    for cls in range(total):
        level = level_of[cls]
        if level == 0:
            continue
        # Neighbouring classes share parents, neighbouring parents share grandparents.
        offset = cls - starts[level]
        above = sizes[level - 1]
        parent = starts[level - 1] + min(above - 1, int((offset + rng.random()) * above / sizes[level]))
        parents[cls].append(parent)
        if parent < len(children):
            children[parent].append(cls)
        if level >= 2 and rng.random() < 0.12:
            # A second parent next to the first (usually under the same grandparent).
            second = min(starts[level - 1] + above - 1, max(starts[level - 1], parent + rng.choice((-2, -1, 1, 2))))
            if second != parent:
                parents[cls].append(second)
                if second < len(children):
                    children[second].append(cls)
        if level < 2:
            continue
        roll = rng.random()
        if roll < 0.25:
            prop = rng.choice(property_names)
            fill = filler(2, 5)
            if (parent, prop, fill) not in used_definitions:
                used_definitions.add((parent, prop, fill))
                definitions[cls] = (parent, prop, fill)
                defined_children.setdefault(parent, []).append(cls)
                continue
            existentials[cls].append((prop, filler(2, 6)))
        elif roll < 0.45 and parent in defined_children:
            # A sibling of a defined class that the reasoner must place below it.
            target = rng.choice(defined_children[parent])
            _, prop, target_filler = definitions[target]
            sub_props = [name for name in property_names if super_property[name] == prop]
            if sub_props and rng.random() < 0.5:
                prop = rng.choice(sub_props)
            existentials[cls].append((prop, descend(target_filler, rng.randint(0, 3))))
        elif roll < 0.70:
            existentials[cls].append((rng.choice(property_names), filler(2, 6)))
    return sizes, level_of, parents, existentials, definitions


def label(cls: int) -> str:
    return f"{ADJECTIVES[cls % len(ADJECTIVES)]} {NOUNS[(cls // len(ADJECTIVES)) % len(NOUNS)]} {cls}"


def write_turtle(out, total, parents, existentials, definitions):
    w = out.write
    w(f"@prefix : <{BASE}> .\n@prefix owl: <{OWL}> .\n@prefix rdf: <{RDF}> .\n@prefix rdfs: <{RDFS}> .\n\n")
    w(f"<{BASE}ontology> a owl:Ontology ;\n    rdfs:label \"generated EL benchmark ontology, {total} classes\"@en .\n\n")
    for name, domain, sup, transitive in PROPERTIES:
        w(f":{name} a owl:ObjectProperty{', owl:TransitiveProperty' if transitive else ''} ;\n")
        if sup:
            w(f"    rdfs:subPropertyOf :{sup} ;\n")
        w(f"    rdfs:domain :C{domain} ;\n    rdfs:label \"{name}\"@en .\n")
    w("\n")

    def some(prop: str, fill: int) -> str:
        return f"[ a owl:Restriction ; owl:onProperty :{prop} ; owl:someValuesFrom :C{fill} ]"

    for cls in range(total):
        parts = [f':C{cls} a owl:Class', f'    rdfs:label "{label(cls)}"@en']
        supers = [f":C{p}" for p in parents[cls]] + [some(p, f) for p, f in existentials[cls]]
        if supers:
            parts.append("    rdfs:subClassOf " + " ,\n        ".join(supers))
        if cls in definitions:
            parent, prop, fill = definitions[cls]
            parts.append(f"    owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( :C{parent} {some(prop, fill)} ) ]")
        w(" ;\n".join(parts) + " .\n")


def write_rdfxml(out, total, parents, existentials, definitions):
    w = out.write
    w('<?xml version="1.0"?>\n')
    w(f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:rdfs="{RDFS}" xmlns:owl="{OWL}" xml:base="{BASE}">\n')
    w(f'  <owl:Ontology rdf:about="{BASE}ontology">\n'
      f'    <rdfs:label xml:lang="en">generated EL benchmark ontology, {total} classes</rdfs:label>\n  </owl:Ontology>\n')
    for name, domain, sup, transitive in PROPERTIES:
        w(f'  <owl:ObjectProperty rdf:about="{BASE}{name}">\n')
        if transitive:
            w(f'    <rdf:type rdf:resource="{OWL}TransitiveProperty"/>\n')
        if sup:
            w(f'    <rdfs:subPropertyOf rdf:resource="{BASE}{sup}"/>\n')
        w(f'    <rdfs:domain rdf:resource="{BASE}C{domain}"/>\n    <rdfs:label xml:lang="en">{name}</rdfs:label>\n'
          '  </owl:ObjectProperty>\n')

    def some(prop: str, fill: int, indent: str) -> str:
        return (f'{indent}<owl:Restriction>\n{indent}  <owl:onProperty rdf:resource="{BASE}{prop}"/>\n'
                f'{indent}  <owl:someValuesFrom rdf:resource="{BASE}C{fill}"/>\n{indent}</owl:Restriction>\n')

    for cls in range(total):
        w(f'  <owl:Class rdf:about="{BASE}C{cls}">\n    <rdfs:label xml:lang="en">{label(cls)}</rdfs:label>\n')
        for parent in parents[cls]:
            w(f'    <rdfs:subClassOf rdf:resource="{BASE}C{parent}"/>\n')
        for prop, fill in existentials[cls]:
            w("    <rdfs:subClassOf>\n" + some(prop, fill, "      ") + "    </rdfs:subClassOf>\n")
        if cls in definitions:
            parent, prop, fill = definitions[cls]
            w('    <owl:equivalentClass>\n      <owl:Class>\n        <owl:intersectionOf rdf:parseType="Collection">\n'
              f'          <rdf:Description rdf:about="{BASE}C{parent}"/>\n' + some(prop, fill, "          ") +
              "        </owl:intersectionOf>\n      </owl:Class>\n    </owl:equivalentClass>\n")
        w("  </owl:Class>\n")
    w("</rdf:RDF>\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of named classes")
    parser.add_argument("out", help="output file: .ttl (Turtle) or .owl/.rdf (RDF/XML)")
    parser.add_argument("--depth", type=int, default=15)
    parser.add_argument("--seed", type=int, default=20251)
    args = parser.parse_args()
    if args.count < 1:
        parser.error("N must be at least 1")
    extension = os.path.splitext(args.out)[1].lower()
    if extension not in (".ttl", ".owl", ".rdf"):
        parser.error("OUT must end in .ttl, .owl or .rdf")

    sizes, _, parents, existentials, definitions = build(args.count, args.depth, args.seed)
    with open(args.out + ".tmp", "w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        (write_turtle if extension == ".ttl" else write_rdfxml)(out, args.count, parents, existentials, definitions)
    os.replace(args.out + ".tmp", args.out)

    named = sum(len(p) for p in parents)
    some = sum(len(e) for e in existentials)
    property_axioms = sum(2 + (sup is not None) + transitive for _, _, sup, transitive in PROPERTIES)
    axioms = args.count + named + some + len(definitions) + property_axioms
    print(f"wrote {args.out}: {args.count} classes in {len(sizes)} levels {sizes}; axioms: {args.count} declarations, "
          f"{named} subClassOf named, {some} subClassOf ∃r.C, {len(definitions)} equivalentClass (P ⊓ ∃r.C), "
          f"{property_axioms} property axioms = {axioms} logical and declaration axioms "
          f"({axioms / args.count:.2f} per class), plus {args.count} labels", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
