"""Page views: turning collected nodes into the rows and sections the templates print.

Kept apart from the templates so that the choices — which statements are "said by" an entity,
how a partial date is printed, in which order rows come — are plain Python that tests can call.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from multivector.namespaces import ID, MV, ORG, SOURCE_GRAPH_PREFIX, local_name
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
from multivector.site.dates import at_precision
from multivector.site.pages import anchor_name
from multivector.site.provenance import readable_text

DCTERMS = "http://purl.org/dc/terms/"
PRECISION_OF = {
    MV.date: MV.datePrecision,
    MV.startDate: MV.startDatePrecision,
    MV.endDate: MV.endDatePrecision,
    MV.asOf: MV.asOfPrecision,
}


def show_date(node: Node_, predicate: URIRef) -> str:
    """A date as precise as the data says: "2009", "May 2017" or "14 May 2017" (end dates
    exclusive)."""
    value = node.first(predicate)
    if value is None:
        return ""
    precision = node.first(PRECISION_OF.get(predicate, MV.datePrecision))
    return at_precision(str(value), precision if isinstance(precision, URIRef) else None)


#: quotation marks a verbatim quote may come wrapped in: opening -> closing
QUOTE_PAIRS = {'"': '"', "“": "”", "«": "»", "„": "“", "'": "'", "‘": "’"}
#: marks dropped when unbalanced at an end of a quote (single ones double as apostrophes)
DOUBLE_MARKS = {'"', "“", "”", "«", "»", "„"}


def one_pair(text: str) -> str:
    """A quote without the quotation marks wrapping all of it (the page adds its own pair):
    ``"…"`` and ``“…”`` become ``…``, and so does an unbalanced mark at either end (a quote that
    starts or stops inside a quotation: ``“to send troops…`` becomes ``to send troops…``);
    balanced marks inside the quote stay."""
    stripped = text.strip()
    while len(stripped) > 1 and QUOTE_PAIRS.get(stripped[0]) == stripped[-1]:
        inner = stripped[1:-1]
        if any(mark in inner for mark in (stripped[0], stripped[-1])):
            break  # "a" and "b": the marks belong to two inner quotes, not around the whole
        stripped = inner.strip()
    if stripped[:1] in DOUBLE_MARKS and not _closed(stripped[1:], stripped[0]):
        stripped = stripped[1:].lstrip()
    closing = {close: opening for opening, close in QUOTE_PAIRS.items()}
    if stripped[-1:] in DOUBLE_MARKS and not _closed(stripped[:-1][::-1], stripped[-1], closing):
        stripped = stripped[:-1].rstrip()
    return stripped


def quoted(text: str) -> str:
    """The quote as a page prints it: :func:`one_pair`, inside “ ”, the page's mark left out
    at an end that already has a curly one (``“Under almost…`` is not printed ``““Under…``)."""
    inner = one_pair(text)
    opening = "" if inner[:1] in ("“", "«", "„") else "“"
    closing = "" if inner[-1:] in ("”", "»") else "”"
    return f"{opening}{inner}{closing}"


def _closed(rest: str, mark: str, pairs: dict[str, str] = QUOTE_PAIRS) -> bool:
    """Whether ``rest`` (the text after an opening mark, or before a closing one, reversed)
    holds the mark's partner: straight marks pair with themselves, so an odd count closes; a
    curly one closes when its partners outnumber its repetitions."""
    partner = pairs[mark]
    if partner == mark:
        return rest.count(mark) % 2 == 1
    return rest.count(partner) > rest.count(mark)


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
    start: str = ""  # mv:date or mv:startDate, at its precision
    end: str = ""
    as_of: str = ""

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
        start=show_date(node, MV.date) or show_date(node, MV.startDate),
        end=show_date(node, MV.endDate),
        as_of=show_date(node, MV.asOf),
    )


def statement_sources(data: SiteData, node: Node_) -> list[URIRef]:
    """The source documents whose graphs state ``node`` or whose text it quotes, by date; for
    reference data, the reference sources it is derived from."""
    found = {q.document for q in node.quotes}
    for graph in node.graphs:
        if str(graph).startswith(SOURCE_GRAPH_PREFIX):
            document = ID["document/" + str(graph)[len(SOURCE_GRAPH_PREFIX) :]]
            if document in data.nodes:
                found.add(document)
    if not found:
        derived = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
        found = {v for v in node.values(derived) if isinstance(v, URIRef)}
    issued = {d: info.issued for d, info in data.sources.items()}
    return sorted(found, key=lambda d: (issued.get(d, ""), str(d)))


@dataclass
class MembershipRow:
    """One membership as the sources state it: the statements that say the same thing (same
    member, organization, role, start and end) merged, with every source and "as of" date."""

    statements: list[Node_]
    member: URIRef
    organization: URIRef
    role: URIRef | None
    start: str
    end: str
    as_of: list[str]
    sources: list[tuple[URIRef, URIRef]]  # (statement, source document or reference source)
    sort: tuple[str, str]

    @property
    def node(self) -> Node_:
        return self.statements[0]


def memberships(data: SiteData, entity: URIRef) -> list[MembershipRow]:
    """The memberships of (or in) ``entity``, one row per distinct fact."""
    groups: dict[tuple[object, ...], MembershipRow] = {}
    for iri, predicate in data.mentioned_in.get(entity, []):
        node = data.nodes[iri]
        if MV.Membership not in node.all_types or predicate not in (ORG.member, ORG.organization):
            continue
        member, organization = node.first(ORG.member), node.first(ORG.organization)
        if not isinstance(member, URIRef) or not isinstance(organization, URIRef):
            continue
        role = node.first(ORG.role)
        role = role if isinstance(role, URIRef) else None
        start, end = show_date(node, MV.startDate), show_date(node, MV.endDate)
        key = (member, organization, role, start, end)
        row = groups.get(key)
        if row is None:
            other = organization if member == entity else member
            first = str(node.first(MV.startDate) or node.first(MV.asOf) or "")
            row = groups[key] = MembershipRow(
                [], member, organization, role, start, end, [], [],
                (data.label(other).casefold(), first),
            )
        row.statements.append(node)
        row.sources += [(iri, doc) for doc in statement_sources(data, node)]
    for row in groups.values():
        row.statements.sort(key=lambda n: str(n.iri))
        row.as_of = [
            show_date(n, MV.asOf)
            for n in sorted(row.statements, key=lambda n: str(n.first(MV.asOf) or ""))
            if n.first(MV.asOf) is not None
        ]
        row.as_of = list(dict.fromkeys(row.as_of))
        row.sources = sorted(set(row.sources), key=lambda sd: (
            data.sources[sd[1]].issued if sd[1] in data.sources else "", str(sd[1]), str(sd[0])))
    return sorted(groups.values(), key=lambda r: (r.sort, str(r.node.iri)))


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
    for predicate, kind in (
        (LABEL, "label"), (PREF_LABEL, "label"), (ALT_LABEL, "also"), (MV.metonym, "metonym")
    ):
        for value in node.values(predicate):
            lang = getattr(value, "language", None) or ""
            labels.append((kind, lang, readable_text(str(value), data.sources)))
    labels.sort(key=lambda t: (("label", "also").index(t[0]) if t[0] in ("label", "also") else 2,
                               t[1] != "en", t[1], t[2]))
    identifier = URIRef(DCTERMS + "identifier")
    identifiers = [(p, str(v)) for p in IDENTIFIER_PREDICATES for v in node.values(p)]
    identifiers += [(identifier, str(v)) for v in node.values(identifier)]
    external = sorted(v for v in node.values(EXACT_MATCH) if isinstance(v, URIRef))
    notes = sorted(str(v) for v in node.values(SCOPE_NOTE))
    shown = set(HEADER_PREDICATES) | set(IDENTIFIER_PREDICATES) | {HAS_EVIDENCE, MV.metonym}
    shown.add(URIRef(DCTERMS + "identifier"))
    grouped: dict[URIRef, list[Node]] = {}
    for predicate, value in node.props:
        if predicate not in shown:
            if predicate in PRECISION_OF or predicate == MV.asOf:
                value = Literal(show_date(node, predicate))  # at its precision: "June 2017"
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


def entity_toc(data: SiteData, view: EntityView, statement: bool) -> list[tuple[str, str, int]]:
    """The table of contents of an entity page: (anchor, heading, rows) of the sections shown."""
    title = data.label(view.node.iri)
    toc: list[tuple[str, str, int]] = []
    if view.labels:
        toc.append(("labels", "Names", 0))
    if view.identifiers or view.external:
        toc.append(("identifiers", "Identifiers and links", 0))
    if view.properties:
        toc.append(("properties", "Properties", 0))
    if statement:
        toc.append(("evidence", "Evidence", len(view.node.quotes)))
    if view.memberships:
        toc.append(("memberships", "Memberships", len(view.memberships)))
    if view.posts:
        toc.append(("posts", "Posts", len(view.posts)))
    if view.said_by:
        toc.append(("said", f"Stances and claims by {title}", len(view.said_by)))
    for kind, rows in view.said_about.items():
        anchor = f"about-{anchor_name(kind)}" if kind else "about-other"
        toc.append((anchor, data.label(kind) if kind else "other", len(rows)))
    if view.related:
        toc.append(("related", "Related", len(view.related)))
    if view.sources:
        toc.append(("sources", "Sources", len(view.sources)))
    return toc
