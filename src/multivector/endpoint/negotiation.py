"""Content negotiation for the linked-data routes: which representation an ``Accept`` header asks.

Why hand-written: Starlette has no content negotiation, and the one rule needed — RFC 9110
section 12.5.1, the highest ``q`` wins, a more specific range beats ``type/*`` and ``*/*``, ``q=0``
refuses — is twenty lines; the libraries that do it (werkzeug's ``MIMEAccept``) would be a new
dependency for this alone.

Every representation has one media type, one file extension (the document URL of a resource is
its IRI's path plus that extension: ``/id/Kazakhstan.ttl``) and the serializer that writes it
(pyoxigraph's, named as rdflib names it). Triple formats carry the union of the graphs
(provenance stays in ``prov:wasDerivedFrom`` and the evidence nodes, as in ``multivector
export``); JSON-LD, TriG and N-Quads keep each triple in its named graph.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Representation:
    media_type: str
    extension: str
    #: the serializer's name (rdflib's names; pyoxigraph writes them); "" for the HTML page
    rdflib_format: str
    #: whether the named graphs are kept (else the union of the triples is written)
    quads: bool = False


HTML = Representation("text/html", "html", "")
REPRESENTATIONS = (
    HTML,
    Representation("text/turtle", "ttl", "turtle"),
    Representation("application/ld+json", "jsonld", "json-ld", quads=True),
    Representation("application/n-triples", "nt", "nt"),
    Representation("application/rdf+xml", "rdf", "xml"),
    Representation("application/trig", "trig", "trig", quads=True),
    Representation("application/n-quads", "nq", "nquads", quads=True),
)
BY_EXTENSION = {r.extension: r for r in REPRESENTATIONS}
#: what the routes answer for ``*/*`` or no Accept header: the page, as Linked Data browsers expect
DEFAULT = HTML


def _ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        quality = 1.0
        for parameter in fields[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((media, quality))
    return ranges


def _quality(representation: Representation, ranges: list[tuple[str, float]]) -> float | None:
    """The q the most specific matching range gives ``representation`` (None: no range)."""
    kind = representation.media_type.split("/")[0]
    best: tuple[int, float] | None = None
    for media, quality in ranges:
        if media == representation.media_type:
            specificity = 2
        elif media == f"{kind}/*":
            specificity = 1
        elif media == "*/*":
            specificity = 0
        else:
            continue
        if best is None or specificity > best[0]:
            best = (specificity, quality)
    return None if best is None else best[1]


def choose(accept: str | None) -> Representation | None:
    """The representation ``accept`` prefers; None when it accepts none of them (406)."""
    if not accept or not accept.strip():
        return DEFAULT
    ranges = _ranges(accept)
    scored = []
    for order, representation in enumerate(REPRESENTATIONS):
        quality = _quality(representation, ranges)
        if quality:
            # ties: an explicitly named type before a wildcard match, then our order (HTML first)
            explicit = any(media == representation.media_type for media, _ in ranges)
            scored.append((-quality, not explicit, order, representation))
    if not scored:
        return None
    return min(scored, key=lambda item: item[:3])[3]


def offered() -> str:
    """The media types the routes offer, for a 406 answer."""
    return ", ".join(r.media_type for r in REPRESENTATIONS)


__all__ = ["BY_EXTENSION", "DEFAULT", "HTML", "REPRESENTATIONS", "Representation", "choose",
           "offered"]
