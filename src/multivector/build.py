"""The build pipeline: load → drop drafts → materialize → validate → write ``dist/``.

The draft policy (:func:`reason`): drafts — statements marked ``mv:status mv:Draft`` and the
evidence only they use (``multivector.drafts``) — are removed right after loading, *before* the
rules run, unless drafts are asked for; so nothing is ever inferred from a draft in a graph built
without them. Every command that reads the graph gets it through :func:`reason`.

What ``build`` validates and what it writes: it validates *everything* — the graph with its drafts
(reported as ``sh:Info``) — through the one validation gate (SHACL shapes, developer checks, QC
queries), and publishes the draft-free graph:

Outputs, written only after loading, reasoning, validation and the QC queries all succeeded,
into a fresh ``dist/releases/<id>/`` and published together by one atomic switch of the
``dist/current`` link (:func:`multivector.atomic.publish`); ``dist/<name>`` are stable links
through ``current``. A failed or killed build leaves the published outputs as they were:

* ``dist/multivector.trig`` — every named graph, including ``id:graph/inferred`` (sorted TriG)
* ``dist/multivector.nq``   — the same quads as sorted N-Quads
* ``dist/multivector.ttl``  — the union of all graphs (sorted Turtle)
* ``dist/ontology/multivector.ttl`` — the release artefact for people who only want the
  vocabulary: the ontology and the SKOS vocabularies (``ontology/*.ttl``, without the imported
  modules and without data), stamped with the version (``multivector.stamp``), canonical Turtle
* ``dist/store`` — the persistent store the read-only commands open (``multivector.diskstore``;
  its own switch, beside the published release): the draft-free graph with inferences

With ``include_drafts`` the graph with drafts (and what the rules infer from them) is written
under distinct names (``multivector-with-drafts.*``, :func:`multivector.drafts.output_name`), so a
file name always means one content. Each file is written to a temp file and moved into place,
only after loading, reasoning and validation all succeeded — a failed build leaves ``dist/``
byte-for-byte as it was. Blank nodes carry RDFC-1.0 canonical labels (``multivector.dumps``). No
timestamp is written anywhere: the same inputs give the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import Dataset

from multivector import paths
from multivector.atomic import Release, publish
from multivector.drafts import output_name, without_drafts
from multivector.dumps import CanonicalDump
from multivector.loading import LoadedGraph, iter_quads, load, to_store
from multivector.materialize import Materialization, add_inferred, load_rules, materialize
from multivector.querystore import new_store
from multivector.terms import quads_to_ox
from multivector.validation.gate import ReasonedGraph, ValidationOptions, validate_graph
from multivector.validation.outcome import ValidationOutcome

OUTPUTS = ("multivector.trig", "multivector.nq", "multivector.ttl")
ONTOLOGY_ARTEFACT = Path("ontology") / "multivector.ttl"


class Validator(Protocol):
    """What ``build`` calls to validate: the loaded project (drafts included) and what the rules
    derived from it. The default is the project's gate (:class:`GateValidator`)."""

    def __call__(self, graph: ReasonedGraph) -> ValidationOutcome: ...


@dataclass(frozen=True)
class GateValidator:
    """The validation gate with the build's options (all checks, the graph as materialized)."""

    shacl_engine: str | None = None
    shapes: tuple[Path, ...] | None = None

    def __call__(self, graph: ReasonedGraph) -> ValidationOutcome:
        options = ValidationOptions(
            reasoning="none", shacl_engine=self.shacl_engine, shapes=self.shapes, dev=True,
            home=graph.loaded.home,
        )
        return validate_graph(graph, options)


@dataclass(frozen=True)
class BuildOptions:
    engine: str = "oxigraph"
    #: output folder (default ``<home>/dist``)
    out: Path | None = None
    #: publish the graph with its drafts (under ``multivector-with-drafts.*``)
    include_drafts: bool = False
    #: False: write without validating (``--skip-validation``)
    run_validation: bool = True
    #: True: never build incrementally (``--full``)
    full: bool = False


@dataclass
class BuildResult:
    loaded: LoadedGraph
    materialization: Materialization
    store: ox.Store
    validation: ValidationOutcome | None = None
    written: list[Path] = field(default_factory=list)
    release: Release | None = None
    #: "incremental" or "full", and why (:mod:`multivector.buildplan`)
    mode: str = "full"
    reason: str = ""
    #: source files whose change was handled incrementally; focus nodes validated again
    changed_files: list[str] = field(default_factory=list)
    revalidated: int | None = None
    #: what the next build reads (``dist/.build-state``)
    state: object | None = None
    #: the files parsed by this build (the others came from ``multivector.parsecache``)
    parsed_files: list[Path] = field(default_factory=list)
    #: the named graphs an incremental build found changed (their files changed)
    changed_graphs: set[ox.NamedNode] = field(default_factory=set)
    #: an incremental build's previous release folder and its N-Quads dump (patched, not
    #: redone, when the change holds no blank node)
    previous_release: Path | None = None
    previous_nquads: bytes | None = None
    #: distinct triples over all graphs (:meth:`triple_count`)
    triples: int | None = None
    #: the steps done in full although the build was incremental, and why (one phrase each)
    full_steps: list[str] = field(default_factory=list)

    @property
    def dataset(self) -> Dataset:
        return self.loaded.dataset

    def all_quads(self) -> list[ox.Quad]:
        """The asserted quads as parsed, plus the inferred graph, as pyoxigraph quads."""
        return self.loaded.quads + self.materialization.quads

    def triple_count(self) -> int:
        """Distinct triples over all graphs, the inferred one included (``len`` of the
        Dataset, without making it; the dump's count once the outputs are written)."""
        if self.triples is None:
            self.triples = len({q.triple for q in self.all_quads()})
        return self.triples

    @property
    def conforms(self) -> bool:
        return self.validation is None or bool(self.validation.conforms)


def reason(
    home: Path | None = None, *, engine: str = "oxigraph", include_drafts: bool = False
) -> BuildResult:
    """Load the project, apply the draft policy, add the inferred graph (nothing validated or
    written). The one place where drafts are dropped: before the rules run."""
    home = home or paths.home()
    return reason_loaded(load(home), engine=engine, include_drafts=include_drafts)


def reason_loaded(
    loaded: LoadedGraph, *, engine: str = "oxigraph", include_drafts: bool = False
) -> BuildResult:
    """:func:`reason` on a loaded project (the caller's ``loaded`` is not modified when drafts
    are dropped; otherwise its dataset receives the inferred graph)."""
    if not include_drafts:
        loaded = without_drafts(loaded)
    store = new_store(loaded.quads)  # the parser's own quads: no conversion back from rdflib
    rules = load_rules(paths.rules_dir(loaded.home))
    result = materialize(loaded.dataset, engine=engine, rules=rules, store=store)
    add_inferred(loaded.dataset, result.inferred)
    if engine != "oxigraph":  # the store did not receive the inferred quads
        store = to_store(loaded.dataset)
    return BuildResult(loaded=loaded, materialization=result, store=store)


def serialize_outputs(
    dataset: Dataset | None, quads: Iterable[ox.Quad] | None = None,
    dump: CanonicalDump | None = None,
) -> dict[str, bytes]:
    """The bytes of every ``dist/`` file, computed in memory (``multivector.dumps``).

    ``quads``: the same dataset as pyoxigraph quads, when the caller has them (saves converting);
    ``dump``: its canonical dump, when the caller has it.
    """
    if dump is None:
        if quads is None:
            assert dataset is not None
            quads = quads_to_ox(iter_quads(dataset))
        dump = CanonicalDump(quads)
    return {
        "multivector.trig": dump.trig(),
        "multivector.nq": dump.nquads(),
        "multivector.ttl": dump.turtle(),
    }


def build(
    home: Path | None = None,
    options: BuildOptions | None = None,
    *,
    validator: Validator | None = None,
) -> BuildResult:
    """The whole pipeline. Raises InputError/ToolError before anything is written.

    ``validator``: what validates the graph (default :class:`GateValidator`); tests inject
    their own.
    """
    from multivector import buildplan, diskstore, parsecache

    home = home or paths.home()
    options = options or BuildOptions()
    key = diskstore.fingerprint(home)  # before reading: a file edited meanwhile makes it stale
    out = options.out or paths.dist_dir(home)
    plan = buildplan.plan(home, out, options, validator)
    if plan.previous is not None:  # unchanged files from the parse cache
        cached = parsecache.load(home, out)
        full, parsed, digests = cached.loaded, cached.parsed, cached.digests
    else:
        digests = parsecache.digests(home)  # before reading: see parsecache.save
        full = load(home)
        parsed = [path for path, _s, _e in full.file_spans]
    result = buildplan.incremental(plan, full, options) if plan.previous is not None else None
    if result is None:
        result = reason_loaded(full, engine=options.engine,
                               include_drafts=options.include_drafts)
        result.reason = plan.reason
        if options.run_validation:
            result.validation = (validator or GateValidator())(
                _with_drafts(full, result, options))
    result.parsed_files = parsed
    return _publish(home, out, options, plan, full, result, key, digests)


def _publish(home: Path, out: Path, options: BuildOptions, plan: object, full: LoadedGraph,
             result: BuildResult, key: str, digests: dict[Path, str]) -> BuildResult:
    from multivector import buildplan, diskstore, parsecache

    result.state = buildplan.next_state(plan, full, result,  # type: ignore[arg-type]
                                        None if options.include_drafts else key)
    if not result.conforms:
        return result  # dist/ untouched
    # A draft-free build publishes exactly its outputs; a with-drafts build adds its files
    # (other names, drafts.output_name) beside the draft-free ones, which it leaves as they are.
    written: list[str] = []

    def fill(folder: Path) -> None:
        write_outputs(result, folder, options.include_drafts)
        written.extend(os.listdir(folder))

    result.release = publish(out, fill, keep_others=options.include_drafts)
    result.written = [p for p in result.release.stable_paths if p.name in written]
    if not options.include_drafts:  # the store holds what the read-only commands see
        _publish_store(result, plan, home, key)
        result.written.append(diskstore.link(home))
    parsecache.save(full, out, digests)  # (after publishing: see parsecache)
    return result


def _publish_store(result: BuildResult, plan: object, home: Path, key: str) -> None:
    """The persistent store: patched from the previous build's when the build is incremental
    and that store is still there (:func:`multivector.diskstore.publish_patched`), else
    written whole (said in ``result.full_steps``)."""
    from multivector import diskstore

    previous = getattr(getattr(plan, "previous", None), "store", None)
    if result.mode == "incremental" and previous != key:  # (equal: that store is reused)
        if previous is None:
            result.full_steps.append("store written whole (the previous build left none)")
        elif diskstore.publish_patched(home, result.all_quads(), key, previous,
                                       result.changed_graphs) is not None:
            return
        else:
            result.full_steps.append("store written whole (the previous build's store is gone)")
    diskstore.publish(home, result.all_quads(), key)


def write_outputs(result: BuildResult, folder: Path, include_drafts: bool = False) -> None:
    """Write every build output into ``folder`` (a fresh release, published as one by
    :func:`multivector.atomic.publish`). Any file or folder written here is published together
    with the others: add new outputs (a store, a release ontology) here."""
    dump = _patched_dump(result, include_drafts) or CanonicalDump(result.all_quads())
    result.triples = dump.triple_count()
    for name, data in serialize_outputs(None, None, dump).items():
        (folder / output_name(name, include_drafts)).write_bytes(data)
    if result.state is not None:
        from multivector import buildstate

        buildstate.write(folder, result.state)  # type: ignore[arg-type]
    artefact = folder / ONTOLOGY_ARTEFACT
    artefact.parent.mkdir(parents=True, exist_ok=True)
    previous = None if result.previous_release is None else \
        result.previous_release / ONTOLOGY_ARTEFACT
    if previous is not None and previous.is_file():
        # the ontology and the stamp are in the build state's key: unchanged since then
        artefact.write_bytes(previous.read_bytes())
    else:
        artefact.write_bytes(ontology_artefact(result.loaded.home or paths.home()))


def _patched_dump(result: BuildResult, include_drafts: bool) -> CanonicalDump | None:
    """An incremental build's dump as the previous one with the changed graphs replaced
    (:meth:`CanonicalDump.patched`), or None (said in ``result.full_steps``) when the change
    holds a blank node."""
    if result.previous_nquads is None:
        return None
    from multivector.namespaces import GRAPH_INFERRED

    graphs = {*result.changed_graphs, ox.NamedNode(str(GRAPH_INFERRED))}
    previous: dict[str, bytes | None] = {"trig": None, "ttl": None}
    for suffix in previous:
        name = output_name(f"multivector.{suffix}", include_drafts)
        try:
            assert result.previous_release is not None
            previous[suffix] = (result.previous_release / name).read_bytes()
        except (OSError, AssertionError):
            result.full_steps.append(f"{name} written whole (the previous one is unreadable)")
    try:
        return CanonicalDump.patched(result.previous_nquads, graphs,
                                     [q for q in result.all_quads() if q.graph_name in graphs],
                                     previous["trig"], previous["ttl"])
    except ValueError as exc:
        result.full_steps.append(f"dumps canonicalized whole ({exc})")
        return None


def ontology_artefact(home: Path) -> bytes:
    """``ontology/*.ttl`` (the ontology and vocabularies, not ``imports/``) with the stamp, as
    canonical Turtle."""
    from rdflib import Graph

    from multivector.canonical import canonical_turtle
    from multivector.loading import parse_turtle
    from multivector.namespaces import GRAPH_ONTOLOGY
    from multivector.stamp import stamp_for, stamp_quads
    from multivector.terms import FromOx

    graph = Graph()
    for path in sorted(paths.ontology_dir(home).glob("*.ttl")):
        for triple in parse_turtle(path):
            graph.add(triple)
    parsed = list(quads_to_ox((s, p, o, GRAPH_ONTOLOGY) for s, p, o in graph))
    term = FromOx()
    present = {(s, p) for s, p, _o in graph}
    for q in stamp_quads(parsed, parsed[0].graph_name if parsed else None, stamp_for(home)):
        subject, predicate = term(q.subject), term(q.predicate)
        if (subject, predicate) not in present:
            graph.add((subject, predicate, term(q.object)))
    return canonical_turtle(graph).encode("utf-8")



def _with_drafts(full: LoadedGraph, result: BuildResult, options: BuildOptions) -> ReasonedGraph:
    """The whole project (drafts included) with its inferences, for validation: the published
    graph's own when it is the same graph, else materialized separately."""
    if result.loaded is full:
        return ReasonedGraph(full, result.materialization.quads)
    rules = load_rules(paths.rules_dir(full.home))
    inferred = materialize(full.dataset, engine=options.engine, rules=rules,
                           store=new_store(full.quads))
    return ReasonedGraph(full, inferred.quads)
