"""``KnowledgeGraph``: the graph as one Python object — load once, then query, validate, export.

The command line and scripts share this object, so ``multivector query`` and
``kg.query(...)`` bind parameters, resolve names and skip drafts the same way::

    from multivector import KnowledgeGraph
    kg = KnowledgeGraph.load()
    rows = kg.query("CQ1", a="CSTO", b="TurkicCouncil", date="2017-06-22")
    rows[0].stateLabel  # rdflib Literal('Kazakhstan', lang='en')

Rows are named tuples whose fields are the query's columns; every value is an rdflib term
(``URIRef``, ``Literal``) or ``None`` for an unbound cell, so no datatype or language is lost;
``rows.values()`` gives plain Python values (``datetime.date``, ``int``, ``str``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from multivector import paths, workspace
from multivector.errors import InputError
from multivector.queries import (
    DEFAULT_TIMEOUT,
    Engine,
    NamedQuery,
    ResultTable,
    catalogue,
    check_engine,
    make_engine,
    parse_query_text,
    run_query,
)
from multivector.querylimits import QueryLimits
from multivector.querystore import named_quads
from multivector.resolve import Resolver
from multivector.results import python_value, records
from multivector.workspace import Origin

if TYPE_CHECKING:  # imported when used: the validation gate pulls in the SHACL engines
    from rdflib import Dataset
    from rdflib.term import Node

    from multivector.validation.gate import ReasonedGraph, ValidationOptions
    from multivector.validation.outcome import ValidationOutcome


class Rows(list):
    """The answer: a list of named-tuple rows, plus ``columns`` and the underlying ``table``."""

    def __init__(self, table: ResultTable) -> None:
        super().__init__(records(table))
        self.table = table
        self.columns = list(table.columns)

    def values(self) -> list[tuple[Any, ...]]:
        """The rows with plain Python values (literals via ``toPython()``, IRIs as str)."""
        return [tuple(python_value(v) for v in row) for row in self.table.rows]

    def to_df(self) -> Any:
        """A pandas DataFrame with typed columns in the query's variable order
        (``multivector.frames``); pandas is the optional extra ``multivector[pandas]``."""
        from multivector.frames import to_frame

        return to_frame(self.columns, self.table.rows)

    def __str__(self) -> str:
        return self.table.render()


class KnowledgeGraph:
    """The built graph (with inferences), drafts excluded unless asked for.

    ``store`` is the pyoxigraph Store the queries run on: inside a workspace the persistent
    store ``dist/store`` opened read-only (rebuilt first when its sources changed,
    :mod:`multivector.diskstore`), outside one the release packaged in the wheel
    (:mod:`multivector.release`). ``dataset`` (the same graph as an ``rdflib.Dataset``, for
    the rdflib engine, SHACL and exports) is made from the store the first time it is used.
    """

    def __init__(
        self,
        dataset: Dataset | None,
        store: ox.Store,
        *,
        home: Path | None = None,
        engine: str = "oxigraph",
        include_drafts: bool = False,
        graph_files: dict | None = None,
        origin: Origin | None = None,
        quads: list[ox.Quad] | Path | None = None,
    ) -> None:
        self._dataset = dataset
        self.store = store
        self.origin = origin or Origin("workspace", home or paths.home())
        self.home = home or self.origin.path
        self.engine = engine
        self.include_drafts = include_drafts
        self._graph_files = graph_files
        self._queries: dict[str, NamedQuery] | None = None
        self._quads = quads
        self._reasoned: ReasonedGraph | None = None

    @classmethod
    def load(
        cls,
        home: Path | str | Origin | None = None,
        *,
        engine: str = "oxigraph",
        include_drafts: bool = False,
    ) -> KnowledgeGraph:
        """The graph of the workspace (``home``, ``$MULTIVECTOR_HOME``, or found from the cwd),
        else the packaged release.

        In a workspace, ``engine="oxigraph"`` without drafts opens the persistent store
        (rebuilding it first when stale: one line on stderr says so); ``engine="rdflib"`` or
        ``include_drafts=True`` loads the sources and runs the rules in memory, as ``build``
        does.
        """
        check_engine(engine)
        origin = home if isinstance(home, Origin) else workspace.for_reading(home)
        options = {"engine": engine, "include_drafts": include_drafts, "origin": origin}
        if origin.is_release:
            from multivector import release

            return cls(None, release.open_store(origin.path), home=origin.path,
                       quads=release.exact_quads(origin.path), **options)
        root = origin.path
        if include_drafts or engine != "oxigraph":
            built = built_graph(root, engine=engine, include_drafts=include_drafts)
            kg = cls(built.dataset, built.store, home=root, graph_files=built.graph_files,
                     quads=built.quads, **options)
            kg._reasoned = built.reasoned
            return kg
        from multivector import diskstore

        built: list[BuiltGraph] = []

        def build() -> list[ox.Quad]:
            built.append(built_graph(root))
            return built[0].quads

        try:
            folder = diskstore.ensure(
                root, build,
                on_rebuild=lambda state: _say(
                    f"multivector: the store {diskstore.link(root)} is {state}; rebuilding it"
                ),
            )
        except OSError as exc:  # dist/ not writable (a read-only checkout): answer from memory
            _say(f"multivector: cannot write the store {diskstore.link(root)} "
                 f"({exc.strerror or exc}); answering from memory")
            memory = built[0] if built else built_graph(root)
            kg = cls(memory.dataset, memory.store, home=root, graph_files=memory.graph_files,
                     quads=memory.quads, **options)
            kg._reasoned = memory.reasoned
            return kg
        return cls(None, diskstore.open_read_only(folder), home=root,
                   quads=diskstore.exact_quads(folder), **options)

    def quads(self) -> list[ox.Quad]:
        """Every named-graph quad, terms exactly as in the sources (``diskstore.exact_quads``)."""
        if isinstance(self._quads, Path):
            self._quads = _read_quads(self._quads)
        elif self._quads is None:
            if self._dataset is not None:
                from multivector.loading import iter_quads
                from multivector.terms import quads_to_ox

                self._quads = list(quads_to_ox(iter_quads(self._dataset)))
            else:
                self._quads = list(named_quads(self.store))
        return self._quads

    @property
    def dataset(self) -> Dataset:
        """The graph as an ``rdflib.Dataset`` (one named graph per source, inferences included),
        made on first use."""
        if self._dataset is None:
            from multivector.loading import new_dataset
            from multivector.terms import FromOx

            dataset = new_dataset()
            term = FromOx()
            graphs: dict[Any, Any] = {}
            for q in self.quads():
                graph = graphs.get(q.graph_name)
                if graph is None:
                    graph = graphs[q.graph_name] = dataset.graph(term(q.graph_name))
                graph.add((term(q.subject), term(q.predicate), term(q.object)))
            self._dataset = dataset
        return self._dataset

    @property
    def graph_files(self) -> dict:
        """Named graph -> the workspace files that feed it (empty for the packaged release)."""
        if self._graph_files is None:
            self._graph_files = {}
            if not self.origin.is_release:
                from multivector.loading import layout

                for path, graph, _fmt in layout(self.home):
                    self._graph_files.setdefault(graph, []).append(path)
        return self._graph_files

    # -- queries ------------------------------------------------------------------------------

    @property
    def queries(self) -> dict[str, NamedQuery]:
        """The named queries of ``queries/`` (not ``queries/qc/``), by name."""
        if self._queries is None:
            self._queries = catalogue(paths.queries_dir(self.home))
        return self._queries

    def engine_for(self, name: str | None = None) -> Engine:
        chosen = check_engine(name or self.engine)
        # the Dataset is made from the store only for the engine that needs it
        dataset = self.dataset if chosen != "oxigraph" else None
        return make_engine(chosen, store=self.store, dataset=dataset)  # type: ignore[arg-type]

    def named(self, query: str | NamedQuery) -> NamedQuery:
        """A catalogued query by name, or ad-hoc SPARQL text (which may carry a header)."""
        if isinstance(query, NamedQuery):
            return query
        if query in self.queries:
            return self.queries[query]
        if "{" in query:
            return parse_query_text(query, Path("<query>"), require_name=False)
        known = ", ".join(self.queries) or "none"
        raise InputError(f"unknown query {query!r} (known: {known})")

    def table(
        self,
        query: str | NamedQuery,
        params: dict[str, str | Node] | None = None,
        *,
        engine: str | Engine | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        limits: QueryLimits | None = None,
        with_sources: bool = False,
    ) -> ResultTable:
        """Run a query; ``params`` by name (IRIs, CURIEs, names, dates as text, or terms).

        ``timeout`` (seconds, default 30; None: no limit) stops the query, parsing included, in a
        worker process; ``limits`` is the query guard (default ``QueryLimits()``: 256 KiB, depth
        500, no SERVICE) — the same as ``multivector query``'s. ``with_sources`` adds the
        columns ``statement``, ``source``, ``sourceTitle``, ``quote`` (``multivector.sourcing``).
        """
        chosen = engine if engine is not None and not isinstance(engine, str) else (
            self.engine_for(engine)  # type: ignore[arg-type]
        )
        named = self.named(query)

        def run(which: NamedQuery) -> ResultTable:
            return run_query(
                which, engine=chosen, values=python_params(named, params or {}),
                resolve=self.resolver(chosen), timeout=timeout, limits=limits,
            )

        if with_sources:
            from multivector.sourcing import run_with_sources

            return run_with_sources(named, chosen, run)
        return run(named)

    def query(
        self,
        query: str | NamedQuery,
        *,
        engine: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        limits: QueryLimits | None = None,
        with_sources: bool = False,
        **params: Any,
    ) -> Rows:
        """Run a named query (or SPARQL text) with keyword parameters; returns :class:`Rows`.

        ``timeout``, ``limits`` and ``with_sources`` as in :meth:`table`. Values: text (IRIs,
        CURIEs, names, ``YYYY-MM-DD``), rdflib terms, ``datetime.date`` or ``datetime.datetime``
        for dates, ``int`` (or an integral number) for integers."""
        return Rows(self.table(query, dict(params), engine=engine, timeout=timeout,
                               limits=limits, with_sources=with_sources))

    def resolver(self, engine: Engine | None = None) -> Resolver:
        return Resolver(engine or self.engine_for())

    def resolve(self, name: str) -> Node:
        """The entity a name, ISO code or metonym denotes (``"KZ"`` -> ``id:Kazakhstan``)."""
        return self.resolver().resolve(name)

    # -- validation and export ----------------------------------------------------------------

    def validate(self, options: ValidationOptions | None = None) -> ValidationOutcome:
        """The validation gate on this graph — the same checks as ``multivector validate`` and
        ``build`` (SHACL shapes and QC queries): a ``ValidationOutcome``, which unpacks as
        ``conforms, report_graph, text``. The graph is validated as it is (already
        materialized; drafts only if it was loaded with them)."""
        from multivector.validation import validate_graph
        from multivector.validation.gate import ValidationOptions

        options = replace(options or ValidationOptions(), reasoning="none", home=self.home)
        if self._reasoned is not None:
            return validate_graph(self._reasoned, options)
        return validate_graph(self.dataset, options)

    def export(self, path: Path | str, format: str | None = None) -> Path:  # noqa: A002
        """Write the graph in ``format`` (ttl, nt, nq, trig, jsonld, xml; default: by suffix)."""
        from multivector.export import export_file

        return export_file(None, Path(path), format, quads=self.quads())

    def panel(
        self,
        kind: str,
        *,
        first: int | None = None,
        last: int | None = None,
        states: list[str] | tuple[str, ...] = (),
        orgs: list[str] | tuple[str, ...] = (),
    ) -> Any:
        """A table as a pandas DataFrame: ``"country-year"``, ``"dyad-year"``, ``"events"`` or
        ``"balance"`` (one state in ``states``); codebook in docs/panels.md. Needs the extra
        ``multivector[panels]``."""
        from multivector.panels import build_panel

        return build_panel(self, kind, first=first, last=last, states=states, orgs=orgs)

    def __len__(self) -> int:
        """The number of quads in the named graphs (the union copy in the default graph, see
        ``multivector.querystore``, is not counted)."""
        return sum(1 for _ in named_quads(self.store))


@dataclass
class BuiltGraph:
    dataset: Dataset
    store: ox.Store
    graph_files: dict
    #: the named-graph quads, terms exactly as parsed (the store normalizes literals)
    quads: list[ox.Quad]
    #: the loaded project and its inferences, as the validation gate takes them
    reasoned: ReasonedGraph


def built_graph(
    home: Path, *, engine: str = "oxigraph", include_drafts: bool = False
) -> BuiltGraph:
    """Load ``home`` and run the rules (with ``engine``), drafts dropped before the rules unless
    asked for (``multivector.build.reason``): the graph every read command answers from (the
    persistent store holds exactly this)."""
    from multivector.build import reason
    from multivector.validation.gate import ReasonedGraph

    built = reason(home, engine=engine, include_drafts=include_drafts)
    if engine == "oxigraph":
        quads = built.all_quads()
    else:
        from multivector.loading import iter_quads
        from multivector.terms import quads_to_ox

        quads = list(quads_to_ox(iter_quads(built.dataset)))
    return BuiltGraph(built.dataset, built.store, built.loaded.graph_files, quads,
                      ReasonedGraph(built.loaded, built.materialization.quads))


def python_params(query: NamedQuery, params: dict[str, Any]) -> dict[str, Any]:
    """Python values turned into the text the parameter types read (dates, numbers); any other
    type is a one-line InputError naming the parameter."""
    import datetime as dt
    import numbers

    from rdflib.term import Node

    types = {p.name: p.type for p in query.params}
    converted: dict[str, Any] = {}
    for name, value in params.items():
        kind = types.get(name)
        if kind is None or isinstance(value, (str, Node)):
            converted[name] = value  # unknown names and text: run_query reports / parses them
        elif kind == "date" and isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            converted[name] = day.isoformat()
        elif (kind == "integer" and isinstance(value, numbers.Number)
              and not isinstance(value, bool) and _integral(value)):
            converted[name] = str(int(value))  # type: ignore[call-overload]
        else:
            wanted = {
                "date": "a date (YYYY-MM-DD text, datetime.date or datetime.datetime)",
                "integer": "an integer (int, or text of digits)",
                "iri": "an IRI, CURIE or name (str) or an rdflib term",
                "string": "a str or an rdflib Literal",
            }.get(kind, "a str")
            raise InputError(
                f"query {query.name}: parameter {name}: expected {wanted}, not "
                f"{type(value).__name__} {value!r}"
            )
    return converted


def _integral(value: Any) -> bool:
    try:
        return int(value) == value
    except (TypeError, ValueError, OverflowError):
        return False


def _read_quads(path: Path) -> list[ox.Quad]:
    """An N-Quads file (``.nq`` or ``.nq.gz``) parsed by pyoxigraph."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        import gzip

        data = gzip.decompress(data)
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def load(home: Path | str | None = None, **options: Any) -> KnowledgeGraph:
    """Shorthand for :meth:`KnowledgeGraph.load`."""
    return KnowledgeGraph.load(home, **options)


__all__ = ["BuiltGraph", "KnowledgeGraph", "Rows", "built_graph", "load"]
