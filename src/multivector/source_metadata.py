"""What an earlier ``source add`` recorded about a document, for ``source add --force``.

Re-running ``source add --force`` (new linker, new cues) must not lose the title, author,
publisher, date and language given the first time: each option left out keeps the value the
existing source graph holds. Only the document node and the draft entities proposed for its
author and publisher are read, streamed by pyoxigraph's parser (a source graph can be hundreds
of megabytes; nothing else of it is kept).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDFS

from multivector.errors import InputError
from multivector.namespaces import ID, MV


def candidate_iri(source_id: str, role: str) -> URIRef:
    """The draft entity ``source add`` proposes for an unknown author or publisher."""
    return ID[f"candidate/{source_id}/{role}"]


@dataclass(frozen=True)
class Previous:
    """The metadata of the document as the existing source graph states it (None: absent).

    ``author``/``publisher`` are a known entity's IRI, or the name given the first time when it
    was a draft entity proposed by ``source add`` (it is looked up again: it may be known now).
    """

    title: str | None = None
    language: str | None = None
    author: URIRef | str | None = None
    publisher: URIRef | str | None = None
    issued: tuple[dt.date, URIRef] | None = None
    date_basis: URIRef | None = None


def read_previous(graph_file: Path, document: URIRef, source_id: str) -> Previous:
    """The document's metadata in ``graph_file`` (an InputError naming the file if it does not
    parse)."""
    doc = ox.NamedNode(str(document))
    candidates = {ox.NamedNode(str(candidate_iri(source_id, role)))
                  for role in ("author", "publisher")}
    values: dict[str, ox.Term] = {}
    labels: dict[ox.Term, str] = {}
    try:
        for quad in ox.parse(path=graph_file, format=ox.RdfFormat.TRIG):
            if quad.subject == doc:
                values.setdefault(quad.predicate.value, quad.object)
            elif quad.subject in candidates and quad.predicate.value == str(RDFS.label):
                labels[quad.subject] = quad.object.value
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"cannot read the existing source graph: {exc}", graph_file) from None

    def text(predicate: URIRef) -> str | None:
        term = values.get(str(predicate))
        return term.value if isinstance(term, ox.Literal) else None

    def agent(predicate: URIRef) -> URIRef | str | None:
        term = values.get(str(predicate))
        if term in candidates:  # proposed the first time: its name, or nothing if it lost it
            return labels.get(term)
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        return term.value if isinstance(term, ox.Literal) else None  # an old literal name

    return Previous(
        title=text(DCTERMS.title), language=text(DCTERMS.language),
        author=agent(DCTERMS.creator), publisher=agent(DCTERMS.publisher),
        issued=_issued(values), date_basis=_iri(values.get(str(MV.dateBasis))),
    )


def _iri(term: ox.Term | None) -> URIRef | None:
    return URIRef(term.value) if isinstance(term, ox.NamedNode) else None


def _issued(values: dict[str, ox.Term]) -> tuple[dt.date, URIRef] | None:
    day = values.get(str(DCTERMS.issued))
    precision = values.get(str(MV.datePrecision))
    if not isinstance(day, ox.Literal) or not isinstance(precision, ox.NamedNode):
        return None
    try:
        return dt.date.fromisoformat(day.value), URIRef(precision.value)
    except ValueError:
        return None
