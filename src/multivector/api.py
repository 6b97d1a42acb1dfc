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

from dataclasses import replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.term import Node

from multivector import paths
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

    def __str__(self) -> str:
        return self.table.render()


class KnowledgeGraph:
    """The built graph (with inferences), drafts excluded unless asked for."""

    def __init__(
        self,
        dataset: Dataset,
        store: ox.Store,
        *,
        home: Path | None = None,
        engine: str = "oxigraph",
        include_drafts: bool = False,
        graph_files: dict | None = None,
    ) -> None:
        self.dataset = dataset
        self.store = store
        self.home = home or paths.home()
        self.engine = engine
        self.include_drafts = include_drafts
        self.graph_files = graph_files or {}
        self._queries: dict[str, NamedQuery] | None = None
        self._reasoned: ReasonedGraph | None = None

    @classmethod
    def load(
        cls,
        home: Path | str | None = None,
        *,
        engine: str = "oxigraph",
        include_drafts: bool = False,
    ) -> KnowledgeGraph:
        """Load the project and materialize inferences (with ``engine``); drafts are dropped
        *before* the rules run unless ``include_drafts`` (``multivector.build.reason``)."""
        from multivector.build import reason

        check_engine(engine)
        root = Path(home).resolve() if home is not None else paths.home()
        built = reason(root, engine=engine, include_drafts=include_drafts)
        kg = cls(
            built.dataset, built.store, home=root, engine=engine, include_drafts=include_drafts,
            graph_files=built.loaded.graph_files,
        )
        kg._reasoned = ReasonedGraph(built.loaded, built.materialization.quads)
        return kg

    # -- queries ------------------------------------------------------------------------------

    @property
    def queries(self) -> dict[str, NamedQuery]:
        """The named queries of ``queries/`` (not ``queries/qc/``), by name."""
        if self._queries is None:
            self._queries = catalogue(paths.queries_dir(self.home))
        return self._queries

    def engine_for(self, name: str | None = None) -> Engine:
        return make_engine(name or self.engine, store=self.store, dataset=self.dataset)

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
    ) -> ResultTable:
        """Run a query; ``params`` by name (IRIs, CURIEs, names, dates as text, or terms).

        ``timeout`` (seconds, default 30; None: no limit) stops the query, parsing included, in a
        worker process; ``limits`` is the query guard (default ``QueryLimits()``: 256 KiB, depth
        500, no SERVICE) — the same as ``multivector query``'s.
        """
        chosen = engine if engine is not None and not isinstance(engine, str) else (
            self.engine_for(engine)  # type: ignore[arg-type]
        )
        return run_query(
            self.named(query), engine=chosen, values=params or {},
            resolve=self.resolver(chosen), timeout=timeout, limits=limits,
        )

    def query(
        self,
        query: str | NamedQuery,
        *,
        engine: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        limits: QueryLimits | None = None,
        **params: str | Node,
    ) -> Rows:
        """Run a named query (or SPARQL text) with keyword parameters; returns :class:`Rows`.

        ``timeout`` and ``limits`` as in :meth:`table`.
        """
        return Rows(self.table(query, dict(params), engine=engine, timeout=timeout,
                               limits=limits))

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

        options = replace(options or ValidationOptions(), reasoning="none", home=self.home)
        if self._reasoned is not None:
            return validate_graph(self._reasoned, options)
        return validate_graph(self.dataset, options)

    def export(self, path: Path | str, format: str | None = None) -> Path:  # noqa: A002
        """Write the graph in ``format`` (ttl, nt, nq, trig, jsonld, xml; default: by suffix)."""
        from multivector.export import export_file

        return export_file(self.dataset, Path(path), format)

    def __len__(self) -> int:
        """The number of quads in the named graphs (the union copy in the default graph, see
        ``multivector.querystore``, is not counted)."""
        return sum(1 for _ in named_quads(self.store))




def load(home: Path | str | None = None, **options: Any) -> KnowledgeGraph:
    """Shorthand for :meth:`KnowledgeGraph.load`."""
    return KnowledgeGraph.load(home, **options)


__all__ = ["KnowledgeGraph", "Rows", "load"]
