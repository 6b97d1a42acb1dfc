"""Forward-chaining materialization: SPARQL CONSTRUCT rules run to a fixpoint.

The rules live in ``reasoning/rules/*.rq``. They are generic: each reads its axioms
(``rdfs:subClassOf``, ``owl:inverseOf``, ``owl:propertyChainAxiom`` …) from the ontology graph and
applies them to the union of all graphs. Every round runs every rule in file-name order; the
triples a rule derives that are not yet present anywhere go into ``id:graph/inferred`` at once
(the next rule sees them); the loop stops when a round adds nothing. On the project's Store
(union default graph, ``multivector.querystore``) each rule runs as one SPARQL Update inside
Oxigraph (:func:`_insert_form`).

Two engines run the same rule files: pyoxigraph (the default: milliseconds) and rdflib (slow, but
an independent reference implementation of SPARQL). owlrl is not used here: it took ~12 s for a
10 k-triple graph, and computes far more than the graph needs (see ARCHITECTURE.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from multivector import paths, querystore
from multivector.errors import InputError
from multivector.loading import iter_quads, to_store
from multivector.namespaces import GRAPH_INFERRED
from multivector.queries.catalogue import internal_query
from multivector.queries.engines import ENGINES as ENGINES  # re-exported: the registry's names
from multivector.queries.engines import check_engine
from multivector.queries.sparqltext import construct_parts
from multivector.terms import from_ox, quads_to_ox

MAX_ROUNDS = 100


@dataclass(frozen=True)
class Rule:
    name: str
    path: Path
    query: str


@dataclass
class Materialization:
    """What the rules derived: as pyoxigraph quads of ``id:graph/inferred`` (``quads``) and, made
    on first use, as an rdflib Graph (``inferred``) — converting 30 k triples to rdflib terms
    took a third of the materialization time at 100 k triples, and callers that only query the
    Store never need it."""

    quads: list[ox.Quad]
    rounds: int
    per_rule: dict[str, int] = field(default_factory=dict)
    _graph: Graph | None = field(default=None, repr=False)

    @property
    def inferred(self) -> Graph:
        if self._graph is None:
            graph = Graph(identifier=GRAPH_INFERRED)
            graph.addN(
                (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), graph)
                for q in self.quads
            )
            self._graph = graph
        return self._graph


def load_rules(folder: Path | None = None) -> list[Rule]:
    """The rule files, in file-name order."""
    folder = folder or paths.rules_dir()
    files = sorted(folder.glob("*.rq")) if folder.is_dir() else []
    if not files:
        raise InputError("no rule files (*.rq) found", folder)
    rules = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read rule: {exc}", path) from None
        rules.append(Rule(name=path.stem, path=path, query=text))
    return rules


def materialize(
    dataset: Dataset,
    *,
    engine: str = "oxigraph",
    rules: list[Rule] | None = None,
    store: ox.Store | None = None,
) -> Materialization:
    """Run the rules to a fixpoint; returns the inferred triples (the dataset is not modified).

    ``store`` may be a pyoxigraph Store already holding ``dataset`` (it will receive the
    inferred quads); otherwise a private one is built.
    """
    check_engine(engine)
    rules = rules if rules is not None else load_rules()
    if engine == "oxigraph":
        return _materialize_oxigraph(store if store is not None else to_store(dataset), rules)
    return _materialize_rdflib(dataset, rules)


def _materialize_oxigraph(store: ox.Store, rules: list[Rule]) -> Materialization:
    inferred_name = ox.NamedNode(str(GRAPH_INFERRED))
    # With the union default graph, each rule runs as one SPARQL Update inside Oxigraph;
    # otherwise (a Store made elsewhere) its CONSTRUCT results are filtered here in Python.
    updates = {
        rule.name: _insert_form(rule) for rule in rules
    } if querystore.has_union(store) else {}
    per_rule = {rule.name: 0 for rule in rules}
    rounds = 0
    while True:
        rounds += 1
        if rounds > MAX_ROUNDS:
            raise InputError(f"rules did not reach a fixpoint in {MAX_ROUNDS} rounds")
        added = 0
        for rule in rules:
            update = updates.get(rule.name)
            if update is not None:
                count = _apply_update(store, rule, update)
            else:
                count = _apply_construct(store, rule, inferred_name)
            per_rule[rule.name] += count
            added += count
        if not added:
            break
    quads = list(store.quads_for_pattern(None, None, None, inferred_name))
    return Materialization(quads=quads, rounds=rounds, per_rule=per_rule)


def _insert_form(rule: Rule) -> str | None:
    """The rule as ``INSERT { GRAPH inferred { T } T } WHERE { B FILTER NOT EXISTS { T } }``.

    Same meaning as running ``CONSTRUCT { T } WHERE { B }`` and keeping the triples present in
    no graph: ``T`` in the default graph — the union — is "present anywhere", and the second
    ``T`` keeps that union up to date. At 1 M triples this is several times faster than
    filtering a million CONSTRUCT results one by one in Python. None if the rule is not a plain
    ``CONSTRUCT … WHERE …`` (it then runs the slow way).
    """
    try:  # the rule's own syntax error, with its own line and column, before any rewriting
        ox.Store().query(rule.query)
    except SyntaxError as exc:
        raise InputError(f"rule syntax error: {exc}", rule.path) from None
    parts = construct_parts(rule.query)
    if parts is None or not _one_plain_triple(parts[1]):
        return None
    prologue, template, body = parts
    return (
        f"{prologue}\nINSERT {{ GRAPH <{GRAPH_INFERRED}> {{ {template} }}\n{template} }}\n"
        f"WHERE {{ {body}\nFILTER NOT EXISTS {{ {template} }} }}"
    )


_IRIS_AND_STRINGS = re.compile(r"<[^>]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")


def _one_plain_triple(template: str) -> bool:
    """Whether a CONSTRUCT template is one triple without blank nodes — the case the INSERT
    form reproduces exactly. With two triples ``FILTER NOT EXISTS { T1 . T2 }`` would keep a
    result one of whose triples exists already, and a blank node would differ between the two
    copies; such rules run the slow way."""
    bare = _IRIS_AND_STRINGS.sub(" ", template).strip().rstrip(".")
    return not any(mark in bare for mark in (".", ";", ",", "[", "_:"))


def _count_inferred(store: ox.Store) -> int:
    """The size of ``id:graph/inferred`` (``queries/internal/materialize/count-inferred.rq``)."""
    solutions = store.query(internal_query("materialize/count-inferred").text)
    return int(next(iter(solutions))["n"].value)  # type: ignore[index,union-attr]


def _apply_update(store: ox.Store, rule: Rule, update: str) -> int:
    before = _count_inferred(store)
    try:
        store.update(update)
    except SyntaxError as exc:
        raise InputError(f"rule syntax error: {exc}", rule.path) from None
    return _count_inferred(store) - before


def _apply_construct(store: ox.Store, rule: Rule, inferred: ox.NamedNode) -> int:
    try:
        result = querystore.query(store, rule.query)
    except SyntaxError as exc:
        raise InputError(f"rule syntax error: {exc}", rule.path) from None
    if not isinstance(result, ox.QueryTriples):
        raise InputError("a rule must be a CONSTRUCT query", rule.path)
    present = _presence_test(store)
    new: dict[ox.Triple, None] = {}
    for triple in result:  # type: ignore[union-attr]
        if triple not in new and not present(triple):
            new[triple] = None
    querystore.add_quads(store, (ox.Quad(t.subject, t.predicate, t.object, inferred) for t in new))
    return len(new)


def _presence_test(store: ox.Store) -> Callable[[ox.Triple], bool]:
    """Whether a triple is in some graph of ``store``: one lookup in the union default graph
    when the Store keeps one (``multivector.querystore``), else a scan of the quad index."""
    if querystore.has_union(store):
        default = ox.DefaultGraph()
        return lambda t: ox.Quad(t.subject, t.predicate, t.object, default) in store
    return lambda t: next(
        store.quads_for_pattern(t.subject, t.predicate, t.object, None), None
    ) is not None


def _materialize_rdflib(dataset: Dataset, rules: list[Rule]) -> Materialization:
    # Work on a private copy so the caller's dataset is never mutated.
    work = Dataset(default_union=True)
    for s, p, o, g in iter_quads(dataset):
        work.graph(g).add((s, p, o))
    inferred_graph = work.graph(GRAPH_INFERRED)
    per_rule = {rule.name: 0 for rule in rules}
    rounds = 0
    while True:
        rounds += 1
        if rounds > MAX_ROUNDS:
            raise InputError(f"rules did not reach a fixpoint in {MAX_ROUNDS} rounds")
        added = 0
        for rule in rules:
            try:
                result = work.query(rule.query)
            except Exception as exc:
                raise InputError(f"rule failed on rdflib: {exc}", rule.path) from None
            new = set()
            for triple in result:
                if triple in new or next(work.quads(triple), None) is not None:  # type: ignore[arg-type]
                    continue
                new.add(triple)
            for triple in new:  # visible to the next rule, as on Oxigraph
                inferred_graph.add(triple)  # type: ignore[arg-type]
            per_rule[rule.name] += len(new)
            added += len(new)
        if not added:
            break
    inferred = Graph(identifier=GRAPH_INFERRED)
    for triple in inferred_graph:
        inferred.add(triple)
    quads = list(quads_to_ox((s, p, o, GRAPH_INFERRED) for s, p, o in inferred))
    return Materialization(quads=quads, rounds=rounds, per_rule=per_rule, _graph=inferred)


def add_inferred(dataset: Dataset, inferred: Graph) -> None:
    """Put the inferred triples into ``id:graph/inferred`` of ``dataset``."""
    target = dataset.graph(GRAPH_INFERRED)
    for triple in inferred:
        target.add(triple)
