"""The site's ontology page: pyLODE's documentation of the ontology, imports merged in.

pyLODE documents one ``owl:Ontology``; the terms the project borrows (``ontology/imports/``) are
merged into ``ontology/multivector.ttl`` with their own headers dropped, so they are documented as
part of it. The page's anchors (:func:`html_ids`) let the other pages link each term to its
section.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import OWL, RDF

from multivector import paths
from multivector.errors import ToolError


def ontology_graph(home: Path, store: ox.Store | None = None) -> Graph:
    """``ontology/multivector.ttl`` with ``ontology/imports/*.ttl`` merged in (their own
    ``owl:Ontology`` headers dropped, so pyLODE documents the multivector ontology), and the
    version stamp (``multivector.stamp``) the built graph in ``store`` carries."""
    from multivector.loading import parse_turtle

    main = paths.ontology_dir(home) / "multivector.ttl"
    graph = Graph()
    for triple in parse_turtle(main):
        graph.add(triple)
    ours = set(graph.subjects(RDF.type, OWL.Ontology))
    if store is not None:
        from multivector.stamp import STAMPED
        from multivector.terms import from_ox, to_ox

        for node in ours:
            for predicate in STAMPED:
                for q in store.quads_for_pattern(to_ox(node), predicate, None, None):
                    graph.add((node, from_ox(predicate), from_ox(q.object)))
    for path in sorted((paths.ontology_dir(home) / "imports").glob("*.ttl")):
        imported = parse_turtle(path)
        headers = set(imported.subjects(RDF.type, OWL.Ontology)) - ours
        for s, p, o in imported:
            if s not in headers:
                graph.add((s, p, o))
    return graph


def ontology_html(home: Path, store: ox.Store | None = None) -> str:
    """The pyLODE page, with a link back to the site's index; ToolError if pyLODE fails."""
    try:
        from pylode import OntPub
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise ToolError(f"pyLODE is not installed: {exc}") from None

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.WARNING))
    try:
        html = OntPub(ontology=ontology_graph(home, store)).make_html()
    except Exception as exc:  # pyLODE raises many kinds on odd ontologies
        raise ToolError(f"pyLODE could not document the ontology: {exc}") from None
    back = '<p style="margin:0 0 1em"><a href="../index.html">← multivector site</a></p>'
    return re.sub(r"(<body[^>]*>)", r"\1" + back.replace("\\", "\\\\"), html, count=1)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


def html_ids(html: str) -> set[str]:
    """Every ``id`` and ``name`` attribute of a page (the anchors links may point at)."""
    parser = _Ids()
    parser.feed(html)
    return parser.ids
