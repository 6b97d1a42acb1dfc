"""The site's ontology page: pyLODE's documentation of the multivector ontology alone.

pyLODE documents whatever ``owl:Ontology``, ``skos:ConceptScheme`` or profile it finds in the graph
it is given, and lists terms in the order the graph yields them. So it is given
``ontology/multivector.ttl`` only — not the borrowed terms of ``ontology/imports/`` (they are other
vocabularies' terms, which link to their own IRIs) and not the concept schemes and their concepts
(they are documented on the site's vocabulary page) — with the version stamp of the built graph
(``multivector.stamp``). The graph is rebuilt with canonical blank-node labels
(``rdflib.compare.to_canonical_graph``) and its triples inserted sorted by the subject's label, so
the sections list terms alphabetically and the page is the same bytes whatever
``PYTHONHASHSEED`` is. ``owl:FunctionalProperty`` becomes a ``skos:note`` on the property: pyLODE
would otherwise list every functional property a second time, under a duplicate anchor, and
the ids of pyLODE's own page blocks are reserved so that no term's anchor repeats one.
:func:`term_anchors` maps each documented IRI to its anchor for the other pages' links.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from multivector import paths
from multivector.errors import ToolError

FUNCTIONAL_NOTE = Literal("Functional: a subject has at most one value.", lang="en")
#: ids of pyLODE's own page structure, which a term's anchor must not take (``mv:content``
#: would otherwise get ``id="content"``, the id of pyLODE's main block)
PAGE_IDS = (
    "content", "metadata", "toc", "legend", "namespaces", "classes", "properties",
    "objectproperties", "datatypeproperties", "annotationproperties", "functionalproperties",
    "pylode", "version", "profile", "schema.org",
)


def ontology_graph(home: Path, store: ox.Store | None = None) -> Graph:
    """``ontology/multivector.ttl`` without its concept schemes and concepts, with the version
    stamp (``multivector.stamp``) the built graph in ``store`` carries, in a stable order."""
    from multivector.loading import parse_turtle

    graph = parse_turtle(paths.ontology_dir(home) / "multivector.ttl")
    ours = set(graph.subjects(RDF.type, OWL.Ontology))
    if store is not None:
        from multivector.stamp import STAMPED
        from multivector.terms import from_ox, to_ox

        for node in ours:
            for predicate in STAMPED:
                for q in store.quads_for_pattern(to_ox(node), predicate, None, None):
                    graph.add((node, from_ox(predicate), from_ox(q.object)))
    vocabulary = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    vocabulary |= set(graph.subjects(SKOS.inScheme, None))
    for subject in vocabulary:
        graph.remove((subject, None, None))
    for prop in list(graph.subjects(RDF.type, OWL.FunctionalProperty)):
        graph.remove((prop, RDF.type, OWL.FunctionalProperty))
        graph.add((prop, SKOS.note, FUNCTIONAL_NOTE))
    return _in_stable_order(to_canonical_graph(graph))


def _in_stable_order(graph: Graph) -> Graph:
    """A copy of ``graph`` whose triples were added sorted by (subject label, subject, predicate,
    object): pyLODE lists each section in the order the store yields subjects, which is the
    order of insertion."""
    labels: dict[Node, str] = {}
    for subject, label in graph.subject_objects(RDFS.label):
        if getattr(label, "language", None) in (None, "en"):
            labels.setdefault(subject, str(label).casefold())

    def key(triple: tuple[Node, Node, Node]) -> tuple[int, str, str, str, str]:
        s, p, o = triple
        return (isinstance(s, BNode), labels.get(s, ""), str(s), str(p), o.n3())

    ordered = Graph()
    for prefix, namespace in graph.namespaces():
        ordered.bind(prefix, namespace, override=True)
    for triple in sorted(graph, key=key):
        ordered.add(triple)
    return ordered


def ontology_html(home: Path, store: ox.Store | None = None) -> str:
    """The pyLODE page, with a link back to the site's index; ToolError if pyLODE fails."""
    try:
        from pylode import OntPub
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise ToolError(f"pyLODE is not installed: {exc}") from None

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.WARNING))
    try:
        publisher = OntPub(ontology=ontology_graph(home, store))
        publisher.fids.update({f"page:{name}": name for name in PAGE_IDS})
        html = publisher.make_html()
    except Exception as exc:  # pyLODE raises many kinds on odd ontologies
        raise ToolError(f"pyLODE could not document the ontology: {exc}") from None
    back = (
        '<p style="margin:0 0 1em"><a href="../index.html">← multivector site</a> · '
        '<a href="../vocab/index.html">controlled vocabularies</a></p>'
    )
    return re.sub(r"(<body[^>]*>)", r"\1" + back.replace("\\", "\\\\"), html, count=1)


class _Terms(HTMLParser):
    """Reads pyLODE's ``<div class="property entity" id=F>…<code>IRI</code>`` blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: dict[URIRef, str] = {}
        self._open: str | None = None
        self._in_code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "div" and "entity" in (values.get("class") or "").split():
            self._open = values.get("id")
        self._in_code = tag == "code" and self._open is not None

    def handle_data(self, data: str) -> None:
        if self._in_code and self._open is not None:
            self.anchors.setdefault(URIRef(data.strip()), self._open)
            self._open = None
            self._in_code = False


def term_anchors(html: str) -> dict[URIRef, str]:
    """Documented IRI -> its anchor on the pyLODE page."""
    parser = _Terms()
    parser.feed(html)
    return parser.anchors
