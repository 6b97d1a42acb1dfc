"""Terms, property paths and shape names written for people (CURIEs, SPARQL path syntax).

Shared by the report reader and the renderers; depends on nothing but rdflib and the prefixes.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from multivector.namespaces import SH, curie

SHAPES_NS = "https://w3id.org/multivector/shapes#"


def render_term(term: Node) -> str:
    """A term for people: IRIs as CURIEs, literals in Turtle-like form."""
    if isinstance(term, URIRef):
        return curie(term)
    if isinstance(term, Literal):
        text = f'"{term}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^{curie(term.datatype)}"
        return text
    return f"_:{term}"


def render_path(graph: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL syntax (``^mv:holder``, ``a/b``, ``a|b``, ``a*``)."""
    if isinstance(path, URIRef):
        return curie(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + render_path(graph, inverse)
    for predicate, suffix in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"({render_path(graph, inner)}){suffix}"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(render_path(graph, p) for p in Collection(graph, alternatives)) + ")"
    if graph.value(path, RDF.first) is not None:
        return "/".join(render_path(graph, p) for p in Collection(graph, path))
    return str(path)


def shape_curie(iri: URIRef) -> str:
    """``mvsh:MembershipShape`` for the project's shapes, else :func:`curie`."""
    text = str(iri)
    return "mvsh:" + text[len(SHAPES_NS):] if text.startswith(SHAPES_NS) else curie(iri)


def label_of(graph: Graph, node: Node | None) -> str:
    """The English rdfs:label of ``node`` (else any label, else skos:prefLabel, else '')."""
    if node is None:
        return ""
    labels = list(graph.objects(node, RDFS.label)) or list(graph.objects(node, SKOS.prefLabel))
    literals = [lab for lab in labels if isinstance(lab, Literal)]
    for lab in sorted(literals):
        if lab.language and lab.language.lower().startswith("en"):
            return str(lab)
    return str(sorted(literals)[0]) if literals else ""
