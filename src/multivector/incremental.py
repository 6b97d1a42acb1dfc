"""Incremental materialization: update the inferred graph after an edit (DRed), not recompute it.

Why this module exists: after one source file changes, re-running every rule over a million
triples to a fixpoint (``multivector.materialize``) repeats work whose inputs did not change.
The inferred graph is a function of the asserted triples alone — ``closure(asserted) \\
asserted``: the rules are monotone and read their axioms from the ontology graph, which an
incremental build never sees change — so it can be *maintained*, by DRed (Gupta, Mumick &
Subrahmanian, 1993):

1. **over-delete**: every inferred triple a derivation could have drawn from a removed triple
   (transitively) is deleted;
2. **re-derive and insert**: starting from the added triples, the removed ones and the
   over-deleted ones, the rules run again until nothing new is derived.

Each step runs the project's own rule files, unchanged, on a small Store: the ontology graph,
the triples of every predicate a rule's property path walks (taken whole), the triples being
followed (*seeds*), and their **neighbourhood** — every triple whose subject is a seed's node,
and every triple whose object is one, except ``rdf:type`` triples (a class's instance list is
not read). That is enough exactly when the rules stay in the fragment :func:`check_rules`
verifies — each rule's data part (outside ``GRAPH <id:graph/ontology>``) is one triple pattern,
or two sharing a variable without a constant ``rdf:type``, or any patterns whose predicates are
all constants (these predicates are then taken whole), and every body pattern shares a variable
with the head; and ``rdf:type`` occurs in the ontology graph as a predicate only, so a rule's
variable predicate bound from the axioms is never ``rdf:type``. Then a derivation using a seed
finds its other body triple in the neighbourhood of the join node, and a re-derivation of an
over-deleted triple finds its body around the triple's own nodes. A rule outside the fragment
makes the build a full one (``IncrementalUnavailable``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef, Variable
from rdflib.namespace import RDF
from rdflib.paths import Path as RdflibPath

from multivector import querystore
from multivector.materialize import Rule
from multivector.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY

_DEFAULT = ox.DefaultGraph()
_INFERRED = ox.NamedNode(str(GRAPH_INFERRED))
_ONTOLOGY = ox.NamedNode(str(GRAPH_ONTOLOGY))
_TYPE = ox.NamedNode(str(RDF.type))


class IncrementalUnavailable(Exception):
    """The rules (or the ontology) are outside the fragment DRed is sound for here."""


@dataclass(frozen=True)
class RuleSet:
    """The rules, checked, and the predicates taken whole (walked by property paths)."""

    rules: list[Rule]
    whole: frozenset[str]


def check_rules(rules: list[Rule], ontology: Iterable[ox.Quad]) -> RuleSet:
    """The rules if incremental maintenance is sound for them (module docstring), else
    :class:`IncrementalUnavailable` naming the rule.

    The rules' analysis (rdflib parses each one: about a second) is remembered by the rules'
    names and texts in the user's cache folder (:func:`multivector.shapecache.folder`, a file
    salted with this module's code); a cache that cannot be read or written is ignored."""
    for quad in ontology:
        if quad.subject == _TYPE or quad.object == _TYPE:
            raise IncrementalUnavailable("the ontology states an axiom about rdf:type")
    digest = hashlib.sha256()
    for rule in rules:
        digest.update(f"{rule.name}\0{rule.query}\0".encode())
    key = digest.hexdigest()
    cache = _cache()
    found = cache.get(key)
    if found is not None and "unavailable" in found:
        raise IncrementalUnavailable(str(found["unavailable"]))
    if found is not None and isinstance(found.get("whole"), list):
        return RuleSet(rules=rules, whole=frozenset(str(iri) for iri in found["whole"]))
    try:
        made = _analyse(rules)
    except IncrementalUnavailable as exc:
        cache.put(key, {"unavailable": str(exc)})
        raise
    cache.put(key, {"whole": sorted(made.whole)})
    return made


def _cache() -> Any:
    from multivector.shapecache import AnalysisCache

    return AnalysisCache("rule-fragment", __file__)


def _analyse(rules: list[Rule]) -> RuleSet:
    """:func:`check_rules` without the ontology's part and the cache."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    whole: set[str] = set()
    for rule in rules:
        try:
            query = translateQuery(parseQuery(rule.query))
        except Exception as exc:
            raise IncrementalUnavailable(f"rule {rule.name} not analysable ({exc})") from None
        template = getattr(query.algebra, "template", None)
        if not template:
            raise IncrementalUnavailable(f"rule {rule.name} is not a CONSTRUCT")
        head = {t for triple in template for t in triple if isinstance(t, Variable)}
        patterns = list(_data_patterns(query.algebra))
        paths = [p for _s, p, _o in patterns if isinstance(p, RdflibPath)]
        if paths or len(patterns) > 2:
            predicates = [p for _s, p, _o in patterns]
            if not all(isinstance(p, (URIRef, RdflibPath)) for p in predicates):
                raise IncrementalUnavailable(
                    f"rule {rule.name}: a property path beside a variable predicate")
            for predicate in predicates:
                whole |= _iris_of(predicate)
            continue
        if len(patterns) == 2:
            (s1, p1, o1), (s2, p2, o2) = patterns
            shared = {s1, p1, o1} & {s2, p2, o2}
            if not any(isinstance(t, Variable) for t in shared):
                raise IncrementalUnavailable(f"rule {rule.name}: two patterns not joined")
            if URIRef(str(RDF.type)) in (p1, p2):
                raise IncrementalUnavailable(f"rule {rule.name}: a join through rdf:type")
        for pattern in patterns:
            if not head & {t for t in pattern if isinstance(t, Variable)}:
                raise IncrementalUnavailable(
                    f"rule {rule.name}: a body pattern shares no variable with the head")
    return RuleSet(rules=rules, whole=frozenset(whole))


def _iris_of(predicate: Any) -> set[str]:
    if isinstance(predicate, URIRef):
        return {str(predicate)}
    found: set[str] = set()
    for name in ("arg", "path"):
        inner = getattr(predicate, name, None)
        if inner is not None:
            found |= _iris_of(inner)
    for inner in getattr(predicate, "args", ()):
        found |= _iris_of(inner)
    return found


def _data_patterns(node: Any) -> Iterable[tuple[Any, Any, Any]]:
    """The triple patterns outside ``GRAPH <ontology>`` (those read the union)."""
    if isinstance(node, dict):
        name = getattr(node, "name", "")
        if name == "Graph":
            if node.get("term") == URIRef(str(GRAPH_ONTOLOGY)):
                return
            raise IncrementalUnavailable("a rule reads a graph other than the ontology")
        if name == "BGP":
            yield from node.get("triples", [])
        for key, value in node.items():
            if key != "template":
                yield from _data_patterns(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _data_patterns(value)


@dataclass
class Maintained:
    """The result of :func:`maintain`: the new inferred quads, the Store holding asserted +
    inferred quads with their union, and how much work was done."""

    quads: list[ox.Quad]
    store: ox.Store
    deleted: int
    rounds: int


def maintain(asserted: list[ox.Quad], previous_inferred: Iterable[ox.Triple],
             removed: set[ox.Triple], added: set[ox.Triple], ruleset: RuleSet) -> Maintained:
    """The inferred graph of ``asserted``, from the previous one by DRed.

    ``removed``/``added``: the asserted triples (of the union) that left or joined since the
    previous build; ``previous_inferred``: that build's inferred triples.

    The Store is made in memory from the whole graph: the QC queries run on it afterwards, and
    on the on-disk store (a copy of the previous build's, patched) they took ten times longer
    at 100 k triples (``docs/benchmarks.md``, "Builds").
    """
    old = set(previous_inferred)
    store = querystore.new_store(  # one union made for both (inside Oxigraph)
        [*asserted, *(ox.Quad(t.subject, t.predicate, t.object, _INFERRED) for t in old)])
    ontology = list(store.quads_for_pattern(None, None, None, _ONTOLOGY))
    whole = [q for iri in sorted(ruleset.whole)
             for q in store.quads_for_pattern(None, ox.NamedNode(iri), None, _DEFAULT)]
    rounds = 0
    # 1. over-delete (the removed triples are gone from the store: they join every step)
    deleted: set[ox.Triple] = set()
    delta = set(removed)
    while delta:
        rounds += 1
        heads = _derive(store, ruleset.rules, delta, [*ontology, *whole], extra=removed)
        delta = {h for h in heads if h in old and h not in deleted}
        deleted |= delta
    for triple in deleted:
        store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, _INFERRED))
        if not _asserted(store, triple):
            store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, _DEFAULT))
    # 2. re-derive and insert, until nothing new
    whole = [q for iri in sorted(ruleset.whole)
             for q in store.quads_for_pattern(None, ox.NamedNode(iri), None, _DEFAULT)]
    seeds = set(added) | removed | deleted
    while seeds:
        rounds += 1
        heads = _derive(store, ruleset.rules, seeds, [*ontology, *whole])
        new = {h for h in heads
               if ox.Quad(h.subject, h.predicate, h.object, _DEFAULT) not in store}
        querystore.add_quads(store, (ox.Quad(t.subject, t.predicate, t.object, _INFERRED)
                                     for t in new))
        if any(t.predicate.value in ruleset.whole for t in new):
            whole = [q for iri in sorted(ruleset.whole)
                     for q in store.quads_for_pattern(None, ox.NamedNode(iri), None, _DEFAULT)]
        seeds = new
    # an inferred triple now asserted leaves the inferred graph (inferred = closure \ asserted):
    # only an added one can be (the previous inferred graph held no asserted triple, and the
    # re-derivation inserts only triples the union did not hold)
    for triple in added:
        store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, _INFERRED))
    quads = list(store.quads_for_pattern(None, None, None, _INFERRED))
    return Maintained(quads=quads, store=store, deleted=len(deleted), rounds=rounds)


def _asserted(store: ox.Store, triple: ox.Triple) -> bool:
    """Whether an asserted graph (a named graph other than the inferred one) holds
    ``triple``."""
    return any(not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name != _INFERRED
               for q in store.quads_for_pattern(triple.subject, triple.predicate,
                                                triple.object))


def _derive(store: ox.Store, rules: list[Rule], seeds: set[ox.Triple],
            fixed: list[ox.Quad], extra: Iterable[ox.Triple] = ()) -> set[ox.Triple]:
    """Every head the rules derive on the neighbourhood of the seeds' nodes in ``store``,
    ``fixed`` and ``extra`` (triples no longer in the store that still count: the removed
    ones while over-deleting). A seed is not itself a fact unless the store holds it."""
    nodes: set[ox.Term] = set()
    for triple in seeds:
        nodes.add(triple.subject)
        nodes.add(triple.object)
    local: list[ox.Quad] = list(fixed)
    for triple in extra:
        local.append(ox.Quad(triple.subject, triple.predicate, triple.object, _INFERRED))
    for node in nodes:
        if not isinstance(node, ox.Literal):
            local.extend(store.quads_for_pattern(node, None, None, _DEFAULT))  # type: ignore[arg-type]
        for quad in store.quads_for_pattern(None, None, node, _DEFAULT):
            if quad.predicate != _TYPE:
                local.append(quad)
    scratch = querystore.new_store(
        ox.Quad(q.subject, q.predicate, q.object,
                q.graph_name if q.graph_name == _ONTOLOGY else _INFERRED)
        for q in local
    )
    heads: set[ox.Triple] = set()
    for rule in rules:
        result = querystore.query(scratch, rule.query)
        heads.update(result)  # type: ignore[arg-type]
    return heads


__all__ = ["IncrementalUnavailable", "Maintained", "RuleSet", "check_rules", "maintain"]
