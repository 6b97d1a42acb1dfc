"""Collecting what the site shows, with SPARQL over the built graph.

The site is rendered from plain Python objects (:class:`SiteData`), so the templates never run
queries and the queries never format HTML. Every fact comes from a handful of SPARQL queries
(``queries/internal/site/*.rq``, run by :mod:`multivector.internal_queries`) over the union of
the named graphs (asserted + ``id:graph/inferred``); the generic property tables use only
asserted triples, so the page shows what a file says, not what a rule derived from it.

Which nodes get a page: every ``id:`` IRI that has a type, except the parts of evidence
(annotations, targets, selectors), which are shown on their source's page as anchored quotes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from multivector.internal_queries import Row, select
from multivector.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, ID, MV, local_name
from multivector.site.provenance import (
    SourceInfo,
    readable_labels,
    readable_text,
    source_infos,
)

RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LABEL = URIRef(RDFS + "label")
ALT_LABEL = URIRef(SKOS + "altLabel")
PREF_LABEL = URIRef(SKOS + "prefLabel")
EXACT_MATCH = URIRef(SKOS + "exactMatch")
SCOPE_NOTE = URIRef(SKOS + "scopeNote")
HAS_EVIDENCE = MV.hasEvidence
STATEMENT = MV.SourcedStatement
EVIDENCE_PREFIX = str(ID["evidence/"])
DOCUMENT_PREFIX = str(ID["document/"])

#: predicates naming who says a statement (its author/speaker), in display order
SPEAKER_PREDICATES = (
    MV.holder,
    MV.claimant,
    MV.expressedBy,
    MV.characterisedBy,
    MV.proposedBy,
)
#: properties shown in the header of an entity (not repeated in its property table)
HEADER_PREDICATES = {LABEL, ALT_LABEL, PREF_LABEL, EXACT_MATCH, SCOPE_NOTE, RDF_TYPE}
#: identifier properties shown as "identifiers"
IDENTIFIER_PREDICATES = (MV.iso3166Alpha2, MV.iso3166Alpha3, MV.cowCode)


@dataclass
class Quote:
    """One evidence annotation: a verbatim quote at [start, end) of a source document."""

    annotation: URIRef
    document: URIRef
    exact: str
    start: int
    end: int

    @property
    def anchor(self) -> str:
        return f"q-{self.start}-{self.end}"


@dataclass
class Node_:
    """A page-bearing node: an entity, a statement, a source document, a reference source."""

    iri: URIRef
    types: set[URIRef] = field(default_factory=set)  # asserted types
    all_types: set[URIRef] = field(default_factory=set)  # with inferred ones
    graphs: set[URIRef] = field(default_factory=set)  # named graphs it is described in
    #: asserted (predicate, object) pairs, sorted at the end of collection
    props: list[tuple[URIRef, Node]] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    @property
    def is_statement(self) -> bool:
        return STATEMENT in self.all_types

    @property
    def is_document(self) -> bool:
        return str(self.iri).startswith(DOCUMENT_PREFIX)

    def values(self, predicate: URIRef) -> list[Node]:
        return [o for p, o in self.props if p == predicate]

    def first(self, predicate: URIRef) -> Node | None:
        found = self.values(predicate)
        return found[0] if found else None


@dataclass
class SiteData:
    nodes: dict[URIRef, Node_]
    #: term (class, property, concept, any IRI) -> {lang: label}
    labels: dict[URIRef, dict[str, str]]
    #: entity -> [(statement, predicate)] for every asserted statement triple pointing at it
    mentioned_in: dict[URIRef, list[tuple[URIRef, URIRef]]]
    #: document -> quotes in text order
    quotes_by_document: dict[URIRef, list[Quote]]
    #: annotation -> statements it supports
    statements_of_annotation: dict[URIRef, list[URIRef]]
    #: node -> [(non-statement node, predicate)] pointing at it (cities in a state …)
    referenced_by: dict[URIRef, list[tuple[URIRef, URIRef]]]
    #: annotation -> its quote
    quote_of: dict[URIRef, Quote]
    #: concept schemes: scheme -> concepts
    schemes: dict[URIRef, list[URIRef]]
    #: ontology terms (classes and properties) with an rdfs:label
    ontology_terms: set[URIRef]
    subclass_of: dict[URIRef, set[URIRef]]
    date_range: tuple[str, str] | None = None
    #: source document -> its title, author and date (:mod:`multivector.site.provenance`)
    sources: dict[URIRef, SourceInfo] = field(default_factory=dict)

    def label(self, term: Node, lang: str = "en") -> str:
        """The best display label of a term: English, then untagged, then any, else a CURIE."""
        if isinstance(term, Literal):
            return str(term)
        found = self.labels.get(term)  # type: ignore[arg-type]
        if found:
            for key in (lang, "", *sorted(found)):
                if key in found:
                    return found[key]
        return local_name(term)

    def of_type(self, cls: URIRef) -> list[Node_]:
        return sorted(
            (n for n in self.nodes.values() if cls in n.all_types),
            key=lambda n: (self.label(n.iri).casefold(), str(n.iri)),
        )


def collect(store: ox.Store) -> SiteData:
    """Query the store once per concern and index the answers."""
    nodes = _page_nodes(store)
    _add_graphs(store, nodes)
    _add_properties(store, nodes)
    quotes, statements_of_annotation = _evidence(store, nodes)
    sources = source_infos(store)
    labels = {
        term: {lang: readable_text(text, sources) for lang, text in by_lang.items()}
        for term, by_lang in _labels(store).items()
    }
    for term, text in readable_labels(sources).items():
        labels[term] = {**labels.get(term, {}), "en": text}
    return SiteData(
        nodes=nodes,
        labels=labels,
        sources=sources,
        mentioned_in=_mentioned_in(nodes),
        referenced_by=_referenced_by(nodes),
        quote_of=quotes,
        quotes_by_document=_quotes_by_document(quotes),
        statements_of_annotation=statements_of_annotation,
        schemes=_schemes(store),
        ontology_terms={row["t"] for row in select(store, "site/ontology-terms")},  # type: ignore[misc]
        subclass_of=_subclass_of(store),
        date_range=_date_range(store),
    )


def _page_nodes(store: ox.Store) -> dict[URIRef, Node_]:
    """Typed ``id:`` nodes (evidence parts excluded) with their asserted and inferred types and
    the graphs that type them."""
    nodes: dict[URIRef, Node_] = {}
    id_prefix = str(ID)
    for row in select(store, "site/typed-nodes"):
        s = row["s"]
        if str(s).startswith(EVIDENCE_PREFIX) or not str(s).startswith(id_prefix):
            continue
        node = nodes.setdefault(s, Node_(s))  # type: ignore[arg-type]
        node.all_types.add(row["t"])  # type: ignore[arg-type]
        if row["g"] != GRAPH_INFERRED:
            node.types.add(row["t"])  # type: ignore[arg-type]
            node.graphs.add(row["g"])  # type: ignore[arg-type]
    return nodes


def _add_graphs(store: ox.Store, nodes: dict[URIRef, Node_]) -> None:
    """Graphs that mention a node without typing it (same statement IRI in two sources)."""
    for row in select(store, "site/node-graphs"):
        node = nodes.get(row["s"])  # type: ignore[arg-type]
        if node is not None and row["g"] not in (GRAPH_INFERRED, GRAPH_ONTOLOGY):
            node.graphs.add(row["g"])  # type: ignore[arg-type]


def _add_properties(store: ox.Store, nodes: dict[URIRef, Node_]) -> None:
    """Asserted properties of page nodes (inferred and ontology graphs left out), sorted."""
    seen: set[tuple[Node, Node, Node]] = set()
    for row in select(store, "site/asserted-properties"):
        s, p, o = row["s"], row["p"], row["o"]
        node = nodes.get(s)  # type: ignore[arg-type]
        if node is None or (s, p, o) in seen or p == RDF_TYPE:
            continue
        seen.add((s, p, o))
        node.props.append((p, o))  # type: ignore[arg-type]
    for node in nodes.values():
        node.props.sort(key=lambda po: (str(po[0]), _sort_key(po[1])))


def _labels(store: ox.Store) -> dict[URIRef, dict[str, str]]:
    """Labels of everything (ontology terms, concepts, data): term -> {language: first label}."""
    labels: dict[URIRef, dict[str, str]] = defaultdict(dict)
    for row in select(store, "site/labels"):
        literal = row["l"]
        lang = getattr(literal, "language", None) or ""
        labels[row["s"]].setdefault(lang, str(literal))  # type: ignore[index]
    return dict(labels)


def _evidence(
    store: ox.Store, nodes: dict[URIRef, Node_]
) -> tuple[dict[URIRef, Quote], dict[URIRef, list[URIRef]]]:
    """Quotes by annotation and the statements each supports; each statement node gets its
    quotes (sorted by document and offset)."""
    quotes: dict[URIRef, Quote] = {}
    statements_of_annotation: dict[URIRef, list[URIRef]] = defaultdict(list)
    for row in select(store, "site/evidence"):
        a = row["a"]
        if a not in quotes:
            quotes[a] = _quote(row)  # type: ignore[index]
        if row["st"] not in statements_of_annotation[a]:  # type: ignore[index]
            statements_of_annotation[a].append(row["st"])  # type: ignore[index,arg-type]
        node = nodes.get(row["st"])  # type: ignore[arg-type]
        if node is not None and quotes[a] not in node.quotes:  # type: ignore[index]
            node.quotes.append(quotes[a])  # type: ignore[index]
    for node in nodes.values():
        node.quotes.sort(key=lambda q: (str(q.document), q.start, q.end))
    return quotes, dict(statements_of_annotation)


def _quote(row: Row) -> Quote:
    return Quote(
        annotation=row["a"],  # type: ignore[arg-type]
        document=row["doc"],  # type: ignore[arg-type]
        exact=str(row.get("exact", "")),
        start=int(row["start"].toPython()) if "start" in row else -1,  # type: ignore[union-attr]
        end=int(row["end"].toPython()) if "end" in row else -1,  # type: ignore[union-attr]
    )


def _quotes_by_document(quotes: dict[URIRef, Quote]) -> dict[URIRef, list[Quote]]:
    """Document -> its quotes in text order."""
    found: dict[URIRef, list[Quote]] = defaultdict(list)
    for quote in quotes.values():
        found[quote.document].append(quote)
    for listed in found.values():
        listed.sort(key=lambda q: (q.start, q.end, str(q.annotation)))
    return dict(found)


def _mentioned_in(nodes: dict[URIRef, Node_]) -> dict[URIRef, list[tuple[URIRef, URIRef]]]:
    """Page node -> the (statement, predicate) pairs that point at it."""
    mentioned_in: dict[URIRef, list[tuple[URIRef, URIRef]]] = defaultdict(list)
    for node in nodes.values():
        if not node.is_statement:
            continue
        for p, o in node.props:
            if p != HAS_EVIDENCE and isinstance(o, URIRef) and o in nodes and o != node.iri:
                pair = (node.iri, p)
                if pair not in mentioned_in[o]:
                    mentioned_in[o].append(pair)
    return dict(mentioned_in)


def _referenced_by(nodes: dict[URIRef, Node_]) -> dict[URIRef, list[tuple[URIRef, URIRef]]]:
    """Page node -> the (non-statement node, predicate) pairs that point at it."""
    referenced_by: dict[URIRef, list[tuple[URIRef, URIRef]]] = defaultdict(list)
    for node in nodes.values():
        if node.is_statement:
            continue
        for p, o in node.props:
            if isinstance(o, URIRef) and o in nodes and o != node.iri:
                referenced_by[o].append((node.iri, p))
    return dict(referenced_by)


def _schemes(store: ox.Store) -> dict[URIRef, list[URIRef]]:
    schemes: dict[URIRef, list[URIRef]] = defaultdict(list)
    for row in select(store, "site/concept-schemes"):
        schemes[row["scheme"]].append(row["c"])  # type: ignore[index,arg-type]
    return dict(schemes)


def _subclass_of(store: ox.Store) -> dict[URIRef, set[URIRef]]:
    subclass_of: dict[URIRef, set[URIRef]] = defaultdict(set)
    for row in select(store, "site/subclasses"):
        subclass_of[row["c"]].add(row["d"])  # type: ignore[index,arg-type]
    return dict(subclass_of)


def _date_range(store: ox.Store) -> tuple[str, str] | None:
    """(earliest, latest) date of the data, None when it has no dates."""
    rows = select(store, "site/date-range")
    if rows and "lo" in rows[0]:
        return (str(rows[0]["lo"]), str(rows[0]["hi"]))
    return None


def _sort_key(term: Node) -> tuple[int, str]:
    if isinstance(term, URIRef):
        return (0, str(term))
    return (1, str(term))


__all__ = ["Node_", "Quote", "SiteData", "collect"]
