"""Whether a build may be incremental, and the incremental build itself.

Why this module exists: ``multivector build`` after one edited source file should not redo the
whole pipeline. The rule (ARCHITECTURE.md, "Incremental builds", says the same):

* **full** when asked (``--full``), when there is no readable build state from the previous
  build in ``dist/`` (``multivector.buildstate``) or its key differs — another code version,
  other options, or any change to the ontology, reference data, shapes, rules or queries —,
  when the previous release's N-Quads are missing, when drafts are involved in the validated
  graph (it then differs from the published one), when an inferred triple holds a blank node
  (blank nodes get new labels at every parse, so they cannot be matched across builds), when
  a custom validator is used, or when the rules are outside the fragment DRed is sound for
  (``multivector.incremental``);
* otherwise **incremental**: the inferred graph is maintained by DRed from the previous one,
  and the SHACL shapes run only on the focus nodes the changed triples (asserted and inferred)
  can affect, with only the triples their validation reads (``multivector.validation.reach``;
  if the shapes are outside what that analysis bounds, every node is validated); the QC
  queries, which span graphs, always run on the whole new graph. Outputs, the store and the
  new state are written exactly as a full build writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode

from multivector import buildstate, paths
from multivector.drafts import output_name, without_drafts
from multivector.loading import LoadedGraph
from multivector.namespaces import GRAPH_INFERRED, source_graph

if TYPE_CHECKING:
    from multivector.build import BuildOptions, BuildResult, Validator

_INFERRED = ox.NamedNode(str(GRAPH_INFERRED))


@dataclass
class Plan:
    home: Path
    out: Path
    key: str
    sources: dict[str, str]
    #: the previous state when an incremental build is possible, else None (``reason`` says
    #: why)
    previous: buildstate.State | None
    reason: str
    changed: list[str] = field(default_factory=list)
    shacl_engine: str | None = None


def _options_of(options: BuildOptions, shacl_engine: str | None) -> dict[str, object]:
    from multivector.validation.shacl import DEFAULT_SHACL_ENGINE

    return {"engine": options.engine, "include_drafts": options.include_drafts,
            "validation": options.run_validation,
            "shacl_engine": shacl_engine or DEFAULT_SHACL_ENGINE}


def plan(home: Path, out: Path, options: BuildOptions, validator: Validator | None) -> Plan:
    from multivector.build import GateValidator

    shacl_engine = validator.shacl_engine if isinstance(validator, GateValidator) else None
    key = buildstate.key(home, _options_of(options, shacl_engine))
    sources = buildstate.source_hashes(home)
    made = Plan(home=home, out=out, key=key, sources=sources, previous=None, reason="",
                shacl_engine=shacl_engine)
    if options.full:
        made.reason = "--full"
        return made
    if validator is not None and not (isinstance(validator, GateValidator)
                                      and validator.shapes is None):
        made.reason = "a custom validator"
        return made
    previous, why = buildstate.read(out / "current")
    if previous is None:
        made.reason = why
        return made
    if previous.key != key:
        made.reason = ("code, options, ontology, reference data, shapes, rules or queries "
                       "changed since the previous build")
        return made
    if not previous.validated_published:
        made.reason = "drafts were left out of the previous build"
        return made
    if options.run_validation and previous.shacl is None:
        made.reason = "the previous build did not validate"
        return made
    made.changed = sorted(
        name for name in set(sources) | set(previous.sources)
        if sources.get(name) != previous.sources.get(name)
    )
    made.previous = previous
    return made


def incremental(made: Plan, full: LoadedGraph, options: BuildOptions) -> BuildResult | None:
    """The incremental build (module docstring), or None with ``made.reason`` set when it
    turns out impossible (the caller builds fully)."""
    from multivector.build import BuildResult
    from multivector.incremental import IncrementalUnavailable, check_rules, maintain
    from multivector.materialize import Materialization, add_inferred, load_rules
    from multivector.namespaces import GRAPH_ONTOLOGY

    if without_drafts(full) is not full and not options.include_drafts:
        made.reason = "the graph holds drafts (validated and published graphs differ)"
        return None
    nquads = made.out / "current" / output_name("multivector.nq", options.include_drafts)
    # Only the graphs of changed files can differ (the key covers every other file); their
    # blank nodes are the file's own, so comparing them with new labels loses nothing.
    graphs = {ox.NamedNode(str(source_graph(Path(name).stem))) for name in made.changed}
    try:
        previous_bytes = nquads.read_bytes()
        previous_quads = _quads_of(previous_bytes, {*graphs, _INFERRED})
    except (OSError, SyntaxError, IndexError):
        made.reason = "the previous release's N-Quads are missing or unreadable"
        return None
    old_inferred = [q.triple for q in previous_quads if q.graph_name == _INFERRED]
    if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
           for t in old_inferred):
        made.reason = "the inferred graph holds blank nodes"
        return None
    ontology_iri = ox.NamedNode(str(GRAPH_ONTOLOGY))
    try:
        ruleset = check_rules(load_rules(paths.rules_dir(full.home)),
                              (q for q in full.quads if q.graph_name == ontology_iri))
    except IncrementalUnavailable as exc:
        made.reason = str(exc)
        return None
    removed, added = _union_change(previous_quads, full.quads, graphs)
    kept = maintain(full.quads, old_inferred, removed, added, ruleset)
    materialization = Materialization(quads=kept.quads, rounds=kept.rounds)
    if full.has_dataset:
        add_inferred(full.dataset, materialization.inferred)
    else:  # made only if asked for, with the inferred graph as a full build's
        full.dataset_extra = list(kept.quads)
    result = BuildResult(loaded=full, materialization=materialization, store=kept.store,
                         mode="incremental", changed_files=made.changed, changed_graphs=graphs,
                         previous_release=(made.out / "current").resolve(),
                         previous_nquads=previous_bytes)
    new_inferred = {q.triple for q in kept.quads}
    changed = removed | added | (set(old_inferred) ^ new_inferred)
    result.reason = (f"{len(made.changed)} source file(s) changed" if made.changed
                     else "no source file changed")
    if options.run_validation:
        _validate(made, result, changed)
    return result


def _quads_of(nquads: bytes, graphs: set[ox.NamedNode]) -> list[ox.Quad]:
    """The quads of the named ``graphs`` in an N-Quads dump (only their lines are parsed)."""
    names = {f"<{graph.value}>".encode() for graph in graphs}
    lines = [line for line in nquads.split(b"\n") if line and line.rsplit(b" ", 2)[1] in names]
    return list(ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_QUADS))


def _union_change(previous: list[ox.Quad], quads: list[ox.Quad], graphs: set[ox.NamedNode]
                  ) -> tuple[set[ox.Triple], set[ox.Triple]]:
    """The asserted triples that left and joined the union when the named ``graphs`` changed
    from their content in ``previous`` (the last release) to that in ``quads`` (every other
    asserted graph is the same in both): a triple of a changed graph leaves or joins the union
    only if no unchanged graph holds it. One pass over ``quads`` looks only at the changed
    triples' subjects (no set of the whole graph)."""
    old = {q.triple for q in previous if q.graph_name in graphs}
    new = {q.triple for q in quads if q.graph_name in graphs}
    removed, added = old - new, new - old
    subjects = {t.subject for t in removed} | {t.subject for t in added}
    elsewhere = {q.triple for q in quads
                 if q.subject in subjects and q.graph_name not in graphs}
    return removed - elsewhere, added - elsewhere


def _validate(made: Plan, result: BuildResult, changed: set[ox.Triple]) -> None:
    from multivector.validation.gate import (
        Incremental,
        ReasonedGraph,
        ValidationOptions,
        validate_graph,
        validate_incremental,
    )
    from multivector.validation.reach import Unbounded

    assert made.previous is not None and made.previous.shacl is not None
    if any(isinstance(term, BNode) for r in made.previous.shacl for term in (r.focus, r.value)):
        # a blank node's label is new at every parse: its earlier result cannot be matched
        result.reason += "; every node validated (earlier results on blank nodes)"
        result.validation = validate_graph(ReasonedGraph(result.loaded,
                                                         result.materialization.quads),
                                           ValidationOptions(reasoning="none",
                                                             shacl_engine=made.shacl_engine,
                                                             dev=True, home=made.home))
        return
    options = ValidationOptions(reasoning="none", shacl_engine=made.shacl_engine, dev=True,
                                home=made.home)
    graph = ReasonedGraph(result.loaded, result.materialization.quads)
    # the shapes are in the state's key: the previous build checked them against SHACL-SHACL
    change = Incremental(previous=made.previous.shacl, changed=changed, store=result.store,
                         shapes_checked=True)
    try:
        result.validation = validate_incremental(graph, options, change)
        result.revalidated = change.revalidated
    except Unbounded as exc:
        result.reason += f"; every node validated ({exc})"
        result.validation = validate_graph(graph, options)


def next_state(made: Plan, full: LoadedGraph, result: BuildResult,
               store: str | None = None) -> buildstate.State:
    """The state this build leaves for the next one (``store``: the fingerprint of the
    persistent store it publishes)."""
    from multivector.validation.gate import shacl_only

    shacl = None
    if result.validation is not None:
        shacl = shacl_only(result.validation.results)
    return buildstate.State(key=made.key, sources=made.sources, shacl=shacl,
                            validated_published=result.loaded is full, store=store)


__all__ = ["Plan", "incremental", "next_state", "plan"]
