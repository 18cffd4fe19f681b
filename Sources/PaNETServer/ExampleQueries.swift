// Generated from queries/*.rq by the test "The embedded example queries are the files in queries/"
// (RECORD_SNAPSHOTS=1 rewrites it); do not edit.

/// The example queries of `queries/`, embedded for the browser's query page.
enum ExampleQueries {
    /// Each file's name and text (without its last line break), in name order.
    static let all: [(name: String, text: String)] = [
        ("count-triples.rq", ##"""
# How many triples does the ontology have?
SELECT (COUNT(*) AS ?triples)
WHERE { ?s ?p ?o }
"""##),
        ("depth-statistics.rq", ##"""
# How deep is the technique hierarchy? For every technique, count its named ancestors (rdfs:subClassOf+),
# then report the minimum, maximum and average over all techniques.
PREFIX rdfs:  <http://www.w3.org/2000/01/rdf-schema#>
PREFIX panet: <http://purl.org/pan-science/PaNET/>

SELECT (COUNT(?technique) AS ?techniques) (MIN(?ancestors) AS ?minimum) (MAX(?ancestors) AS ?maximum)
       (AVG(?ancestors) AS ?average)
WHERE {
  {
    SELECT ?technique (COUNT(DISTINCT ?ancestor) AS ?ancestors)
    WHERE {
      ?technique rdfs:subClassOf+ panet:PaNET00001 .
      FILTER(isIRI(?technique))
      ?technique rdfs:subClassOf+ ?ancestor .
      FILTER(isIRI(?ancestor))
    }
    GROUP BY ?technique
  }
}
"""##),
        ("duplicate-labels.rq", ##"""
# Labels (compared case-insensitively) carried by more than one class.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?name (COUNT(DISTINCT ?class) AS ?classes)
WHERE {
  ?class rdfs:label ?label .
  BIND(LCASE(STR(?label)) AS ?name)
}
GROUP BY ?name
HAVING (COUNT(DISTINCT ?class) > 1)
ORDER BY ?name
"""##),
        ("hierarchy-has-cycle.rq", ##"""
# Is any named class its own ancestor? A well-formed hierarchy answers no (exit status 1).
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

ASK {
  ?class rdfs:subClassOf+ ?class .
  FILTER(isIRI(?class))
}
"""##),
        ("leaf-techniques.rq", ##"""
# Techniques without any named sub-technique (the leaves of the technique tree).
PREFIX rdfs:  <http://www.w3.org/2000/01/rdf-schema#>
PREFIX panet: <http://purl.org/pan-science/PaNET/>

SELECT DISTINCT ?technique ?label
WHERE {
  ?technique rdfs:subClassOf+ panet:PaNET00001 .
  FILTER(isIRI(?technique))
  MINUS { ?child rdfs:subClassOf ?technique . FILTER(isIRI(?child)) }
  OPTIONAL { ?technique rdfs:label ?label }
}
ORDER BY ?label
"""##),
        ("most-children.rq", ##"""
# The ten classes with the most direct named subclasses.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?class ?label (COUNT(DISTINCT ?child) AS ?children)
WHERE {
  ?child rdfs:subClassOf ?class .
  FILTER(isIRI(?child) && isIRI(?class))
  OPTIONAL { ?class rdfs:label ?label }
}
GROUP BY ?class ?label
ORDER BY DESC(?children) ?class
LIMIT 10
"""##),
        ("multiple-parents.rq", ##"""
# Classes with more than one named direct superclass (poly-hierarchy), with their parents' labels.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?class ?label (COUNT(DISTINCT ?parent) AS ?parents)
       (GROUP_CONCAT(DISTINCT ?parentLabel; SEPARATOR=" | ") AS ?parentLabels)
WHERE {
  ?class rdfs:subClassOf ?parent .
  FILTER(isIRI(?class) && isIRI(?parent))
  OPTIONAL { ?class rdfs:label ?label }
  OPTIONAL { ?parent rdfs:label ?parentLabel }
}
GROUP BY ?class ?label
HAVING (COUNT(DISTINCT ?parent) > 1)
ORDER BY DESC(?parents) ?class
"""##),
        ("named-classes.rq", ##"""
# Every named class (an IRI typed owl:Class) with its label, sorted by label.
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?class ?label
WHERE {
  ?class a owl:Class .
  FILTER(isIRI(?class))
  OPTIONAL { ?class rdfs:label ?label }
}
ORDER BY LCASE(STR(?label)) ?class
"""##),
        ("named-hierarchy.rq", ##"""
# The asserted class hierarchy between named classes only, as a graph (for diagrams or diffs):
#   panet query -f queries/named-hierarchy.rq --format ntriples
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

CONSTRUCT { ?class rdfs:subClassOf ?parent . ?class rdfs:label ?label }
WHERE {
  ?class rdfs:subClassOf ?parent .
  FILTER(isIRI(?class) && isIRI(?parent))
  OPTIONAL { ?class rdfs:label ?label }
}
"""##),
        ("ontology-metadata.rq", ##"""
# Title, version, license and creators of the ontology.
PREFIX owl:     <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf:    <http://xmlns.com/foaf/0.1/>

SELECT ?ontology ?title ?version ?license (COUNT(DISTINCT ?creator) AS ?creators)
WHERE {
  ?ontology a owl:Ontology .
  OPTIONAL { ?ontology dcterms:title ?title }
  OPTIONAL { ?ontology owl:versionInfo ?version }
  OPTIONAL { ?ontology dcterms:license ?license }
  OPTIONAL { ?ontology dcterms:creator ?creator }
}
GROUP BY ?ontology ?title ?version ?license
"""##),
        ("shared-labels.rq", ##"""
# Labels or synonyms (case-insensitive) used both by a technique (under PaNET00001) and by a specifier
# (under PaNET2000000): names that users may confuse.
PREFIX rdfs:  <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos:  <http://www.w3.org/2004/02/skos/core#>
PREFIX panet: <http://purl.org/pan-science/PaNET/>

SELECT DISTINCT ?name ?technique ?specifier
WHERE {
  ?technique rdfs:subClassOf+ panet:PaNET00001 ;
             rdfs:label|skos:altLabel ?techniqueName .
  ?specifier rdfs:subClassOf+ panet:PaNET2000000 ;
             rdfs:label|skos:altLabel ?specifierName .
  BIND(LCASE(STR(?techniqueName)) AS ?name)
  FILTER(LCASE(STR(?specifierName)) = ?name)
}
ORDER BY ?name ?technique ?specifier
"""##),
        ("sub-techniques.rq", ##"""
# All sub-techniques of one technique, at any depth (rdfs:subClassOf+). Change the label in VALUES to
# ask about another technique.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT DISTINCT ?sub ?label
WHERE {
  VALUES ?parentLabel { "diffraction" }
  ?parent rdfs:label ?parentLabel .
  ?sub rdfs:subClassOf+ ?parent .
  FILTER(isIRI(?sub))
  OPTIONAL { ?sub rdfs:label ?label }
}
ORDER BY ?label
"""##),
        ("technique-acronyms.rq", ##"""
# Techniques (descendants of "photon and neutron technique") with an acronym: an skos:altLabel without
# spaces that has at least two capital letters, e.g. "SAXS" or "XPCS".
PREFIX rdfs:  <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos:  <http://www.w3.org/2004/02/skos/core#>
PREFIX panet: <http://purl.org/pan-science/PaNET/>

SELECT ?technique ?label ?acronym
WHERE {
  ?technique rdfs:subClassOf+ panet:PaNET00001 ;
             rdfs:label ?label ;
             skos:altLabel ?acronym .
  FILTER(!CONTAINS(?acronym, " ") && REGEX(?acronym, "[A-Z].*[A-Z]"))
}
ORDER BY ?acronym ?technique
"""##),
        ("techniques-without-definition.rq", ##"""
# Techniques that have no textual definition (IAO_0000115): candidates for curation work.
PREFIX rdfs:  <http://www.w3.org/2000/01/rdf-schema#>
PREFIX obo:   <http://purl.obolibrary.org/obo/>
PREFIX panet: <http://purl.org/pan-science/PaNET/>

SELECT DISTINCT ?technique ?label
WHERE {
  ?technique rdfs:subClassOf+ panet:PaNET00001 .
  FILTER(isIRI(?technique))
  OPTIONAL { ?technique rdfs:label ?label }
  FILTER NOT EXISTS { ?technique obo:IAO_0000115 ?definition }
}
ORDER BY ?label
"""##),
    ]
}
