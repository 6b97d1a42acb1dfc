"""Byte-stable dumps of a whole dataset (``dist/`` and ``multivector export``), by pyoxigraph.

Why this module exists beside :mod:`multivector.canonical`: that one writes the *source* files
people edit and review in diffs (rdflib's pretty Turtle with nested blank nodes and inlined
lists) and takes about a second per thousand triples. Writing the built graph that way — TriG,
Turtle and N-Quads, each re-canonicalizing the same triples — was 80 % of ``multivector build``
on the shipped graph and grows with the data. A dump is read by triple stores, not by reviewers,
so here:

1. blank nodes are relabelled **once for the whole dataset** with RDFC-1.0, the W3C RDF Dataset
   Canonicalization algorithm (``pyoxigraph.Dataset.canonicalize``), so TriG, N-Quads, Turtle,
   N-Triples, RDF/XML and JSON-LD all use the same ``_:c14nN`` labels;
2. quads are sorted by their N-Quads text (graph first for TriG), and the union's triples
   (duplicates across graphs merged) by their N-Triples text;
3. pyoxigraph's serializers write them (it groups a subject's consecutive triples with ``;``);
   the ``@prefix`` header is sorted by us, so the bytes do not depend on its internal order.

Terms are kept exactly as given: an ``ox.Dataset`` (unlike an ``ox.Store``) does not normalize
``xsd:nonNegativeInteger`` to ``xsd:integer``, so dumps re-validate under the project's shapes.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable
from functools import cached_property

import pyoxigraph as ox

from multivector.namespaces import PREFIXES

#: The project prefixes, for the formats that abbreviate IRIs.
OX_PREFIXES: dict[str, str] = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}


def _sorted_header(data: bytes) -> bytes:
    """Put the leading ``@prefix`` lines of a Turtle/TriG text in alphabetical order."""
    lines = data.split(b"\n")
    count = 0
    while count < len(lines) and lines[count].startswith(b"@prefix "):
        count += 1
    return b"\n".join(sorted(lines[:count]) + lines[count:])


def _graph_of(line: bytes) -> bytes:
    """The graph IRI of an N-Quads line ``s p o <g> .`` (an IRI holds no space)."""
    return line.rsplit(b" ", 2)[1]


def _triple_of(line: bytes) -> bytes:
    """The N-Triples line of an N-Quads line (its graph name dropped)."""
    return line.rsplit(b" ", 2)[0] + b" ."


def _trig_block(lines: list[bytes], head: bytes) -> bytes:
    """The TriG block of one graph (its sorted N-Quads ``lines``), without the header."""
    quads = list(ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_QUADS))
    text = _sorted_header(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=OX_PREFIXES))
    if not text.startswith(head):
        raise ValueError("a graph's TriG has another header")
    return text[len(head):]


def _prefix_head(lines: list[bytes]) -> tuple[bytes, int]:
    """The ``@prefix`` lines a dump starts with (as bytes, newlines kept) and how many."""
    count = 0
    while count < len(lines) and lines[count].startswith(b"@prefix "):
        count += 1
    return b"".join(line + b"\n" for line in lines[:count]), count


def _patched_trig(previous: bytes, names: list[bytes], replaced: dict[bytes, list[bytes]]
                  ) -> bytes:
    """``previous`` (a TriG dump of the graphs ``names``, sorted) with the graphs in
    ``replaced`` written again from their new lines (none: the graph is gone)."""
    lines = previous.split(b"\n")
    head, count = _prefix_head(lines)
    blocks: list[bytes] = []
    current: list[bytes] | None = None
    for line in lines[count:]:
        if current is None:
            if not line:
                continue
            current = []
        current.append(line)
        if line == b"}":
            blocks.append(b"".join(part + b"\n" for part in current))
            current = None
    if current is not None or len(blocks) != len(names):
        raise ValueError("the previous TriG does not hold one block per graph")
    by_name = dict(zip(names, blocks, strict=True))
    for name, new in replaced.items():
        if new:
            by_name[name] = _trig_block(new, head)
        else:
            by_name.pop(name, None)
    return head + b"".join(by_name[name] for name in sorted(by_name))


def _subject_of(line: bytes) -> bytes:
    """The subject of an N-Quads or N-Triples line (an IRI or a label: no space)."""
    return line.split(b" ", 1)[0]


def _subject_order(subject: bytes) -> bytes:
    """Where a subject's lines are among sorted lines: they all start with it and a space."""
    return subject + b" "


def _patched_turtle(previous: bytes, previous_nquads: bytes, lines: list[bytes],
                    touched: set[bytes]) -> bytes:
    """``previous`` (the Turtle of the union of ``previous_nquads``) with the blocks of the
    ``touched`` subjects written again from the new sorted N-Quads ``lines``."""
    text = previous.split(b"\n")
    head, count = _prefix_head(text)
    blocks: list[bytes] = []
    current: list[bytes] = []
    for line in text[count:]:
        if line.startswith(b"\t"):
            if not current:
                raise ValueError("the previous Turtle does not start a block at a subject")
            current.append(line)
            continue
        if current:
            blocks.append(b"".join(part + b"\n" for part in current))
        current = [line] if line else []
    if current:
        blocks.append(b"".join(part + b"\n" for part in current))
    subjects = sorted({_subject_of(line) for line in previous_nquads.split(b"\n") if line},
                      key=_subject_order)
    if len(blocks) != len(subjects):
        raise ValueError("the previous Turtle does not hold one block per subject")
    by_subject = dict(zip(subjects, blocks, strict=True))
    for subject in touched:
        start = bisect.bisect_left(lines, _subject_order(subject))
        end = start
        while end < len(lines) and lines[end].startswith(_subject_order(subject)):
            end += 1
        if start == end:
            by_subject.pop(subject, None)
            continue
        triples = sorted({_triple_of(line) for line in lines[start:end]})
        parsed = [q.triple for q in ox.parse(b"\n".join(triples),
                                             format=ox.RdfFormat.N_TRIPLES)]
        block = _sorted_header(ox.serialize(parsed, format=ox.RdfFormat.TURTLE,
                                            prefixes=OX_PREFIXES))
        if not block.startswith(head):
            raise ValueError("a subject's Turtle has another header")
        by_subject[subject] = block[len(head):]
    return head + b"".join(by_subject[s] for s in sorted(by_subject, key=_subject_order))


class CanonicalDump:
    """One dataset's quads with canonical blank nodes in a fixed order, and its serializations.

    ``quads`` must all be in named graphs (the project keeps nothing in the default graph).
    Order is the byte order of the N-Quads/N-Triples lines, graph first for TriG: sorting lines
    of text is several times faster than sorting term objects by key, and it keeps each
    subject's triples together, which is what lets the Turtle writer group them.
    """

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        dataset = ox.Dataset(quads)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        if next(iter(dataset.quads_for_graph_name(ox.DefaultGraph())), None) is not None:
            raise ValueError("a quad in the default graph cannot be dumped by graph")
        text = ox.serialize(dataset, format=ox.RdfFormat.N_QUADS)
        self._lines = sorted(line for line in text.split(b"\n") if line)

    @classmethod
    def patched(cls, previous: bytes, graphs: Iterable[ox.NamedNode],
                quads: Iterable[ox.Quad], previous_trig: bytes | None = None,
                previous_turtle: bytes | None = None) -> CanonicalDump:
        """The dump of a previous dump's dataset (``previous``: its N-Quads text) in which the
        named ``graphs`` now hold ``quads`` (all of them in those graphs), *without* running
        the canonicalization again; with ``previous_trig`` (that dump's TriG), the TriG keeps
        the other graphs' blocks as they were; with ``previous_turtle`` (its Turtle), the
        Turtle keeps the blocks of the subjects no changed quad has.

        Only valid when neither the old nor the new content of those graphs holds a blank
        node: RDFC-1.0 labels a blank node from the quads that mention it, so when no changed
        quad mentions one, every blank node keeps its label, and the other lines are the
        previous dump's bytes. A TriG is the ``@prefix`` header and one block per graph in
        graph order, each block what the writer makes of that graph alone; a Turtle, the header
        and one block per subject in the order of the N-Triples lines (a subject's lines are
        consecutive: an IRI holds no ``>`` nor a space, a label no space), each block what the
        writer makes of that subject's triples alone (``tests/test_incremental_parts.py``
        checks all three against a full dump). ValueError when the change holds a blank node or
        the previous TriG or Turtle is not made so.
        """
        graphs = set(graphs)
        names = {f"<{graph.value}>".encode() for graph in graphs}
        fresh = list(quads)
        for quad in fresh:
            if quad.graph_name not in graphs:
                raise ValueError(f"{quad} is not in a replaced graph")
            if any(isinstance(term, ox.BlankNode) for term in (quad.subject, quad.object)):
                raise ValueError("a replaced graph holds a blank node")
        kept = []
        previous_names: set[bytes] = set()
        old: set[bytes] = set()  # the lines of the replaced graphs
        for line in previous.split(b"\n"):
            if not line:
                continue
            name = _graph_of(line)
            previous_names.add(name)
            if name in names:
                if line.startswith(b"_:") or b" _:" in line:  # (or a literal holding " _:")
                    raise ValueError("a replaced graph held a blank node")
                old.add(line)
                continue
            kept.append(line)
        added = sorted({line for line in ox.serialize(fresh, format=ox.RdfFormat.N_QUADS)
                        .split(b"\n") if line})
        dump = cls.__new__(cls)
        # both sorted, and disjoint (other graphs): merged, not sorted again
        dump._lines = list(heapq.merge(kept, added))
        delta = old.symmetric_difference(added)  # the lines that left or came
        if previous_trig is not None:
            changed = {_graph_of(line) for line in delta}
            replaced: dict[bytes, list[bytes]] = {name: [] for name in names & changed}
            for line in added:
                if _graph_of(line) in changed:
                    replaced[_graph_of(line)].append(line)
            dump._trig = _patched_trig(previous_trig, sorted(previous_names), replaced)
        if previous_turtle is not None:
            touched = {_subject_of(line) for line in delta}
            dump._turtle = _patched_turtle(previous_turtle, previous, dump._lines, touched)
        return dump

    @cached_property
    def _by_graph(self) -> list[bytes]:
        return sorted(self._lines, key=lambda line: (_graph_of(line), line))

    @cached_property
    def _triple_lines(self) -> list[bytes]:
        return sorted({_triple_of(line) for line in self._lines})

    @cached_property
    def quads(self) -> list[ox.Quad]:
        """The quads, graph by graph, each graph's in N-Quads text order."""
        return list(ox.parse(b"\n".join(self._by_graph), format=ox.RdfFormat.N_QUADS))

    @cached_property
    def triples(self) -> list[ox.Triple]:
        """The union of all graphs: each distinct triple once, in N-Triples text order."""
        return [q.triple for q in ox.parse(self.ntriples(), format=ox.RdfFormat.N_TRIPLES)]

    def trig(self) -> bytes:
        patched = getattr(self, "_trig", None)
        if patched is not None:
            return patched
        return _sorted_header(ox.serialize(self.quads, format=ox.RdfFormat.TRIG,
                                           prefixes=OX_PREFIXES))

    def turtle(self) -> bytes:
        patched = getattr(self, "_turtle", None)
        if patched is not None:
            return patched
        return _sorted_header(ox.serialize(self.triples, format=ox.RdfFormat.TURTLE,
                                           prefixes=OX_PREFIXES))

    def triple_count(self) -> int:
        """Distinct triples over all graphs (the union's size). The lines of one triple in
        several graphs are neighbours in the sorted lines (``s p o `` is their common start,
        and no other line starts with it: an IRI ends at ``>``, a literal's quote is followed
        by a space only when it ends), so one pass counts them."""
        count = 0
        previous = None
        for line in self._lines:
            triple = line.rsplit(b" ", 2)[0]
            if triple != previous:
                count += 1
                previous = triple
        return count

    def nquads(self) -> bytes:
        """Sorted N-Quads lines (line order = byte order, so ``sort`` leaves the file alone)."""
        return b"".join(line + b"\n" for line in self._lines)

    def ntriples(self) -> bytes:
        return b"".join(line + b"\n" for line in self._triple_lines)

    def rdfxml(self) -> bytes:
        return ox.serialize(self.triples, format=ox.RdfFormat.RDF_XML, prefixes=OX_PREFIXES)


__all__ = ["OX_PREFIXES", "CanonicalDump"]
