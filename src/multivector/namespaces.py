"""The project's namespaces and the one function that binds its prefixes on a graph.

Every file the project writes uses exactly these prefixes, so serializations are stable.
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, NamespaceManager

MV = Namespace("https://w3id.org/multivector/ontology#")
MVV = Namespace("https://w3id.org/multivector/vocab/")
ID = Namespace("https://w3id.org/multivector/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
TIME = Namespace("http://www.w3.org/2006/time#")
SH = Namespace("http://www.w3.org/ns/shacl#")

#: prefix -> namespace, in the order they are bound.
PREFIXES: dict[str, Namespace] = {
    "mv": MV,
    "mvv": MVV,
    "id": ID,
    "org": ORG,
    "prov": Namespace(str(PROV)),
    "dcterms": Namespace(str(DCTERMS)),
    "skos": Namespace(str(SKOS)),
    "oa": OA,
    "foaf": Namespace(str(FOAF)),
    "time": TIME,
    "sh": SH,
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
}

# Named graphs (docs/modeling.md, "Named graphs").
GRAPH_ONTOLOGY = ID["graph/ontology"]
GRAPH_REFERENCE = ID["graph/reference"]
GRAPH_INFERRED = ID["graph/inferred"]
SOURCE_GRAPH_PREFIX = str(ID["source/"])


def source_graph(source_id: str):  # -> URIRef
    """The named graph of one source article."""
    return ID[f"source/{source_id}"]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind exactly the project prefixes on ``graph`` (replacing rdflib's defaults); returns it."""
    manager = NamespaceManager(graph, bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace, override=True, replace=True)
    graph.namespace_manager = manager
    return graph


def curie(term: object, graph: Graph | None = None) -> str:
    """A compact form of an IRI for tables (``id:Kazakhstan``); other terms as their text."""
    from rdflib import URIRef

    if isinstance(term, URIRef):
        text = str(term)
        best = ""
        best_prefix = ""
        for prefix, namespace in PREFIXES.items():
            ns = str(namespace)
            if text.startswith(ns) and len(ns) > len(best):
                best, best_prefix = ns, prefix
        if best:
            return f"{best_prefix}:{text[len(best):]}"
        return f"<{text}>"
    return str(term)


def local_name(term: object) -> str:
    """The part of an IRI after its last ``#`` or ``/`` (``Kazakhstan``); the text otherwise.

    Display names for terms without a label, shared by the site and the pictures.
    """
    text = str(term)
    for sep in ("#", "/"):
        if sep in text:
            tail = text.rsplit(sep, 1)[1]
            if tail:
                return tail
    return text
