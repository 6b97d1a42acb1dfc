"""Write the canonical TriG of one large named graph as a stream, without an rdflib Graph.

``multivector source add`` describes a text of N characters with about N/50 mentions, each five
subjects and a dozen triples (4.4 million triples for 20 MB of text). Putting them in an rdflib
``Graph`` and writing it with :func:`multivector.canonical.canonical_trig` took minutes and more
than a gigabyte: rdflib's pretty Turtle serializer keeps per-node dictionaries for every triple,
re-reads each subject's triples, and ``to_canonical_graph`` copies the graph once more — for a
graph that has no blank node to relabel. This module writes the same bytes directly from
*families* of subjects, each family a kind of node (mention annotations, their targets, …)
whose members are described on demand, so only one subject's triples exist at a time.

Why hand-written: no library writes this layout as a stream. rdflib's serializer (and
``otsrdflib``, which subclasses it) needs the whole graph in memory; pyoxigraph's
``serialize`` streams TriG quickly but in its own layout (tab indentation, object lists on one
line, ``\\/`` escapes in local names, no subject order), so its output is not what ``multivector
fmt`` writes and every file written with it would be reformatted by ``fmt``. What *is* reused:
rdflib writes every term that can take a prefixed name — predicates, entity IRIs, literal
datatypes — through the same ``TurtleSerializer.label`` that ``canonical_trig`` uses (cached,
so once per distinct term), and rdflib's own ``Literal._quote_encode`` escapes string literals;
subjects are ordered by :func:`multivector.subject_order.kind_key`, and the body is indented by
:func:`multivector.canonical.indent_lines`. What is written here is rdflib's block layout:
subject, ``rdf:type`` as ``a`` first and ``rdfs:label`` second, then predicates in IRI order,
objects in rdflib's term order, ``;``/``,`` continuation lines. The tests compare the output
byte for byte with ``canonical_trig`` of the same triples (corpus articles and hostile
metadata).

Limits, checked by the writer: the graph has no blank nodes (it is written as IRIs and
literals only), and no predicate outside the bound namespaces (rdflib numbers a prefix for
one, ``ns1``, in the order its store happens to yield triples: not reproducible even by
``canonical_trig``). Every subject has the ``rdf:type`` of its family and no other.

An :class:`Iri` is an IRI the project minted under ``id:<kind>/…`` (``id:mention/<ID>/<start>-
<end>/target``). Such an IRI never has a prefixed name — the namespace rdflib would split off
(``id:mention/<ID>/…/``) is bound to no prefix, and no bound namespace lies below ``id:<kind>/``
— so it is written as ``<…>`` without asking rdflib, which is what makes millions of them cheap.
"""

from __future__ import annotations

import heapq
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import BinaryIO, NamedTuple

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.plugins.serializers.turtle import OBJECT, SUBJECT, VERB

from multivector.canonical import indent_lines, term_serializer, trig_header
from multivector.subject_order import kind_key


class Iri(str):
    """An IRI minted by the project under ``id:<kind>/`` (see the module docstring): written
    as ``<…>`` (``to_rdflib`` gives its ``URIRef``)."""

    __slots__ = ()


class Lit(NamedTuple):
    """A literal without rdflib's parsing: lexical form, language tag, datatype IRI.

    The lexical form must already be canonical for its datatype (``str(int)`` for the integer
    types), as rdflib's ``Literal`` would normalize it.
    """

    lexical: str
    language: str | None = None
    datatype: URIRef | None = None


Term = Iri | URIRef | Lit | Literal
#: (predicate, object) pairs of one subject, the ``rdf:type`` left out.
Pairs = list[tuple[URIRef, Term]]


def to_rdflib(term: Term) -> URIRef | Literal:
    """The rdflib term of a light term (for graphs and for rdflib's term order)."""
    if isinstance(term, Lit):
        return Literal(term.lexical, lang=term.language, datatype=term.datatype)
    if isinstance(term, Iri):
        return URIRef(term)
    return term


@dataclass(frozen=True)
class Family:
    """Subjects of one ``rdf:type``: ``size`` members, each an IRI (``subject(i)``) and its
    other triples (``describe(i)``), computed when written."""

    rdf_type: URIRef
    size: int
    subject: Callable[[int], Iri | URIRef]
    describe: Callable[[int], Pairs]


#: Datatypes rdflib writes in a short form (``5``, ``true``) or with INF/NaN rules: their
#: literals are written by rdflib itself.
_RDFLIB_DATATYPES = frozenset(
    str(XSD[name]) for name in ("integer", "boolean", "double", "decimal", "float")
) | {str(OWL.rational)}


class _Labels:
    """Terms as ``canonical_trig`` writes them, each distinct IRI asked of rdflib once; the
    prefixes they used (rdflib's serializer adds a prefix when it first writes a name with it —
    in its preprocess, for every subject, predicate, object and literal datatype; so does this
    writer while writing, so the set is complete when the body is)."""

    def __init__(self) -> None:
        self._serializer = term_serializer()
        self._nodes: dict[str, str] = {}
        self._verbs: dict[str, str] = {}
        self._orders: dict[tuple[str, ...], list[str]] = {}

    @property
    def prefix_lines(self) -> list[str]:
        return [f"@prefix {p}: <{ns}> ." for p, ns in self._serializer.namespaces.items()]

    def iri(self, node: str) -> str:
        if type(node) is Iri:
            return f"<{node}>"
        label = self._nodes.get(node)
        if label is None:
            if isinstance(node, BNode):
                raise ValueError(f"blank node {node.n3()}: the streaming writer writes IRIs only")
            label = self._serializer.label(URIRef(node), SUBJECT)
            self._nodes[node] = label
        return label

    def verb(self, node: str) -> str:
        label = self._verbs.get(node)
        if label is None:
            bound = len(list(self._serializer.store.namespaces()))
            label = self._serializer.label(URIRef(node), VERB)
            if len(list(self._serializer.store.namespaces())) != bound:
                raise ValueError(
                    f"predicate <{node}>: its namespace has no prefix, and the one rdflib would "
                    "number (ns1, …) depends on the order it meets predicates in"
                )
            self._verbs[node] = label
        return label

    def term(self, node: Term) -> str:
        kind = type(node)
        if kind is Iri:
            return f"<{node}>"
        if kind is URIRef:
            label = self._nodes.get(node)  # type: ignore[call-overload]
            return label if label is not None else self.iri(node)  # type: ignore[arg-type]
        if kind is Lit:
            lexical, language, datatype = node  # type: ignore[misc]
            if datatype is None:
                text = Literal._quote_encode(lexical)  # type: ignore[arg-type]
                return f"{text}@{language}" if language else text
            if datatype not in _RDFLIB_DATATYPES and not language:
                return f"{Literal._quote_encode(lexical)}^^{self.iri(datatype)}"  # type: ignore[arg-type]
            node = to_rdflib(node)
        if isinstance(node, Literal):
            if node.datatype is not None:
                self.iri(node.datatype)  # rdflib's preprocess names every datatype
            return self._serializer.label(node, OBJECT)
        return self.iri(node)  # type: ignore[arg-type]

    def order(self, props: dict[str, list[Term]]) -> list[str]:
        """rdflib's predicate order: ``rdf:type``, ``rdfs:label``, then by IRI."""
        key = tuple(props)
        found = self._orders.get(key)
        if found is None:
            first = [p for p in (_TYPE, _LABEL) if p in props]
            found = first + sorted(p for p in props if p != _TYPE and p != _LABEL)
            self._orders[key] = found
        return found


_TYPE = RDF.type
_LABEL = RDFS.label


def _objects(objects: list[Term]) -> list[Term]:
    """Distinct objects in rdflib's order (the order of its terms)."""
    unique = list(dict.fromkeys(objects))
    if all(type(o) is Iri or type(o) is URIRef for o in unique):
        unique.sort(key=str)  # rdflib orders IRIs by their text
    else:
        unique.sort(key=to_rdflib)
    return unique


def _block(labels: _Labels, subject: str, props: dict[str, list[Term]]) -> str:
    """One subject block as rdflib's Turtle serializer writes it (at depth 0)."""
    term = labels.term
    parts = [labels.iri(subject)]
    separator = " "
    for predicate in labels.order(props):
        objects = props[predicate]
        if len(objects) == 1:
            parts += (separator, labels.verb(predicate), " ", term(objects[0]))
        else:
            objects = _objects(objects)
            parts += (separator, labels.verb(predicate), " ", term(objects[0]))
            for obj in objects[1:]:
                parts += (",\n        ", term(obj))
        separator = " ;\n    "
    parts.append(" .")
    return "".join(parts)


def _groups(families: Sequence[Family]) -> list[list[Family]]:
    """Families by subject kind and type group, in file order."""
    keyed: dict[tuple[int, str], list[Family]] = {}
    for family in families:
        if family.size:
            rank, group, _ = kind_key({family.rdf_type}, "")
            keyed.setdefault((rank, group), []).append(family)
    return [keyed[key] for key in sorted(keyed)]


def _members(group: list[Family]) -> Iterator[tuple[str, list[tuple[Family, int]]]]:
    """The subjects of one group in IRI order, each with the (family, index) describing it
    (several when members share an IRI: rdflib would write them as one block)."""
    ordered = []
    for family in group:
        subject = family.subject
        keys = sorted([(subject(i), i) for i in range(family.size)], key=itemgetter(0))
        ordered.append([(key, i, family) for key, i in keys])
    merged = ordered[0] if len(ordered) == 1 else heapq.merge(*ordered, key=itemgetter(0))
    current: str | None = None
    found: list[tuple[Family, int]] = []
    for key, index, family in merged:
        if key != current and found:
            yield current, found  # type: ignore[misc]
            found = []
        current = key
        found.append((family, index))
    if found:
        yield current, found  # type: ignore[misc]


def _blocks(labels: _Labels, families: Sequence[Family]) -> Iterator[str]:
    """Every subject block, in file order."""
    plans: dict[tuple[str, ...], list[int] | None] = {}
    for group in _groups(families):
        for subject, members in _members(group):
            described = [(family, family.describe(index)) for family, index in members]
            if len(described) == 1:  # the common case: one family, each predicate once
                family, pairs = described[0]
                key = tuple([predicate for predicate, _ in pairs])
                plan = plans.get(key, False)
                if plan is False:
                    plan = plans[key] = _plan(key)
                if plan is not None:
                    yield _simple_block(labels, subject, family.rdf_type, pairs, plan)
                    continue
            props: dict[str, list[Term]] = {_TYPE: []}
            for family, pairs in described:
                props[_TYPE].append(family.rdf_type)
                for predicate, obj in pairs:  # rdf:type never among them
                    objects = props.get(predicate)
                    if objects is None:
                        props[predicate] = [obj]
                    else:
                        objects.append(obj)
            yield _block(labels, subject, props)


def _plan(predicates: tuple[str, ...]) -> list[int] | None:
    """The positions of ``predicates`` in rdflib's order (``rdfs:label`` first, then by IRI;
    ``rdf:type`` is written before them), or None when one repeats (several objects: the
    general path sorts and merges them)."""
    if len(set(predicates)) != len(predicates) or _TYPE in predicates:
        return None
    return sorted(range(len(predicates)),
                  key=lambda i: (predicates[i] != _LABEL, str(predicates[i])))


def _simple_block(labels: _Labels, subject: str, rdf_type: URIRef, pairs: Pairs,
                  plan: list[int]) -> str:
    """:func:`_block` of a subject with one type and one object per predicate."""
    term, verb = labels.term, labels.verb
    parts = [labels.iri(subject), " a ", term(rdf_type)]
    for position in plan:
        predicate, obj = pairs[position]
        parts += (" ;\n    ", verb(predicate), " ", term(obj))
    parts.append(" .")
    return "".join(parts)


def write_trig(out: BinaryIO, graph: str, families: Sequence[Family],
               chunk_size: int = 1 << 20) -> bytes:
    """Write the body of the canonical TriG of the named graph ``graph`` holding ``families``
    to ``out`` and return the prefix block that must come before it (known only at the end):
    together, byte for byte what ``canonical_trig({graph: <the same triples>})`` returns."""
    labels = _Labels()
    pending: list[str] = [f"<{graph}> {{\n"]
    size = 0
    inside = False
    first = True
    for block in _blocks(labels, families):
        if inside or '"""' in block:
            lines, inside = indent_lines(block.split("\n"), inside)
            text = "\n".join(lines)
        else:  # no multi-line literal: every line is indented
            text = "    " + block.replace("\n", "\n    ")
        if not first:
            pending.append("\n\n")
        pending.append(text)
        first = False
        size += len(text)
        if size >= chunk_size:
            out.write("".join(pending).encode("utf-8", "replace"))
            pending, size = [], 0
    pending.append("\n}\n")
    out.write("".join(pending).encode("utf-8", "replace"))
    return trig_header(labels.prefix_lines).encode("utf-8", "replace")


def trig_text(graph: str, families: Sequence[Family]) -> str:
    """The whole canonical TriG as one string (tests, small graphs)."""
    buffer = io.BytesIO()
    header = write_trig(buffer, graph, families)
    return (header + buffer.getvalue()).decode("utf-8")


def graph_triples(families: Iterable[Family]) -> Iterator[tuple[URIRef, URIRef, object]]:
    """Every triple of the families as rdflib terms (for tests and small graphs)."""
    for family in families:
        for index in range(family.size):
            subject = URIRef(family.subject(index))
            yield subject, RDF.type, family.rdf_type
            for predicate, obj in family.describe(index):
                yield subject, predicate, to_rdflib(obj)
