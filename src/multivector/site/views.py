"""Page views: turning collected nodes into the rows and sections the templates print.

Kept apart from the templates so that the choices — which statements are "said by" an entity,
how a partial date is printed, in which order rows come — are plain Python that tests can call.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from multivector.namespaces import MV, MVV, ORG, local_name
from multivector.site.collect import (
    ALT_LABEL,
    EXACT_MATCH,
    HAS_EVIDENCE,
    HEADER_PREDICATES,
    IDENTIFIER_PREDICATES,
    LABEL,
    PREF_LABEL,
    SCOPE_NOTE,
    SPEAKER_PREDICATES,
    STATEMENT,
    Node_,
    Quote,
    SiteData,
)

DCTERMS = "http://purl.org/dc/terms/"
PRECISION_OF = {
    MV.date: MV.datePrecision,
    MV.startDate: MV.startDatePrecision,
    MV.endDate: MV.endDatePrecision,
}


def show_date(node: Node_, predicate: URIRef) -> str:
    """A date as precise as the data says: 2009, 2017-05 or 2017-05-14 (end dates exclusive)."""
    value = node.first(predicate)
    if value is None:
        return ""
    text = str(value)
    precision = node.first(PRECISION_OF.get(predicate, MV.datePrecision))
    if precision == MVV.YearPrecision:
        return text[:4]
    if precision == MVV.MonthPrecision:
        return text[:7]
    return text


def statement_date(node: Node_) -> str:
    for predicate in (MV.date, MV.startDate, MV.asOf):
        if node.first(predicate) is not None:
            shown = show_date(node, predicate)
            return f"as of {shown}" if predicate == MV.asOf else shown
    return ""


def sort_date(node: Node_) -> str:
    for predicate in (MV.date, MV.startDate, MV.asOf):
        value = node.first(predicate)
        if value is not None:
            return str(value)
    return "9999"


def kind_of(data: SiteData, node: Node_) -> URIRef | None:
    """The most specific asserted mv: class of a node."""
    candidates = sorted(t for t in node.types if str(t).startswith(str(MV)))
    if not candidates:
        candidates = sorted(node.types)
    for cls in candidates:
        if not any(cls in data.subclass_of.get(other, set()) for other in candidates):
            return cls
    return candidates[0] if candidates else None


@dataclass
class StatementRow:
    node: Node_
    kind: URIRef | None
    date: str
    speakers: list[URIRef]
    position: Node | None
    quotes: list[Quote]
    roles: list[URIRef] = field(default_factory=list)  # how the entity figures in it

    @property
    def iri(self) -> URIRef:
        return self.node.iri


def statement_row(data: SiteData, node: Node_, roles: list[URIRef] | None = None) -> StatementRow:
    speakers: list[URIRef] = []
    for predicate in SPEAKER_PREDICATES:
        for value in node.values(predicate):
            if isinstance(value, URIRef) and value not in speakers:
                speakers.append(value)
    position = (
        node.first(MV.position)
        or node.first(MV.claimType)
        or node.first(MV.characterisation)
        or node.first(MV.relationKind)
        or node.first(MV.eventType)
        or node.first(MV.participationKind)
        or node.first(ORG.role)
        or node.first(MV.post)
    )
    return StatementRow(
        node=node,
        kind=kind_of(data, node),
        date=statement_date(node),
        speakers=speakers,
        position=position,
        quotes=list(node.quotes),
        roles=roles or [],
    )


@dataclass
class MembershipRow:
    node: Node_
    member: URIRef
    organization: URIRef
    role: URIRef | None
    start: str
    end: str
    as_of: str
    sort: tuple[str, str]


def memberships(data: SiteData, entity: URIRef) -> list[MembershipRow]:
    rows = []
    for iri, predicate in data.mentioned_in.get(entity, []):
        node = data.nodes[iri]
        if MV.Membership not in node.all_types or predicate not in (ORG.member, ORG.organization):
            continue
        member = node.first(ORG.member)
        organization = node.first(ORG.organization)
        if not isinstance(member, URIRef) or not isinstance(organization, URIRef):
            continue
        role = node.first(ORG.role)
        rows.append(
            MembershipRow(
                node=node,
                member=member,
                organization=organization,
                role=role if isinstance(role, URIRef) else None,
                start=show_date(node, MV.startDate),
                end=show_date(node, MV.endDate),
                as_of=show_date(node, MV.asOf),
                sort=(
                    data.label(organization if member == entity else member).casefold(),
                    str(node.first(MV.startDate) or node.first(MV.asOf) or ""),
                ),
            )
        )
    return sorted(rows, key=lambda r: (r.sort, str(r.node.iri)))


@dataclass
class EntityView:
    node: Node_
    kind: URIRef | None
    labels: list[tuple[str, str, str]]  # (kind, language, text)
    identifiers: list[tuple[URIRef, str]]
    external: list[URIRef]
    notes: list[str]
    properties: list[tuple[URIRef, list[Node]]]
    memberships: list[MembershipRow]
    posts: list[StatementRow]
    said_by: list[StatementRow]
    said_about: dict[URIRef | None, list[StatementRow]]
    related: list[tuple[URIRef, URIRef]]  # (non-statement node, predicate) pointing here
    sources: list[URIRef]


def entity_view(data: SiteData, node: Node_) -> EntityView:
    iri = node.iri
    labels = []
    for predicate, kind in ((LABEL, "label"), (PREF_LABEL, "label"), (ALT_LABEL, "also")):
        for value in node.values(predicate):
            lang = getattr(value, "language", None) or ""
            labels.append((kind, lang, str(value)))
    labels.sort(key=lambda t: (t[0] != "label", t[1] != "en", t[1], t[2]))
    identifier = URIRef(DCTERMS + "identifier")
    identifiers = [(p, str(v)) for p in IDENTIFIER_PREDICATES for v in node.values(p)]
    identifiers += [(identifier, str(v)) for v in node.values(identifier)]
    external = sorted(v for v in node.values(EXACT_MATCH) if isinstance(v, URIRef))
    notes = sorted(str(v) for v in node.values(SCOPE_NOTE))
    shown = set(HEADER_PREDICATES) | set(IDENTIFIER_PREDICATES) | {HAS_EVIDENCE}
    shown.add(URIRef(DCTERMS + "identifier"))
    grouped: dict[URIRef, list[Node]] = {}
    for predicate, value in node.props:
        if predicate not in shown:
            grouped.setdefault(predicate, []).append(value)
    properties = sorted(grouped.items(), key=lambda kv: data.label(kv[0]).casefold())

    posts: list[StatementRow] = []
    said_by: list[StatementRow] = []
    about: dict[URIRef | None, list[StatementRow]] = {}
    roles_by_statement: dict[URIRef, list[URIRef]] = {}
    for statement, predicate in data.mentioned_in.get(iri, []):
        roles_by_statement.setdefault(statement, []).append(predicate)
    for statement, roles in sorted(roles_by_statement.items(), key=lambda kv: str(kv[0])):
        other = data.nodes[statement]
        row = statement_row(data, other, roles)
        if MV.Membership in other.all_types:
            continue  # shown in the memberships table
        if MV.PostHolding in other.all_types and (MV.holder in roles or MV.postIn in roles):
            posts.append(row)
        elif any(p in SPEAKER_PREDICATES for p in roles):
            said_by.append(row)
        else:
            about.setdefault(row.kind, []).append(row)
    # non-statement nodes pointing here (cities located in a state, bodies of a state …)
    related = sorted(
        data.referenced_by.get(iri, []),
        key=lambda t: (data.label(t[1]), data.label(t[0]).casefold()),
    )

    def order(row: StatementRow) -> tuple[str, str]:
        return (sort_date(row.node), data.label(row.iri))

    posts.sort(key=order)
    said_by.sort(key=order)
    for rows in about.values():
        rows.sort(key=order)
    said_about = dict(sorted(about.items(), key=lambda kv: data.label(kv[0]) if kv[0] else ""))
    sources = sorted(
        {q.document for s in [*posts, *said_by, *[r for v in about.values() for r in v]]
         for q in s.quotes}
        | {q.document for q in node.quotes},
        key=str,
    )
    return EntityView(
        node=node,
        kind=kind_of(data, node),
        labels=labels,
        identifiers=identifiers,
        external=external,
        notes=notes,
        properties=properties,
        memberships=memberships(data, iri),
        posts=posts,
        said_by=said_by,
        said_about=said_about,
        related=related,
        sources=sources,
    )


@dataclass
class QuoteBlock:
    quote: Quote
    statements: list[StatementRow]


def source_blocks(data: SiteData, document: URIRef) -> tuple[list[QuoteBlock], list[StatementRow]]:
    """Quotes of a document in text order with the statements each supports; then the
    statements of the document's graph that carry no quote from it."""
    blocks = []
    with_quote: set[URIRef] = set()
    for quote in data.quotes_by_document.get(document, []):
        rows = [
            statement_row(data, data.nodes[s])
            for s in data.statements_of_annotation.get(quote.annotation, [])
            if s in data.nodes
        ]
        rows.sort(key=lambda r: str(r.iri))
        with_quote.update(r.iri for r in rows)
        blocks.append(QuoteBlock(quote, rows))
    derived = [
        n
        for n in data.nodes.values()
        if n.is_statement
        and document in [v for v in n.values(URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))]
        and n.iri not in with_quote
    ]
    rest = sorted((statement_row(data, n) for n in derived), key=lambda r: str(r.iri))
    return blocks, rest


def class_counts(data: SiteData) -> list[tuple[URIRef, int]]:
    """How many page nodes have each asserted class (most specific only), largest first."""
    counts: Counter[URIRef] = Counter()
    for node in data.nodes.values():
        kind = kind_of(data, node)
        if kind is not None:
            counts[kind] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], data.label(kv[0]).casefold()))


def is_statement_kind(data: SiteData, cls: URIRef) -> bool:
    seen: set[URIRef] = set()
    todo = [cls]
    while todo:
        current = todo.pop()
        if current == STATEMENT:
            return True
        if current in seen:
            continue
        seen.add(current)
        todo.extend(data.subclass_of.get(current, ()))
    return False


def literal_text(value: Node) -> str:
    if isinstance(value, Literal):
        return str(value)
    return local_name(value)
