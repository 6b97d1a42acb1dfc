"""What a SHACL result can depend on: the walks the shapes make from a focus node.

Why this module exists: an incremental build (``multivector.incremental``) re-validates only the
focus nodes an edit can affect, on only the triples their validation reads. Both come from one
analysis of the shapes graph, made once per build:

* every constraint is turned into **walks** from the focus node — sequences of steps
  ``(predicate, forward|inverse)``; a step with predicate ``None`` follows any predicate. A
  property shape's ``sh:path`` (sequence, inverse and alternative paths) is a walk; a value
  constraint adds steps after it (``sh:class``: the value's ``rdf:type``; ``sh:node``,
  ``sh:property``, ``sh:qualifiedValueShape``, ``sh:or``/``sh:and``/``sh:xone``/``sh:not``: the
  nested shape's walks); ``sh:equals``/``sh:disjoint``/``sh:lessThan…``: one step of that
  property; ``sh:closed``: any outgoing triple; a target: the triple that makes a node a target
  (``rdf:type`` for ``sh:targetClass`` and implicit class targets, the property for
  ``sh:targetSubjectsOf``/``sh:targetObjectsOf``); a SPARQL constraint: every triple pattern of
  its query (in ``OPTIONAL``, ``EXISTS`` and ``NOT EXISTS`` too), walked from ``$this`` through
  the variables that join them — a literal joining two patterns is a node like any other.
* **affected focus nodes** (:meth:`Reach.affected`): for every changed triple and every step of
  a walk that could traverse it, walk the steps before it backwards. A node not found this way
  reads, in every walk, only triples that did not change (the first changed triple on a walk
  from it is preceded by unchanged triples, which exist before and after the edit — so walking
  back over the *new* graph from every added or removed triple finds every node whose result
  may differ).
* **context** (:meth:`Reach.context`): the triples every walk from those nodes traverses in the
  new graph, plus every ``rdfs:subClassOf`` triple (``sh:class`` and ``sh:targetClass`` follow
  the class hierarchy in the data graph). SHACL on that context gives the affected nodes exactly
  the results it gives them on the whole graph.

Anything the analysis cannot bound raises :class:`Unbounded` and the caller validates
everything: ``sh:zeroOrMorePath``/``sh:oneOrMorePath``/``*``/``+`` paths, SPARQL-based targets,
a SPARQL constraint with a pattern not joined to ``$this`` (or a ``GRAPH``/``SERVICE``), a
shape nested deeper than :data:`MAX_DEPTH`, or an unknown constraint that names a path.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, Path, SequencePath

from multivector.namespaces import SH

#: Deepest nesting of shapes (``sh:node`` inside ``sh:property`` inside …) analysed.
MAX_DEPTH = 12

Step = tuple[str | None, bool]  # (predicate IRI or None for any, forward?)
Walk = tuple[Step, ...]

_TYPE = str(RDF.type)
_SUBCLASS = ox.NamedNode(str(RDFS.subClassOf))
_NESTED_ONE = (SH.node, SH.qualifiedValueShape, SH["not"], SH.property)
_NESTED_LIST = (SH["or"], SH["and"], SH.xone)
_PAIR_PROPERTIES = (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)
_TARGET_SUBJECTS = SH.targetSubjectsOf
_TARGET_OBJECTS = SH.targetObjectsOf


class Unbounded(Exception):
    """The shapes use something whose reach this analysis cannot bound (the message says what)."""


@dataclass
class Reach:
    """Every walk any shape makes from a focus node (prefix-closed)."""

    walks: frozenset[Walk]
    _by_predicate: dict[str | None, list[tuple[Walk, int]]] = field(default_factory=dict,
                                                                     repr=False)

    def __post_init__(self) -> None:
        for walk in self.walks:
            for index, (predicate, _forward) in enumerate(walk):
                self._by_predicate.setdefault(predicate, []).append((walk, index))

    @classmethod
    def of(cls, shapes: Graph) -> Reach:
        """The walks of every shape in ``shapes``; :class:`Unbounded` when not analysable."""
        analysis = _Analysis(shapes)
        walks: set[Walk] = set()
        for shape in analysis.shapes():
            walks |= analysis.shape_walks(shape, 0)
            walks |= analysis.target_walks(shape)
        closed = {walk[:i] for walk in walks for i in range(1, len(walk) + 1)}
        return cls(frozenset(closed))

    @classmethod
    def cached(cls, shapes: Graph, key: str) -> Reach:
        """:meth:`of`, remembered by the shapes files' hash ``key``
        (:func:`multivector.validation.shacl.shapes_key`) in the user's cache folder
        (:func:`multivector.shapecache.folder`, a file salted with this module's code): the
        analysis parses every SPARQL constraint with rdflib, seconds that an incremental build
        would otherwise spend on shapes that did not change. :class:`Unbounded` is remembered
        too. A cache that cannot be read or written is ignored."""
        from multivector.shapecache import AnalysisCache

        cache = AnalysisCache("shape-reach", __file__, keep=_CACHE_ENTRIES)
        found = cache.get(key)
        if found is not None and "unbounded" in found:
            raise Unbounded(str(found["unbounded"]))
        if found is not None and isinstance(found.get("walks"), list):
            return cls(frozenset(tuple((step[0], bool(step[1])) for step in walk)
                                 for walk in found["walks"]))
        try:
            made = cls.of(shapes)
        except Unbounded as exc:
            cache.put(key, {"unbounded": str(exc)})
            raise
        cache.put(key, {"walks": sorted(([list(step) for step in walk] for walk in made.walks),
                                        key=json.dumps)})
        return made

    def affected(self, index: UnionIndex, changed: Iterable[ox.Triple]) -> set[ox.Term]:
        """The focus nodes whose results may differ after ``changed`` triples were added or
        removed (``index``: the new graph)."""
        found: set[ox.Term] = set()
        memo: dict[tuple[ox.Term, Walk], frozenset[ox.Term]] = {}
        for triple in changed:
            found.add(triple.subject)
            found.add(triple.object)  # a literal too: sh:targetObjectsOf may target it
            entries = self._by_predicate.get(triple.predicate.value, []) + \
                self._by_predicate.get(None, [])
            for walk, position in entries:
                forward = walk[position][1]
                start = triple.subject if forward else triple.object
                found |= _back(index, start, walk[:position], memo)
        return found

    def context(self, index: UnionIndex, focus: Iterable[ox.Term]) -> set[ox.Triple]:
        """The triples every walk from ``focus`` traverses in ``index``, and the class
        hierarchy."""
        triples: set[ox.Triple] = set(index.with_predicate(_SUBCLASS))
        tree = _tree(self.walks)
        frontier: list[tuple[dict[Step, Any], set[ox.Term]]] = [(tree, set(focus))]
        while frontier:
            node, nodes = frontier.pop()
            for step, child in node.items():
                reached: set[ox.Term] = set()
                for term in nodes:
                    for triple in _follow(index, term, step):
                        triples.add(triple)
                        reached.add(triple.object if step[1] else triple.subject)
                if reached and child:
                    frontier.append((child, reached))
        return triples


#: shapes analyses kept in the cache file (the latest ones)
_CACHE_ENTRIES = 16


def _tree(walks: Iterable[Walk]) -> dict[Step, Any]:
    root: dict[Step, Any] = {}
    for walk in walks:
        node = root
        for step in walk:
            node = node.setdefault(step, {})
    return root


class UnionIndex:
    """The union of the graphs with its terms exactly as parsed, for the walks.

    Not a ``pyoxigraph.Store``: a Store keeps literals in canonical form (an
    ``xsd:nonNegativeInteger`` offset reads back as ``xsd:integer``), and the context handed to
    SHACL must hold the very terms a full validation sees. Two dictionaries (by subject, by
    object) of the quads as they are: three times faster to make than an ``ox.Dataset`` of
    them at 100 k triples, and the walks only ask for a node's neighbours. A triple in several
    graphs is met once per graph; every caller collects sets."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self._quads = quads if isinstance(quads, list) else list(quads)
        self._by_subject: dict[ox.Term, list[ox.Quad]] = {}
        self._by_object: dict[ox.Term, list[ox.Quad]] = {}
        for quad in self._quads:
            self._by_subject.setdefault(quad.subject, []).append(quad)
            self._by_object.setdefault(quad.object, []).append(quad)

    def outgoing(self, term: ox.Term, predicate: ox.NamedNode | None) -> Iterator[ox.Triple]:
        for quad in self._by_subject.get(term, ()):
            if predicate is None or quad.predicate == predicate:
                yield quad.triple

    def incoming(self, term: ox.Term, predicate: ox.NamedNode | None) -> Iterator[ox.Triple]:
        for quad in self._by_object.get(term, ()):
            if predicate is None or quad.predicate == predicate:
                yield quad.triple

    def with_predicate(self, predicate: ox.NamedNode) -> Iterator[ox.Triple]:
        for quad in self._quads:
            if quad.predicate == predicate:
                yield quad.triple


def _follow(index: UnionIndex, term: ox.Term, step: Step) -> Iterator[ox.Triple]:
    predicate = None if step[0] is None else ox.NamedNode(step[0])
    if step[1]:
        return index.outgoing(term, predicate)
    return index.incoming(term, predicate)


def _back(index: UnionIndex, start: ox.Term, prefix: Walk,
          memo: dict[tuple[ox.Term, Walk], frozenset[ox.Term]]) -> frozenset[ox.Term]:
    """The nodes from which ``prefix`` leads to ``start``."""
    key = (start, prefix)
    if key in memo:
        return memo[key]
    nodes: set[ox.Term] = {start}
    for predicate, forward in reversed(prefix):
        previous: set[ox.Term] = set()
        for term in nodes:
            # walking a forward step backwards: its subjects; an inverse step: its objects
            for triple in _follow(index, term, (predicate, not forward)):
                previous.add(triple.subject if forward else triple.object)
        nodes = previous
        if not nodes:
            break
    memo[key] = frozenset(nodes)
    return memo[key]


class _Analysis:
    """The walk extraction over one shapes graph."""

    def __init__(self, shapes: Graph) -> None:
        self.graph = shapes
        self.prefixes = {str(p): str(n) for p, n in shapes.namespaces()}
        for declaration in shapes.objects(None, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                self.prefixes[str(prefix)] = str(namespace)

    def shapes(self) -> set[Any]:
        graph = self.graph
        found: set[Any] = set(graph.subjects(RDF.type, SH.NodeShape))
        found |= set(graph.subjects(RDF.type, SH.PropertyShape))
        for predicate in (SH.targetClass, SH.targetNode, _TARGET_SUBJECTS, _TARGET_OBJECTS,
                          SH.target, SH.property, SH.sparql):
            found |= set(graph.subjects(predicate, None))
        return found

    def target_walks(self, shape: Any) -> set[Walk]:
        graph = self.graph
        walks: set[Walk] = set()
        if (shape, SH.target, None) in graph:
            raise Unbounded(f"shape {shape}: SPARQL-based target (sh:target)")
        is_class = (shape, RDF.type, RDFS.Class) in graph or \
            (shape, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in graph
        if (shape, SH.targetClass, None) in graph or is_class:
            walks.add(((_TYPE, True),))
        for predicate in graph.objects(shape, _TARGET_SUBJECTS):
            walks.add(((str(predicate), True),))
        for predicate in graph.objects(shape, _TARGET_OBJECTS):
            walks.add(((str(predicate), False),))
        return walks

    def shape_walks(self, shape: Any, depth: int) -> set[Walk]:
        """Walks from the focus node (node shape) or from the focus node through the path
        (property shape)."""
        if depth > MAX_DEPTH:
            raise Unbounded(f"shapes nested more than {MAX_DEPTH} deep (recursive shapes?)")
        graph = self.graph
        value_walks = self._value_walks(shape, depth)
        path = graph.value(shape, SH.path)
        if path is None:
            return value_walks
        walks: set[Walk] = set()
        for prefix in self.path_walks(path):
            walks.add(prefix)
            walks |= {prefix + rest for rest in value_walks}
        return walks

    def _value_walks(self, shape: Any, depth: int) -> set[Walk]:
        """Walks from a value node of ``shape``."""
        graph = self.graph
        walks: set[Walk] = set()
        if (shape, SH["class"], None) in graph:
            walks.add(((_TYPE, True),))
        for predicate in _NESTED_ONE:
            for nested in graph.objects(shape, predicate):
                walks |= self.shape_walks(nested, depth + 1)
        for predicate in _NESTED_LIST:
            for head in graph.objects(shape, predicate):
                for nested in Collection(graph, head):
                    walks |= self.shape_walks(nested, depth + 1)
        for predicate in _PAIR_PROPERTIES:
            for other in graph.objects(shape, predicate):
                walks |= self.path_walks(other)
        if any(graph.objects(shape, SH.closed)):
            walks.add(((None, True),))
        for constraint in graph.objects(shape, SH.sparql):
            walks |= self._sparql_walks(shape, constraint)
        return walks

    def path_walks(self, path: Any) -> set[Walk]:
        """The walks a SHACL property path makes (finite paths only)."""
        graph = self.graph
        if isinstance(path, URIRef):
            return {((str(path), True),)}
        if not isinstance(path, BNode):
            raise Unbounded(f"unsupported sh:path {path!r}")
        inverse = graph.value(path, SH.inversePath)
        if inverse is not None:
            return {tuple((p, not f) for p, f in reversed(w)) for w in self.path_walks(inverse)}
        alternatives = graph.value(path, SH.alternativePath)
        if alternatives is not None:
            return set().union(*(self.path_walks(p) for p in Collection(graph, alternatives)))
        for unbounded in (SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath):
            if (path, unbounded, None) in graph:
                raise Unbounded(f"path {unbounded.fragment} in the shapes")
        if (path, RDF.first, None) in graph:  # a sequence path
            walks: set[Walk] = {()}
            for member in Collection(graph, path):
                walks = {w + more for w in walks for more in self.path_walks(member)}
            return walks
        raise Unbounded("unsupported sh:path in the shapes")

    def _sparql_walks(self, shape: Any, constraint: Any) -> set[Walk]:
        from rdflib.plugins.sparql.algebra import translateQuery
        from rdflib.plugins.sparql.parser import parseQuery

        text = self.graph.value(constraint, SH.select) or self.graph.value(constraint, SH.ask)
        if text is None:
            raise Unbounded(f"shape {shape}: SPARQL constraint without sh:select/sh:ask")
        try:
            algebra = translateQuery(parseQuery(str(text)), initNs=self.prefixes).algebra
        except Exception as exc:  # the engines report a broken query; here: validate all
            raise Unbounded(f"shape {shape}: SPARQL constraint not analysable ({exc})") from None
        patterns: list[tuple[Any, Walk, Any]] = []
        for s, p, o in _triple_patterns(algebra):
            for walk in _predicate_walks(p):
                patterns.append((s, walk, o))
        return _walks_from_this(shape, patterns)


def _triple_patterns(node: Any) -> Iterator[tuple[Any, Any, Any]]:
    """Every triple pattern anywhere in a query's algebra (EXISTS, OPTIONAL, MINUS included)."""
    if isinstance(node, dict):
        name = getattr(node, "name", "")
        if name in ("Graph", "ServiceGraphPattern"):
            raise Unbounded(f"{name} in a SPARQL constraint")
        if name == "BGP":
            yield from node.get("triples", [])
        for value in node.values():
            yield from _triple_patterns(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _triple_patterns(value)


def _predicate_walks(predicate: Any) -> set[Walk]:
    """A SPARQL predicate (IRI, variable or property path) as walks."""
    if isinstance(predicate, URIRef):
        return {((str(predicate), True),)}
    if isinstance(predicate, Variable):
        return {((None, True),)}
    if isinstance(predicate, InvPath):
        return {tuple((p, not f) for p, f in reversed(w)) for w in _predicate_walks(predicate.arg)}
    if isinstance(predicate, SequencePath):
        walks: set[Walk] = {()}
        for member in predicate.args:
            walks = {w + more for w in walks for more in _predicate_walks(member)}
        return walks
    if isinstance(predicate, AlternativePath):
        return set().union(*(_predicate_walks(a) for a in predicate.args))
    if isinstance(predicate, NegatedPath):
        return {((None, True),), ((None, False),)}
    if isinstance(predicate, (MulPath, Path)):
        raise Unbounded(f"property path {predicate.n3()} in a SPARQL constraint")
    raise Unbounded(f"predicate {predicate!r} in a SPARQL constraint")


def _walks_from_this(shape: Any, patterns: list[tuple[Any, Walk, Any]]) -> set[Walk]:
    """Walks from ``$this`` through the patterns, each pattern used once per walk, joined by
    shared variables or blank nodes (a constant is an end, never a join: two patterns naming
    ``mv:Membership`` are not linked by it); a pattern no walk reaches is unbounded."""
    this = Variable("this")
    walks: set[Walk] = set()
    used: set[int] = set()

    def extend(node: Any, walk: Walk, taken: frozenset[int]) -> None:
        for index, (s, steps, o) in enumerate(patterns):
            if index in taken:
                continue
            for near, far, forward in ((s, o, True), (o, s, False)):
                if near != node:
                    continue
                oriented = steps if forward else tuple((p, not f) for p, f in reversed(steps))
                longer = walk + oriented
                walks.add(longer)
                used.add(index)
                if isinstance(far, (Variable, BNode)):  # a constant joins nothing
                    extend(far, longer, taken | {index})

    extend(this, (), frozenset())
    if len(used) < len(patterns):
        raise Unbounded(f"shape {shape}: a SPARQL pattern is not joined to $this")
    return walks


__all__ = ["MAX_DEPTH", "Reach", "Step", "UnionIndex", "Unbounded", "Walk"]
