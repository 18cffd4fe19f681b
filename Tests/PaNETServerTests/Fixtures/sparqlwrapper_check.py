"""Runs SPARQLWrapper, a real SPARQL 1.1 Protocol client, against a running `panet serve`.

Usage: python sparqlwrapper_check.py http://127.0.0.1:PORT/sparql
Prints one line per check and "N passed, N failed" at the end; exits 1 on any failure.
"""
import sys

from SPARQLWrapper import CSV, GET, JSON, N3, POST, POSTDIRECTLY, TSV, TURTLE, URLENCODED, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

ENDPOINT = sys.argv[1]
PANET = "http://purl.org/pan-science/PaNET/"
CLOSURE = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?sub ?label WHERE {
  ?sub rdfs:subClassOf <http://purl.org/pan-science/PaNET/PaNET01012> .
  ?sub rdfs:label ?label .
} ORDER BY ?sub
"""
passed = failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def client(method=GET, request_method=None):
    sparql = SPARQLWrapper(ENDPOINT)
    sparql.setMethod(method)
    if request_method is not None:
        sparql.setRequestMethod(request_method)
    return sparql


# SELECT as JSON over GET, POST (form) and POST (direct body).
for label, method, request_method in [("GET", GET, None), ("POST form", POST, URLENCODED), ("POST direct", POST, POSTDIRECTLY)]:
    sparql = client(method, request_method)
    sparql.setQuery(CLOSURE)
    sparql.setReturnFormat(JSON)
    result = sparql.queryAndConvert()
    rows = result["results"]["bindings"]
    check(f"SELECT JSON via {label}", len(rows) > 10 and all(r["sub"]["value"].startswith(PANET) for r in rows), f"{len(rows)} rows")

# XML, CSV, TSV.
sparql = client()
sparql.setQuery(CLOSURE)
sparql.setReturnFormat(XML)
document = sparql.queryAndConvert()
check("SELECT XML", len(document.getElementsByTagName("result")) > 10)

sparql.setReturnFormat(CSV)
text = sparql.queryAndConvert().decode("utf-8")
check("SELECT CSV", text.splitlines()[0].strip() == "sub,label" and len(text.splitlines()) > 10, text[:80])

sparql.setReturnFormat(TSV)
text = sparql.queryAndConvert().decode("utf-8")
check("SELECT TSV", text.splitlines()[0].strip() == "?sub\t?label" and len(text.splitlines()) > 10, text[:80])

# ASK.
sparql = client()
sparql.setQuery(f"ASK {{ <{PANET}PaNET01200> ?p ?o }}")
sparql.setReturnFormat(JSON)
check("ASK JSON", sparql.queryAndConvert().get("boolean") is True)

# CONSTRUCT as Turtle (parsed by rdflib through SPARQLWrapper).
sparql = client()
sparql.setQuery(f"CONSTRUCT {{ ?s <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{PANET}PaNET01012> }} "
                f"WHERE {{ ?s <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{PANET}PaNET01012> }}")
sparql.setReturnFormat(TURTLE)
graph_text = sparql.queryAndConvert()
check("CONSTRUCT Turtle", isinstance(graph_text, (bytes, str)) and b"PaNET01012" in (graph_text if isinstance(graph_text, bytes) else graph_text.encode()))

# A syntax error is a 400, which SPARQLWrapper reports as QueryBadFormed.
sparql = client()
sparql.setQuery("SELECT ?x WHERE { ?x ")
sparql.setReturnFormat(JSON)
try:
    sparql.queryAndConvert()
    check("syntax error is 400", False, "no error raised")
except QueryBadFormed as error:
    check("syntax error is 400", "1:" in str(error), str(error)[:200])

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
