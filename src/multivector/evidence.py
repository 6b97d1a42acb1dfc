"""Anchor statements to verbatim quotes in the source texts.

The project ships short quotes with character offsets, never the articles themselves. Offsets typed
by hand drift, so every evidence annotation is made here: the quote is looked up in the corpus text,
its offsets computed (Unicode code points, end exclusive, so ``text[start:end] == quote``) and the
Web Annotation nodes written with IRIs derived from source id and offsets (docs/modeling.md,
"Evidence"). The same functions verify shipped quotes against the corpus.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, XSD

from multivector.namespaces import ID, MV, OA
from multivector.trig_stream import Iri, Lit, Pairs, to_rdflib

#: The longest quote the project ships (characters).
MAX_QUOTE_LENGTH = 300


class QuoteError(ValueError):
    """A quote that cannot be anchored: absent, ambiguous, too long or empty."""


@dataclass(frozen=True)
class Anchor:
    """Where a quote stands in a source text."""

    source_id: str
    start: int
    end: int
    exact: str

    @property
    def iri(self) -> URIRef:
        """The evidence annotation's IRI, ``id:evidence/<source>/<start>-<end>``."""
        return ID[f"evidence/{self.source_id}/{self.start}-{self.end}"]


def document_iri(source_id: str) -> URIRef:
    """The IRI of a source document's description."""
    return ID[f"document/{source_id}"]


def read_text(path: Path) -> str:
    """A corpus text, decoded as UTF-8 (a clear error if it is not)."""
    data = path.read_bytes()
    if b"\x00" in data:
        raise QuoteError(f"{path}: binary file (contains NUL bytes), not a text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QuoteError(f"{path}: not UTF-8 text (byte {exc.start}: {exc.reason})") from None


def sha256_of(path: Path) -> str:
    """The hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def occurrences(text: str, quote: str) -> list[int]:
    """Every start offset at which ``quote`` occurs in ``text`` (overlapping ones included)."""
    found: list[int] = []
    at = text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def anchor(source_id: str, text: str, quote: str, *, occurrence: int | None = None) -> Anchor:
    """Locate ``quote`` in ``text``.

    ``occurrence`` (0-based) picks one when the quote occurs several times; without it an ambiguous
    quote is an error that lists the offsets, so the caller can lengthen the quote or choose.
    """
    if not quote:
        raise QuoteError("empty quote")
    if len(quote) > MAX_QUOTE_LENGTH:
        raise QuoteError(
            f"quote is {len(quote)} characters; the limit is {MAX_QUOTE_LENGTH}: {quote[:60]!r}…"
        )
    starts = occurrences(text, quote)
    if not starts:
        raise QuoteError(f"{source_id}: quote not found in the text: {quote[:80]!r}")
    if occurrence is None:
        if len(starts) > 1:
            where = ", ".join(f"{s}-{s + len(quote)}" for s in starts)
            raise QuoteError(
                f"{source_id}: quote occurs {len(starts)} times (at {where}); "
                f"lengthen it or pick one: {quote[:80]!r}"
            )
        start = starts[0]
    else:
        if not 0 <= occurrence < len(starts):
            raise QuoteError(
                f"{source_id}: occurrence {occurrence} asked, quote occurs {len(starts)} times"
            )
        start = starts[occurrence]
    return Anchor(source_id, start, start + len(quote), quote)


#: The nodes of one Web Annotation: IRI suffix (after the annotation's IRI) and rdf:type.
ANNOTATION_PARTS: tuple[tuple[str, URIRef], ...] = (
    ("", OA.Annotation),
    ("/target", OA.SpecificResource),
    ("/quote", OA.TextQuoteSelector),
    ("/position", OA.TextPositionSelector),
)


# The terms of annotation_part, made once (an rdflib namespace makes a new URIRef per access).
_MOTIVATED_BY, _HAS_TARGET, _HAS_SOURCE = OA.motivatedBy, OA.hasTarget, OA.hasSource
_HAS_SELECTOR, _EXACT, _START, _END = OA.hasSelector, OA.exact, OA.start, OA.end
_NON_NEGATIVE = XSD.nonNegativeInteger


def annotation_part(ann: str, part: str, found: Anchor | None, motivation: URIRef) -> Pairs:
    """The triples (but ``rdf:type``) of one node of the annotation ``ann`` anchoring
    ``found``: the annotation itself (``part`` "", which does not need ``found``), its target
    or one of its two selectors.

    Shared by :func:`add_annotation` (an rdflib graph) and ``source add``, which writes them
    as a stream (:mod:`multivector.trig_stream`).
    """
    if part == "":
        return [(_MOTIVATED_BY, motivation), (_HAS_TARGET, Iri(f"{ann}/target"))]
    if found is None:
        raise ValueError(f"annotation part {part!r} needs the anchor")
    if part == "/target":
        return [(_HAS_SOURCE, Iri(f"{ID}document/{found.source_id}")),
                (_HAS_SELECTOR, Iri(f"{ann}/quote")), (_HAS_SELECTOR, Iri(f"{ann}/position"))]
    if part == "/quote":
        return [(_EXACT, Lit(found.exact))]
    if part == "/position":
        return [(_START, Lit(str(found.start), None, _NON_NEGATIVE)),
                (_END, Lit(str(found.end), None, _NON_NEGATIVE))]
    raise ValueError(f"no annotation part {part!r}")


def add_annotation(
    graph: Graph, ann: URIRef, found: Anchor, motivation: URIRef = OA.describing
) -> URIRef:
    """Write the Web Annotation ``ann`` anchoring ``found``: its target (the source document)
    and both selectors (quote and position), all with IRIs derived from ``ann``."""
    for part, rdf_type in ANNOTATION_PARTS:
        node = URIRef(f"{ann}{part}")
        graph.add((node, RDF.type, rdf_type))
        for predicate, obj in annotation_part(str(ann), part, found, motivation):
            graph.add((node, predicate, to_rdflib(obj)))
    return ann


def add_evidence(graph: Graph, statement: URIRef, found: Anchor) -> URIRef:
    """Add the Web Annotation for ``found`` to ``graph`` and link ``statement`` to it.

    Annotation, target and selectors have IRIs derived from source and offsets, so the same
    quote used for several statements is one annotation, and serializations are stable.
    """
    graph.add((statement, MV.hasEvidence, found.iri))
    return add_annotation(graph, found.iri, found)


@dataclass(frozen=True)
class QuoteCheck:
    """One evidence annotation compared with the corpus text."""

    annotation: URIRef
    source_id: str
    start: int
    end: int
    exact: str
    actual: str

    @property
    def ok(self) -> bool:
        return self.actual == self.exact and self.end - self.start == len(self.exact)


def _graph_quotes(graph: Graph):  # -> Iterator[tuple[URIRef, object, str, int, int]]
    """(annotation, document, exact, start, end) for every anchored annotation in one graph.

    Walked triple by triple rather than with one SPARQL join: rdflib's planner took tens of
    seconds on that join for a single article.
    """
    for ann, target in graph.subject_objects(OA.hasTarget):
        document = graph.value(target, OA.hasSource)
        exact = start = end = None
        for selector in graph.objects(target, OA.hasSelector):
            types = set(graph.objects(selector, RDF.type))
            if OA.TextQuoteSelector in types:
                exact = graph.value(selector, OA.exact)
            if OA.TextPositionSelector in types:
                start = graph.value(selector, OA.start)
                end = graph.value(selector, OA.end)
        if document is not None and None not in (exact, start, end):
            yield ann, document, str(exact), int(start), int(end)  # type: ignore[arg-type]


def check_quotes(graph: Graph, texts: dict[str, str]) -> list[QuoteCheck]:
    """Compare every evidence quote in ``graph`` with the text at its offsets.

    ``texts`` maps source ids to their full texts; annotations on other documents are skipped.
    A ``Dataset`` is checked graph by graph, so an annotation is only matched with its own graph.
    """
    prefix = str(ID["document/"])
    graphs = list(graph.graphs()) if isinstance(graph, Dataset) else [graph]
    checks: list[QuoteCheck] = []
    for g in graphs:
        for ann, doc, exact, s, e in _graph_quotes(g):
            source_id = str(doc)[len(prefix):] if str(doc).startswith(prefix) else None
            if source_id is None or source_id not in texts:
                continue
            checks.append(QuoteCheck(ann, source_id, s, e, exact, texts[source_id][s:e]))
    return sorted(set(checks), key=lambda c: (c.source_id, c.start, c.end, str(c.annotation)))
