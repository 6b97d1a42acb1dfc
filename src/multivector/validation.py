"""SHACL validation of the project graph against ``shapes/``.

Why this module exists: pySHACL validates each named graph of a Dataset on its own, which would
hide every cross-graph fact (a source graph uses ``id:Kazakhstan``, the reference graph says it is
an ``mv:State``). So the union of all named graphs — ontology, reference, sources and the
materialized ``id:graph/inferred`` — is copied into one plain ``rdflib.Graph`` and validated with
``inference="none"``: the build's own rules (``reasoning/rules/``) already produced the
subclass types, and running RDFS/OWL-RL inside pySHACL again would be slow and would disagree
with the build. When the dataset has no inferred graph yet, :func:`multivector.materialize`
is run on it first (the caller's dataset is never modified).

Every result is turned into a :class:`Result` that says, besides the SHACL fields, which file(s)
the focus node comes from: the files whose triples have the focus node as subject.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.term import Node

from multivector import paths
from multivector.errors import InputError, ToolError
from multivector.loading import iter_quads, layout, parse_trig, parse_turtle
from multivector.namespaces import GRAPH_INFERRED, GRAPH_REFERENCE, SH, bind_prefixes, curie
from multivector.terms import quads_to_ox, to_ox

SEVERITIES: tuple[str, ...] = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Result:
    """One SHACL validation result, with where its focus node comes from."""

    severity: str
    focus: Node
    focus_label: str
    path: str
    value: Node | None
    component: str
    shape: str
    message: str
    sources: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        """The file(s) (or graph IRIs) the focus node comes from, as one string."""
        return ", ".join(self.sources) if self.sources else "(no source file)"

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "focus": str(self.focus),
            "focusLabel": self.focus_label,
            "path": self.path,
            "value": None if self.value is None else render_term(self.value),
            "component": self.component,
            "shape": self.shape,
            "message": self.message,
            "sources": list(self.sources),
        }


@dataclass
class ValidationOutcome:
    """What :func:`validate` returns; ``conforms`` is false only if there are violations."""

    conforms: bool
    report_graph: Graph
    text: str
    counts: dict[str, int]
    results: list[Result] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Shapes


def load_shapes(shapes: Path | None = None) -> Graph:
    """The shapes graph: every ``*.ttl`` of a folder (default ``shapes/``), or one file."""
    shapes = shapes or paths.shapes_dir()
    if shapes.is_dir():
        files = sorted(p for p in shapes.glob("*.ttl") if p.is_file())
        if not files:
            raise InputError("no shapes (*.ttl) found", shapes)
    elif shapes.exists():
        files = [shapes]
    else:
        raise InputError("no such shapes file or folder", shapes)
    graph = Graph()
    bind_prefixes(graph)
    for path in files:
        for triple in parse_turtle(path):
            graph.add(triple)
    return graph


# ---------------------------------------------------------------------------------------------
# Where focus nodes come from


class SourceMap:
    """subject -> the files (or graph IRIs) whose triples have it as subject."""

    def __init__(self) -> None:
        self._files: dict[Node, set[str]] = {}
        self._mentions: dict[Node, set[str]] = {}

    def add(self, subject: Node, origin: str) -> None:
        self._files.setdefault(subject, set()).add(origin)

    def add_mention(self, node: Node, origin: str) -> None:
        """``node`` appears as an object in ``origin`` (used when it is nowhere a subject)."""
        self._mentions.setdefault(node, set()).add(origin)

    def files_of(self, node: Node) -> tuple[str, ...]:
        """The files describing ``node``; else those mentioning it (an undescribed IRI)."""
        return tuple(sorted(self._files.get(node) or self._mentions.get(node) or ()))

    @classmethod
    def from_dataset(
        cls, dataset: Dataset, graph_files: Mapping[URIRef, Sequence[Path]] | None = None
    ) -> SourceMap:
        """Map by named graph: a graph's files (when known, and only one) or its IRI."""
        found = cls()
        graph_files = graph_files or {}
        origins: dict[URIRef, str] = {}  # one path resolution per graph, not per quad
        for s, _p, _o, g in iter_quads(dataset):
            if g == GRAPH_INFERRED:
                continue
            origin = origins.get(g)
            if origin is None:
                files = graph_files.get(g)
                origin = _display_path(files[0]) if files and len(files) == 1 else f"<{g}>"
                origins[g] = origin
            found.add(s, origin)
            found.add_mention(_o, origin)
        return found


class StoreSourceMap:
    """The same answers as :class:`SourceMap`, looked up in a pyoxigraph Store on demand.

    A report has a handful of focus nodes; indexing every subject of the graph up front (as
    :meth:`SourceMap.from_dataset` does) cost more than the SHACL run itself on the shipped graph.
    The Store's own indexes answer "which graphs have this node as subject (else object)".
    """

    def __init__(
        self, store: ox.Store, graph_files: Mapping[URIRef, Sequence[Path]] | None = None
    ) -> None:
        self._store = store
        self._graph_files = graph_files or {}
        self._inferred = ox.NamedNode(str(GRAPH_INFERRED))

    def _origin(self, graph: ox.NamedNode) -> str:
        files = self._graph_files.get(URIRef(graph.value))
        return _display_path(files[0]) if files and len(files) == 1 else f"<{graph.value}>"

    def _origins(self, subject: object, obj: object) -> set[str]:
        quads = self._store.quads_for_pattern(subject, None, obj, None)  # type: ignore[arg-type]
        return {
            self._origin(q.graph_name)
            for q in quads
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name != self._inferred
        }

    def files_of(self, node: Node) -> tuple[str, ...]:
        try:
            term = to_ox(node)
        except TypeError:
            return ()
        found = set() if isinstance(term, ox.Literal) else self._origins(term, None)
        return tuple(sorted(found or self._origins(None, term)))


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------------
# Validation


def union_graph(
    dataset: Dataset, *, rules_dir: Path | None = None, engine: str = "oxigraph"
) -> Graph:
    """All named graphs of ``dataset`` in one new Graph, with the inferred triples.

    If the dataset has no ``id:graph/inferred``, the project's rules are run (on a copy), by
    ``engine`` (``oxigraph``, the default, or ``rdflib``; both derive the same triples).
    """
    union = Graph()
    bind_prefixes(union)
    has_inferred = False
    for s, p, o, g in iter_quads(dataset):
        union.add((s, p, o))
        has_inferred = has_inferred or g == GRAPH_INFERRED
    if not has_inferred:
        from multivector.materialize import load_rules, materialize

        result = materialize(
            dataset, engine=engine, rules=load_rules(rules_dir or paths.rules_dir())
        )
        for triple in result.inferred:
            union.add(triple)
    return union


def union_ntriples(
    dataset: Dataset,
    *,
    quads: Sequence[ox.Quad] | None = None,
    rules_dir: Path | None = None,
    engine: str = "oxigraph",
) -> bytes:
    """The same triples as :func:`union_graph`, as N-Triples written by pyoxigraph.

    ``quads``: the dataset's quads as pyoxigraph terms when the caller has them (the build
    does: the parser's quads, plus the inferred ones). A Store's copy of the *asserted* quads
    must not be used — it turns ``xsd:nonNegativeInteger`` into ``xsd:integer`` and every
    evidence offset would fail its ``sh:datatype``. The inferred quads do come from the Store;
    no rule derives a literal today (a sub-property rule over offsets would; see
    ``docs/benchmarks.md``).
    """
    if quads is None:
        quads = list(quads_to_ox(iter_quads(dataset)))
    inferred = ox.NamedNode(str(GRAPH_INFERRED))
    triples = [q.triple for q in quads]
    if not any(q.graph_name == inferred for q in quads):
        from multivector.materialize import load_rules, materialize

        result = materialize(
            dataset, engine=engine, rules=load_rules(rules_dir or paths.rules_dir())
        )
        triples.extend(q.triple for q in result.quads)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def union_labels(dataset: Dataset) -> Graph:
    """The ``rdfs:label`` and ``skos:prefLabel`` triples of all graphs (for report labels)."""
    labels = Graph()
    for predicate in (RDFS.label, SKOS.prefLabel):
        found = dataset.quads((None, predicate, None, None))
        labels.addN((s, p, o, labels) for s, p, o, _g in found)
    return labels


@contextmanager
def prepared_sparql_cache() -> Iterator[None]:
    """Parse each SPARQL text once while pySHACL runs.

    pySHACL runs a SPARQL constraint once per focus node, passing the query *text*; rdflib
    re-parses it every time (about 0.1 s each — minutes over the whole graph). rdflib's prepared
    queries are meant to be reused with different ``initBindings``, so the parsed and translated
    query is cached by its text for the duration of the validation, then the original restored.
    """
    original = SPARQLProcessor.query
    cache: dict[tuple[str, str | None, tuple[tuple[str, str], ...]], object] = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            prepared = cache.get(key)
            if prepared is None:
                prepared = translateQuery(parseQuery(strOrQuery), base, initNs)
                cache[key] = prepared
            strOrQuery = prepared
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        SPARQLProcessor.query = original  # type: ignore[method-assign]


#: The SHACL engines :func:`validate` can use. ``pyshacl`` is the reference implementation;
#: ``turbo`` is pyshacl-turbo (Rust), same API, 10-40x faster here. ``tests/test_bench_parity.py``
#: checks that both give identical results (severity, focus, shape, component, path, value) on
#: every fixture under ``tests/fixtures/shapes/`` and on the shipped graph.
SHACL_ENGINES: tuple[str, ...] = ("pyshacl", "turbo")
DEFAULT_SHACL_ENGINE = "turbo"

_SHACL_OPTIONS: dict[str, object] = {
    "inference": "none",
    "abort_on_first": False,
    "allow_warnings": True,
    "meta_shacl": False,
    "advanced": False,
}


def check_shacl_engine(engine: str | None) -> str:
    """The engine name to use; an unknown or unavailable one is a one-line InputError."""
    engine = engine or DEFAULT_SHACL_ENGINE
    if engine not in SHACL_ENGINES:
        raise InputError(
            f"--shacl-engine: unknown engine {engine!r} (choose from {', '.join(SHACL_ENGINES)})"
        )
    if engine == "turbo":
        try:
            import pyshacl_turbo  # noqa: F401
        except ImportError:
            raise InputError(
                "--shacl-engine turbo: pyshacl-turbo is not installed "
                "(pip install pyshacl-turbo, or use --shacl-engine pyshacl)"
            ) from None
    return engine


def run_shacl(data: Graph, shapes_graph: Graph, *, engine: str | None = None) -> Graph:
    """Validate ``data`` against ``shapes_graph`` with one engine; returns the report graph.

    Both inputs must be rdflib Graphs: pyshacl-turbo given a pyoxigraph Store for the data and
    an rdflib Graph for the shapes reads ``sh:in`` lists differently (thousands of spurious
    results), so the two engines are always fed the very same objects.
    """
    engine = check_shacl_engine(engine)
    try:
        if engine == "turbo":
            from pyshacl_turbo import validate as turbo_validate

            _conforms, report, _text = turbo_validate(
                data, shacl_graph=shapes_graph, **_SHACL_OPTIONS
            )
        else:
            with prepared_sparql_cache():
                _conforms, report, _text = shacl_validate(
                    data, shacl_graph=shapes_graph, **_SHACL_OPTIONS
                )
    except Exception as exc:  # both raise ReportableRuntimeError and others
        raise ToolError(
            f"SHACL validation ({engine}) failed to run: {' '.join(str(exc).split())}"
        ) from None
    if not isinstance(report, Graph):
        raise ToolError(f"SHACL validation ({engine}) returned no report graph")
    return report


def run_turbo_ntriples(ntriples: bytes, shapes_graph: Graph) -> Graph:
    """pyshacl-turbo on N-Triples text: the data goes straight to its Rust parser.

    Handing it an rdflib Graph makes it walk every triple in Python to pass the terms over —
    a third of its time at 100 k triples, and the rdflib union Graph itself must be built first
    (~30 s and 1.8 GB at 1 M). ``pyshacl_turbo.rdf.Input`` with the ``oxigraph-nquads`` format
    is the form its own Store path uses (N-Triples is a subset of N-Quads); it is not in the
    package's ``__all__``, hence the version pin in pyproject.toml and the parity test, which
    checks this path against pySHACL on every fixture and on the shipped graph.
    """
    from pyshacl_turbo import validate as turbo_validate
    from pyshacl_turbo.rdf import Input

    data = Input(ntriples.decode("utf-8"), "oxigraph-nquads", None, {}, {}, preserve_ids=True)
    try:
        _conforms, report, _text = turbo_validate(data, shacl_graph=shapes_graph, **_SHACL_OPTIONS)
    except Exception as exc:
        raise ToolError(
            f"SHACL validation (turbo) failed to run: {' '.join(str(exc).split())}"
        ) from None
    if not isinstance(report, Graph):
        raise ToolError("SHACL validation (turbo) returned no report graph")
    return report


def validate(
    dataset: Dataset,
    *,
    shapes: Path | None = None,
    graph_files: Mapping[URIRef, Sequence[Path]] | None = None,
    sources: SourceMap | StoreSourceMap | None = None,
    only_sources: Iterable[str] | None = None,
    home: Path | None = None,
    shacl_engine: str | None = None,
    engine: str = "oxigraph",
    quads: Sequence[ox.Quad] | None = None,
    store: ox.Store | None = None,
) -> ValidationOutcome:
    """Validate the union of ``dataset``'s named graphs against the shapes.

    ``shacl_engine`` picks the SHACL implementation (:data:`SHACL_ENGINES`; default
    :data:`DEFAULT_SHACL_ENGINE`); both give the same results (``tests/test_bench_parity.py``).
    pySHACL gets the union as an rdflib Graph, pyshacl-turbo as N-Triples text
    (:func:`run_turbo_ntriples`); ``quads`` are the dataset's quads as pyoxigraph terms, when
    the caller has them (saves converting); ``store``, the project's query store holding the
    same quads, answers which files a focus node comes from (:class:`StoreSourceMap`).

    ``graph_files`` (core's ``LoadedGraph.graph_files``) or ``sources`` say which file each focus
    node comes from; without them the named graph's IRI is reported. With ``only_sources``, only
    results whose focus node comes from one of those files are kept (the rest is context).
    """
    shapes_graph = load_shapes(shapes or paths.shapes_dir(home))
    rules_dir = paths.rules_dir(home)
    if check_shacl_engine(shacl_engine) == "turbo":
        text = union_ntriples(dataset, quads=quads, rules_dir=rules_dir, engine=engine)
        report = run_turbo_ntriples(text, shapes_graph)
        labels = union_labels(dataset)
    else:
        labels = union_graph(dataset, rules_dir=rules_dir, engine=engine)
        report = run_shacl(labels, shapes_graph, engine=shacl_engine)
    if sources is None:
        sources = (
            StoreSourceMap(store, graph_files) if store is not None
            else SourceMap.from_dataset(dataset, graph_files)
        )
    results = _results(report, labels, shapes_graph, sources)
    if only_sources is not None:
        keep = set(only_sources)
        results = [r for r in results if keep.intersection(r.sources)]
        report = _restrict_report(report, results)
    counts = {severity: 0 for severity in SEVERITIES}
    for result in results:
        counts[result.severity] = counts.get(result.severity, 0) + 1
    from multivector.report import render_text

    outcome = ValidationOutcome(
        conforms=counts["Violation"] == 0,
        report_graph=report,
        text="",
        counts=counts,
        results=results,
    )
    outcome.text = render_text(outcome)
    return outcome


def _results(
    report: Graph, data: Graph, shapes: Graph, sources: SourceMap | StoreSourceMap
) -> list[Result]:
    results: list[Result] = []
    # Only the report's own results: nested sh:detail results (from sh:node) are not repeated.
    for node in _top_level_results(report):
        severity_iri = report.value(node, SH.resultSeverity)
        severity = str(severity_iri).rsplit("#", 1)[-1] if severity_iri else "Violation"
        focus = _simple(report.value(node, SH.focusNode))
        path = report.value(node, SH.resultPath)
        shape = report.value(node, SH.sourceShape)
        component = report.value(node, SH.sourceConstraintComponent)
        results.append(
            Result(
                severity=severity,
                focus=focus,  # type: ignore[arg-type]
                focus_label=label_of(data, focus),
                path=render_path(report, path) if path is not None else "",
                value=_simple(report.value(node, SH.value)),
                component=curie(component) if component is not None else "",
                shape=_shape_name(shapes, shape),
                message=_message(report, node),
                sources=sources.files_of(focus) if focus is not None else (),
            )
        )
    order = {s: i for i, s in enumerate(SEVERITIES)}
    results.sort(
        key=lambda r: (r.source, order.get(r.severity, 9), str(r.focus), r.shape, r.path,
                       render_term(r.value) if r.value is not None else "", r.message)
    )
    return results


def _simple(term: Node | None) -> Node | None:
    """``"x"^^xsd:string`` as the plain literal ``"x"``: the same RDF 1.1 term, which rdflib
    keeps apart (pyshacl-turbo's report, read from N-Triples, writes the datatype out)."""
    if isinstance(term, Literal) and term.datatype == XSD.string and not term.language:
        return Literal(str(term))
    return term


def _top_level_results(report: Graph) -> list[Node]:
    found: list[Node] = []
    for root in report.subjects(RDF.type, SH.ValidationReport):
        found.extend(report.objects(root, SH.result))
    return found


def _restrict_report(report: Graph, kept: list[Result]) -> Graph:
    """A copy of the report holding only the results whose focus nodes were kept."""
    keep_focus = {r.focus for r in kept}
    out = Graph()
    bind_prefixes(out)
    out_root = BNode()
    out.add((out_root, RDF.type, SH.ValidationReport))
    out.add((out_root, SH.conforms, Literal(not any(r.severity == "Violation" for r in kept))))
    for node in _top_level_results(report):
        if report.value(node, SH.focusNode) not in keep_focus:
            continue
        out.add((out_root, SH.result, node))
        _copy_closure(report, node, out)
    return out


def _copy_closure(source: Graph, node: Node, target: Graph) -> None:
    todo = [node]
    seen: set[Node] = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for p, o in source.predicate_objects(current):
            target.add((current, p, o))
            if isinstance(o, BNode):
                todo.append(o)


def label_of(graph: Graph, node: Node | None) -> str:
    """The English rdfs:label of ``node`` (else any label, else skos:prefLabel, else '')."""
    if node is None:
        return ""
    labels = list(graph.objects(node, RDFS.label)) or list(graph.objects(node, SKOS.prefLabel))
    literals = [lab for lab in labels if isinstance(lab, Literal)]
    for lab in sorted(literals):
        if lab.language and lab.language.lower().startswith("en"):
            return str(lab)
    return str(sorted(literals)[0]) if literals else ""


def render_term(term: Node) -> str:
    """A term for people: IRIs as CURIEs, literals in Turtle-like form."""
    if isinstance(term, URIRef):
        return curie(term)
    if isinstance(term, Literal):
        text = f'"{term}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^{curie(term.datatype)}"
        return text
    return f"_:{term}"


def render_path(graph: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL syntax (``^mv:holder``, ``a/b``, ``a|b``, ``a*``)."""
    if isinstance(path, URIRef):
        return curie(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + render_path(graph, inverse)
    for predicate, suffix in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"({render_path(graph, inner)}){suffix}"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(render_path(graph, p) for p in Collection(graph, alternatives)) + ")"
    if graph.value(path, RDF.first) is not None:
        return "/".join(render_path(graph, p) for p in Collection(graph, path))
    return str(path)


SHAPES_NS = "https://w3id.org/multivector/shapes#"


def shape_curie(iri: URIRef) -> str:
    """``mvsh:MembershipShape`` for the project's shapes, else :func:`curie`."""
    text = str(iri)
    return "mvsh:" + text[len(SHAPES_NS):] if text.startswith(SHAPES_NS) else curie(iri)


def _shape_name(shapes: Graph, shape: Node | None) -> str:
    """A named shape as a CURIE; a blank property shape as ``<parent> [path]``."""
    if shape is None:
        return ""
    if isinstance(shape, URIRef):
        return shape_curie(shape)
    for parent in shapes.subjects(SH.property, shape):
        path = shapes.value(shape, SH.path)
        inner = render_path(shapes, path) if path is not None else "?"
        return f"{_shape_name(shapes, parent)} [{inner}]"
    return "_:" + str(shape)


def _message(report: Graph, node: Node) -> str:
    messages = [m for m in report.objects(node, SH.resultMessage) if isinstance(m, Literal)]
    for message in sorted(messages):
        if message.language and message.language.lower().startswith("en"):
            return " ".join(str(message).split())
    return " ".join(str(sorted(messages)[0]).split()) if messages else ""


# ---------------------------------------------------------------------------------------------
# Validating some files, with the ontology and reference data as context


def files_for(targets: Sequence[Path], home: Path) -> list[tuple[Path, URIRef, str]]:
    """(file, named graph, format) for the given files or folders, by the project's layout."""
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
                from multivector.namespaces import source_graph

                graph, fmt = source_graph(path.stem), "trig"
            elif path.suffix == ".ttl":
                graph, fmt = GRAPH_REFERENCE, "turtle"
            else:
                raise InputError("unsupported file type (expected .ttl or .trig)", path)
            files.append((path, graph, fmt))
    return files


def load_with_sources(files: Sequence[tuple[Path, URIRef, str]]) -> tuple[Dataset, SourceMap]:
    """Parse each file once (core's strict parsers), remembering the file of each subject."""
    dataset = Dataset()
    bind_prefixes(dataset)
    sources = SourceMap()
    for path, graph_name, fmt in files:
        parsed = parse_trig(path, graph_name) if fmt == "trig" else parse_turtle(path)
        target = dataset.graph(graph_name)
        origin = _display_path(path)
        for triple in parsed:
            target.add(triple)
            sources.add(triple[0], origin)
            sources.add_mention(triple[2], origin)
    return dataset, sources


def load_with_context(
    targets: Sequence[Path], home: Path | None = None
) -> tuple[Dataset, SourceMap, list[str]]:
    """Load ``targets`` plus the project's ontology and reference files as context.

    Returns the dataset, the per-file source map and the display names of the target files.
    """
    home = home or paths.home()
    chosen = files_for(targets, home)
    chosen_paths = {path.resolve() for path, _g, _f in chosen}
    context = [
        (path, graph, fmt)
        for path, graph, fmt in layout(home)
        if fmt == "turtle" and path.resolve() not in chosen_paths
    ]
    # The chosen files first: a broken one fails fast, before the context is parsed.
    dataset, sources = load_with_sources([*chosen, *context])
    return dataset, sources, [_display_path(path) for path, _g, _f in chosen]


def validate_files(
    targets: Sequence[Path],
    *,
    home: Path | None = None,
    shapes: Path | None = None,
    shacl_engine: str | None = None,
    engine: str = "oxigraph",
) -> ValidationOutcome:
    """Validate some files in the context of the project's ontology and reference data.

    Only results whose focus node is described in one of ``targets`` are reported.
    """
    home = home or paths.home()
    dataset, sources, names = load_with_context(targets, home)
    return validate(
        dataset, shapes=shapes or paths.shapes_dir(home), sources=sources, only_sources=names,
        home=home, shacl_engine=shacl_engine, engine=engine,
    )


def validate_project(
    home: Path | None = None,
    *,
    shapes: Path | None = None,
    shacl_engine: str | None = None,
    engine: str = "oxigraph",
) -> ValidationOutcome:
    """Validate the whole project graph, each focus node mapped to its own file."""
    home = home or paths.home()
    files = layout(home)
    if not files:
        raise InputError("no graph files found (expected ontology/ and data/)", home)
    dataset, sources = load_with_sources(files)
    return validate(
        dataset, shapes=shapes or paths.shapes_dir(home), sources=sources, home=home,
        shacl_engine=shacl_engine, engine=engine,
    )
