"""The validation gate: SHACL shapes and QC queries, one typed result, for every caller.

``multivector validate``, ``multivector build`` and ``KnowledgeGraph.validate()`` all come here, so
they run the same checks and agree: the SHACL shapes (``shapes/contract/``, plus ``shapes/dev/``
when asked) on the union of all named graphs, and the QC queries (``queries/qc/*-violation.rq``,
every row a violation) on the same union. A QC row is a result like a SHACL one.

Why the union: pySHACL validates each named graph of a Dataset on its own, which would hide every
cross-graph fact (a source graph uses ``id:Kazakhstan``, the reference graph says it is an
``mv:State``). The engines run with ``inference="none"``; reasoning is the caller's explicit
choice (:attr:`ValidationOptions.reasoning`): ``"rules"`` runs the project's own rules
(``reasoning/rules/``) on a copy first, ``"none"`` validates the graph as given (the build passes
its materialized graph).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from multivector import paths
from multivector.errors import InputError
from multivector.loading import LoadedGraph, iter_quads, layout, load_files, new_dataset
from multivector.materialize import load_rules, materialize
from multivector.namespaces import GRAPH_REFERENCE, MV, source_graph
from multivector.qc import run_qc
from multivector.queries.engines import check_engine
from multivector.querystore import new_store
from multivector.terms import FromOx, quads_to_ox, to_ox
from multivector.validation import reading
from multivector.validation.outcome import Result, ValidationOutcome, count_severities
from multivector.validation.shacl import (
    PreparedQueryGraph,
    check_meta,
    check_shacl_engine,
    run_pyshacl,
    run_turbo,
    shapes_checked,
    shapes_key,
)
from multivector.validation.shacl_sparql import Unsupported
from multivector.validation.shacl_store import plan_for, run_oxigraph
from multivector.validation.shapes import load_shapes, shape_files
from multivector.validation.sourcemap import SourceMap, display_path
from multivector.validation.terms import label_of
from multivector.validation.text import render_results

REASONING: tuple[str, ...] = ("rules", "none")

_LOG = logging.getLogger("multivector")


@dataclass(frozen=True)
class ValidationOptions:
    """How to validate. Every field has the default ``multivector validate`` uses."""

    #: ``"rules"``: run the project's rules (``reasoning/rules/``, by ``engine``) on a copy first;
    #: ``"none"``: validate the graph as given (it should hold ``id:graph/inferred`` already).
    reasoning: str = "rules"
    #: the rule engine when ``reasoning == "rules"``: ``oxigraph`` or ``rdflib``
    engine: str = "oxigraph"
    #: the SHACL engine (``turbo``, ``pyshacl``); None: the default (turbo)
    shacl_engine: str | None = None
    #: shapes files or folders; None: ``shapes/contract/`` (plus ``shapes/dev/`` with ``dev``)
    shapes: tuple[Path, ...] | None = None
    #: also run the developer checks (``shapes/dev/``); ``validate PATHS`` turns them off
    dev: bool = True
    #: run the QC queries of ``queries/qc/`` (False only for shape-only fixtures)
    qc: bool = True
    #: the project home (shapes, rules and QC queries are read from it); None: the default
    home: Path | None = None
    #: keep only results whose focus node comes from one of these files (display paths)
    only_sources: frozenset[str] | None = field(default=None)

    def checked(self) -> ValidationOptions:
        """Self, or a one-line InputError naming the bad option."""
        if self.reasoning not in REASONING:
            raise InputError(f"reasoning: unknown option {self.reasoning!r} "
                             f"(choose from {', '.join(REASONING)})")
        check_engine(self.engine)
        check_shacl_engine(self.shacl_engine)
        return self

    def shape_locations(self) -> list[Path]:
        if self.shapes is not None:
            return list(self.shapes)
        found = [paths.contract_shapes_dir(self.home)]
        return [*found, paths.dev_shapes_dir(self.home)] if self.dev else found


@dataclass
class ReasonedGraph:
    """A loaded project plus the quads the rules derived for it (``id:graph/inferred``)."""

    loaded: LoadedGraph
    inferred: list[ox.Quad]


GraphInput = Dataset | Graph | LoadedGraph | ReasonedGraph


@dataclass
class _Union:
    """Everything the checks need, in the forms they need it."""

    quads: list[ox.Quad]  # asserted (as parsed) + inferred
    labels: Graph | Labels  # rdfs:label / skos:prefLabel of all graphs, for the report
    sources: SourceMap


@dataclass
class Incremental:
    """What an incremental build hands the gate: the SHACL results of the previous build (as
    read by :func:`reading.shacl_results`, before drafts and sources), the triples that
    changed since (asserted and inferred, added or removed), and a Store of the new graph for
    the QC queries. After :func:`validate_incremental`, ``revalidated`` is how many focus
    nodes were validated again and ``shacl`` the new SHACL results (to keep for the next)."""

    previous: list[Result]
    changed: set[ox.Triple]
    store: ox.Store
    #: True: these shapes passed SHACL-SHACL in the previous build (not checked again)
    shapes_checked: bool = False
    revalidated: int = 0
    shacl: list[Result] = field(default_factory=list)


def validate_incremental(data: ReasonedGraph, options: ValidationOptions,
                         change: Incremental) -> ValidationOutcome:
    """Validate after an edit: SHACL only on the focus nodes the change can affect, with only
    the triples their validation reads (:mod:`multivector.validation.reach`); the other focus
    nodes keep their previous results; the QC queries, which span graphs, run on the whole new
    graph. Raises :class:`multivector.validation.reach.Unbounded` when the shapes are outside
    what the analysis bounds (the caller validates everything)."""
    from multivector.terms import from_ox
    from multivector.validation.reach import Reach, UnionIndex

    options = replace(options, reasoning="none").checked()
    union = _union(data, options)
    locations = options.shape_locations()
    shapes_graph = load_shapes(locations)
    key = shapes_key(f for location in locations for f in shape_files(location))
    if change.shapes_checked:
        shapes_checked(key)
    reach = Reach.cached(shapes_graph, key)
    index = UnionIndex(union.quads)
    focus = reach.affected(index, change.changed)
    context = reach.context(index, focus)
    context |= {q.triple for q in union.quads if q.graph_name == _ONTOLOGY}
    local = _Union([ox.Quad(t.subject, t.predicate, t.object, _ONTOLOGY) for t in context],
                   union.labels, union.sources)
    report = _run_shacl(local, shapes_graph, options, locations)
    kept_focus = {from_ox(node) for node in focus}
    fresh = [r for r in reading.shacl_results(report, union.labels, shapes_graph)
             if r.focus in kept_focus]
    kept = [replace(r, focus_label=label_of(union.labels, r.focus))
            for r in change.previous if r.focus not in kept_focus]
    change.revalidated = len(focus)
    change.shacl = [*kept, *fresh]
    whole = reading.results_report(change.shacl)
    return _finish(whole, list(change.shacl), union, options,
                   change.store if options.qc else None)


def shacl_only(outcome_results: list[Result]) -> list[Result]:
    """The SHACL results of an outcome (QC rows left out), as the next incremental build
    needs them: no sources, severities as the engine gave them (drafts are not in a graph an
    incremental build validates)."""
    return [replace(r, sources=()) for r in outcome_results if not r.is_qc]


_ONTOLOGY = ox.NamedNode("https://w3id.org/multivector/id/graph/ontology")


def validate_graph(data: GraphInput, options: ValidationOptions | None = None) -> ValidationOutcome:
    """Validate a graph: SHACL shapes and QC queries on the union of its named graphs.

    ``data``: an rdflib Dataset (results mapped to named graphs), a Graph (one graph), a
    ``LoadedGraph`` (results mapped to files by its ``file_spans``, else to the single file of
    a graph in its ``graph_files``), or a :class:`ReasonedGraph` (the build's). The caller's
    graph is never modified.
    """
    options = (options or ValidationOptions()).checked()
    union = _union(data, options)
    locations = options.shape_locations()
    shapes_graph = load_shapes(locations)
    engine = check_shacl_engine(options.shacl_engine)
    # one Store for the oxigraph SHACL engine and the QC queries
    store = new_store(union.quads) if options.qc or engine == "oxigraph" else None
    report = _run_shacl(union, shapes_graph, options, locations, store)
    results = reading.shacl_results(report, union.labels, shapes_graph)
    return _finish(report, results, union, options, store if options.qc else None)


def _finish(report: Graph, results: list[Result], union: _Union, options: ValidationOptions,
            qc_store: ox.Store | None) -> ValidationOutcome:
    """QC rows, drafts as information, source files, counts and text: the same for a whole
    validation and an incremental one."""
    if qc_store is not None:
        qc = reading.qc_results(run_qc(qc_store, options.home), union.labels)
        reading.add_qc_to_report(report, qc)
        results = [*results, *qc]
    results = reading.drafts_as_info(report, results, _draft_nodes(union.quads))
    results = reading.with_sources(results, union.sources.files_of)
    if options.only_sources is not None:
        results = [r for r in results if options.only_sources.intersection(r.sources)]
        report = reading.restrict_report(report, results)
    counts = count_severities(results)
    conforms = counts["Violation"] == 0
    return ValidationOutcome(
        conforms=conforms, report_graph=report, text=render_results(results, conforms, counts),
        counts=counts, results=results,
    )


_STATUS = ox.NamedNode(str(MV.status))
_DRAFT = ox.NamedNode(str(MV.Draft))


def _draft_nodes(quads: list[ox.Quad]) -> set[Node]:
    """The nodes marked ``mv:status mv:Draft``, as the report's terms."""
    convert = FromOx()
    return {convert(q.subject) for q in quads
            if q.predicate == _STATUS and q.object == _DRAFT}


def validate_project(
    home: Path | None = None, options: ValidationOptions | None = None
) -> ValidationOutcome:
    """Validate the whole project graph (drafts included), each focus node mapped to its file."""
    home = home or (options.home if options and options.home else paths.home())
    options = _with_home(options, home)
    files = layout(home)
    if not files:
        raise InputError("no graph files found (expected ontology/ and data/)", home)
    return validate_graph(load_files(files, home), options)


def validate_files(
    targets: Sequence[Path], options: ValidationOptions | None = None
) -> ValidationOutcome:
    """Validate some files in the context of the project's ontology and reference data.

    Only results whose focus node is described in one of ``targets`` are reported.
    """
    home = options.home if options and options.home else paths.home()
    chosen = files_for(targets, home)
    chosen_paths = {path.resolve() for path, _g, _f in chosen}
    context = [
        (path, graph, fmt) for path, graph, fmt in layout(home)
        if fmt == "turtle" and path.resolve() not in chosen_paths
    ]
    # The chosen files first: a broken one fails fast, before the context is parsed.
    loaded = load_files([*chosen, *context], home)
    names = frozenset(display_path(path) for path, _g, _f in chosen)
    return validate_graph(loaded, replace(_with_home(options, home), only_sources=names))


def files_for(targets: Sequence[Path], home: Path) -> list[tuple[Path, URIRef, str]]:
    """(file, named graph, format) for the given files or folders, by the project's layout.

    A file outside the layout: a ``.trig`` is the source graph ``id:source/<stem>``, a ``.ttl``
    is reference data.
    """
    known = {path.resolve(): (graph, fmt) for path, graph, fmt in layout(home)}
    files: list[tuple[Path, URIRef, str]] = []
    for target in targets:
        if target.is_dir():
            found = sorted(p for p in target.rglob("*") if p.suffix in {".ttl", ".trig"})
            if not found:
                raise InputError("no .ttl or .trig files in this folder", target)
        else:
            found = [target]
        for path in found:
            if path.resolve() in known:
                graph, fmt = known[path.resolve()]
            elif path.suffix == ".trig":
                graph, fmt = source_graph(path.stem), "trig"
            elif path.suffix == ".ttl":
                graph, fmt = GRAPH_REFERENCE, "turtle"
            else:
                raise InputError("unsupported file type (expected .ttl or .trig)", path)
            files.append((path, graph, fmt))
    return files


def _with_home(options: ValidationOptions | None, home: Path) -> ValidationOptions:
    options = options or ValidationOptions()
    return options if options.home is not None else replace(options, home=home)


def _union(data: GraphInput, options: ValidationOptions) -> _Union:
    if isinstance(data, ReasonedGraph):
        loaded, inferred = data.loaded, list(data.inferred)
    elif isinstance(data, LoadedGraph):
        loaded, inferred = data, []
    else:
        dataset = data if isinstance(data, Dataset) else _as_dataset(data)
        loaded, inferred = LoadedGraph(dataset=dataset), []
    if not loaded.quads:  # a LoadedGraph made by hand from a dataset (and graph_files)
        loaded = loaded.replace(quads=list(quads_to_ox(iter_quads(loaded.dataset))))
    if options.reasoning == "rules":
        rules = load_rules(paths.rules_dir(options.home))
        inferred = materialize(loaded.dataset, engine=options.engine, rules=rules,
                               store=new_store(loaded.quads)).quads
    if loaded.file_spans:
        sources = SourceMap.of_loaded(loaded)
    else:
        sources = SourceMap.of_quads(loaded.quads, loaded.graph_files)
    quads = [*loaded.quads, *inferred]
    # a build's graph carries its inferences (labels included) as the Dataset did
    return _Union(quads, _labels(quads if isinstance(data, ReasonedGraph) else loaded.quads),
                  sources)


def _as_dataset(graph: Graph) -> Dataset:
    dataset = new_dataset()
    name = graph.identifier if isinstance(graph.identifier, URIRef) else GRAPH_REFERENCE
    target = dataset.graph(name)
    target.addN((s, p, o, target) for s, p, o in graph)
    return dataset


_LABELS = (ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(SKOS.prefLabel)))


class Labels:
    """The ``rdfs:label`` and ``skos:prefLabel`` of every node, for the report's labels:
    answers ``objects(node, predicate)`` as an rdflib Graph of those triples would (what
    :func:`multivector.validation.terms.label_of` asks), converting to rdflib terms only the
    labels asked for — a report names a handful of nodes, the graph has a label on most."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self._by_node: dict[tuple[ox.Term, ox.NamedNode], list[ox.Term]] = {}
        for q in quads:
            if q.predicate in _LABELS:
                found = self._by_node.setdefault((q.subject, q.predicate), [])
                if q.object not in found:
                    found.append(q.object)

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        try:
            key = (to_ox(subject), to_ox(predicate))
        except TypeError:
            return
        convert = FromOx()
        for term in self._by_node.get(key, ()):  # type: ignore[call-overload]
            yield convert(term)


def _labels(quads: list[ox.Quad]) -> Labels:
    """The labels of all graphs (for report labels), from the quads alone (no Dataset)."""
    return Labels(quads)


def _run_shacl(union: _Union, shapes_graph: Graph, options: ValidationOptions,
               locations: Sequence[Path], store: ox.Store | None = None) -> Graph:
    """pyshacl-turbo gets the union as N-Triples text (its Rust parser reads it); pySHACL gets
    it as a :class:`PreparedQueryGraph`; the ``oxigraph`` engine runs the compiled shapes on
    ``store`` (made from the union when not given). With the developer checks, the shapes are
    checked against SHACL-SHACL in the same run.

    Never turbo or pySHACL on triples read back from a pyoxigraph Store: a Store's copy turns
    ``xsd:nonNegativeInteger`` into ``xsd:integer`` and every evidence offset would fail its
    ``sh:datatype`` (the ``oxigraph`` engine decides those datatypes on the parsed quads).
    """
    key = shapes_key(f for location in locations for f in shape_files(location))
    engine = check_shacl_engine(options.shacl_engine)
    if engine == "oxigraph":
        try:
            plan = plan_for(shapes_graph, key)
            if options.dev:  # SHACL-SHACL on the shapes alone (the data plays no part)
                check_meta(shapes_graph, key)
            return run_oxigraph(store if store is not None else new_store(union.quads),
                                union.quads, shapes_graph, plan)
        except Unsupported as exc:
            if options.shacl_engine is not None:  # asked for by name: say why it cannot
                raise InputError(f"--shacl-engine oxigraph: {exc} is not compiled to SPARQL "
                                 "(use --shacl-engine turbo or pyshacl)") from None
            _LOG.warning("note: the shapes use %s, which the oxigraph SHACL engine does not "
                         "compile; validating with turbo", exc)
            engine = "turbo"
    triples = [q.triple for q in union.quads]
    if engine == "turbo":
        text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        return run_turbo(text, shapes_graph, meta=options.dev, shapes_id=key)
    graph = PreparedQueryGraph()
    convert = FromOx()
    graph.addN((convert(t.subject), convert(t.predicate), convert(t.object), graph)
               for t in triples)
    return run_pyshacl(graph, shapes_graph, meta=options.dev, shapes_id=key)
