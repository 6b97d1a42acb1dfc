"""Every page's RDF beside it: ``id/<path>.ttl`` and ``id/<path>.jsonld``.

A reader who found an entity on the site can take its description away in a machine-readable
form without a SPARQL endpoint: its asserted types and properties (as the page's property
tables show them; inferred triples left out), written by pyoxigraph's own Turtle and JSON-LD
serializers from triples sorted once, so the files are stable bytes. The page links both and
shows the full IRI they describe.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from multivector.namespaces import PREFIXES
from multivector.site.collect import RDF_TYPE, Node_, SiteData
from multivector.site.pages import node_path
from multivector.terms import to_ox

#: the download formats: file suffix -> (pyoxigraph format, link text)
FORMATS = {".ttl": (ox.RdfFormat.TURTLE, "Turtle"), ".jsonld": (ox.RdfFormat.JSON_LD, "JSON-LD")}


def download_path(iri: URIRef, suffix: str) -> str:
    """``id/Kazakhstan.ttl`` for ``id:Kazakhstan`` and ``.ttl``: the page's path, new suffix."""
    return node_path(iri)[: -len(".html")] + suffix


def description(node: Node_) -> list[ox.Triple]:
    """The node's asserted types and properties as sorted triples."""
    subject = to_ox(node.iri)
    triples = [ox.Triple(subject, to_ox(RDF_TYPE), to_ox(t)) for t in node.types]  # type: ignore[arg-type]
    triples += [ox.Triple(subject, to_ox(p), to_ox(o)) for p, o in node.props]  # type: ignore[arg-type]
    return sorted(set(triples), key=str)


def _prefixes(triples: list[ox.Triple]) -> dict[str, str]:
    """The project's prefixes that the triples use."""
    text = " ".join(str(t) for t in triples)
    return {p: str(ns) for p, ns in PREFIXES.items() if str(ns) in text}


def write_downloads(root: Path, data: SiteData) -> int:
    """The Turtle and JSON-LD file of every page node under ``root``; returns the files written."""
    written = 0
    for iri in sorted(data.nodes, key=str):
        triples = description(data.nodes[iri])
        prefixes = _prefixes(triples)
        for suffix, (fmt, _name) in FORMATS.items():
            target = root / download_path(iri, suffix)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(ox.serialize(triples, format=fmt, prefixes=prefixes))
            written += 1
    return written
