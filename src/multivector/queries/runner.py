"""Running a named query: bind its parameters, pick the binding mechanism, keep the deadline.

:func:`run_query` is what the command line, the Python API, the benchmarks and the tests call:
first the query guard (``multivector.querylimits``: size, nesting depth, SERVICE) refuses what
could crash or misuse an engine, before any parser sees the text; then, in a worker process
killed at the deadline when a timeout is given (``deadline``) — so parsing counts too — it turns
parameter values into terms (``binding``), checks the query (``shape``: a form that gives a
table, parameters a VALUES block can reach), binds the terms by a VALUES block or by the
engine's own mechanism and runs the query on an engine (``engines``); it returns the columns the
query's ``# result:`` header names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Dataset, Literal
from rdflib.term import Node

from multivector.errors import InputError
from multivector.queries.binding import Resolver, bindings, with_values
from multivector.queries.deadline import call_with_deadline
from multivector.queries.engines import Answer, Engine, OxigraphEngine, RdflibEngine
from multivector.queries.inline import inline_values
from multivector.queries.prefixes import user_error
from multivector.queries.shape import check_parameters
from multivector.queries.sparqltext import projects, with_projected
from multivector.querylimits import QueryLimits, check_query, check_timeout
from multivector.results import ResultTable

if TYPE_CHECKING:
    from multivector.queries.catalogue import NamedQuery

BINDINGS = ("auto", "values", "native", "inline")
DEFAULT_TIMEOUT = 30.0


def run_query(
    query: NamedQuery,
    *,
    store: ox.Store | None = None,
    dataset: Dataset | None = None,
    engine: Engine | None = None,
    values: Mapping[str, str | Node] | None = None,
    resolve: Resolver | None = None,
    binding: str = "auto",
    timeout: float | None = None,
    limits: QueryLimits | None = None,
) -> ResultTable:
    """Run a SELECT (or ASK) query over the union of all graphs.

    The engine is ``engine`` if given, else pyoxigraph on ``store``, else rdflib on ``dataset``.
    ``binding="values"`` inserts the VALUES block (pyoxigraph);
    ``binding="inline"`` writes the terms where the parameters are used (``inline``: remote
    endpoints and Jena, which may not push a VALUES block into OPTIONAL/GRAPH sub-patterns);
    ``binding="native"`` uses pyoxigraph substitutions / rdflib initBindings instead (the oracle
    for tests; pyoxigraph substitutions cannot bind a parameter of a GROUP BY query);
    ``binding="auto"`` (the default) is VALUES everywhere except on rdflib, whose evaluator joins
    a VALUES block only after evaluating the rest of the group (orders of magnitude slower), so
    rdflib gets initBindings, and on pyoxigraph for a query whose header says
    ``# binding: native`` (Oxigraph joins a VALUES block to a UNION without pushing it into the
    branches: CQ12 at 100 k triples, 420 ms with VALUES, 18 ms with substitutions) or
    ``# binding: inline`` (the terms written into the text: Oxigraph's planner then sees
    constants — its plan depends on it, so each query says what was measured fastest at 1 M
    triples, ``docs/benchmarks.md``), and ``inline`` on any other engine (remote endpoints).
    The test-suite proves that all paths give the same rows.
    ``timeout`` (seconds) runs the query — parsing included — in a worker process that is killed
    at the deadline; a non-finite, non-positive or over-a-day timeout is an InputError.
    ``limits`` (default: :class:`~multivector.querylimits.QueryLimits()`) is the query guard.
    The table holds the selected columns the ``# result:`` header names (all of them if it names
    none); a parameter appears only when the query selects it.
    """
    if binding not in BINDINGS:
        raise ValueError(f"binding must be one of {BINDINGS}")
    timeout = check_timeout(timeout)
    check_query(query.user_text, limits, query.path)
    engine = _engine(engine, store, dataset)

    def work() -> tuple[Mapping[str, Node], Answer]:
        bound = bindings(query, values or {}, resolve)
        shape = check_parameters(query)
        if shape.form not in ("SELECT", "ASK"):
            raise InputError(
                f"query {query.name}: only SELECT and ASK queries give tables ({shape.form})",
                query.path,
            )
        return bound, _answer(engine, query, bound, binding)

    try:
        bound, answer = call_with_deadline(work, timeout, what=f"query {query.name}")
    except InputError as exc:  # positions in the author's text, not the predeclared one
        raise user_error(exc, len(query.predeclared)) from None
    if answer.form == "ASK":
        return ResultTable(columns=["answer"], rows=[[Literal(bool(answer.boolean))]])
    return _table(query, bound, answer)


def _engine(engine: Engine | None, store: ox.Store | None, dataset: Dataset | None) -> Engine:
    if engine is not None:
        return engine
    if store is not None:
        return OxigraphEngine(store)
    if dataset is not None:
        return RdflibEngine(dataset)
    raise ValueError("run_query needs an engine, a store or a dataset")


def _table(query: NamedQuery, bound: Mapping[str, Node], answer: Answer) -> ResultTable:
    """The answer's columns the query selects (a bound parameter only if projected), in the
    ``# result:`` header's order when it names them."""
    columns, rows = answer.columns, answer.rows
    projected = [c for c in columns if c not in bound or projects(query.text, c)]
    if projected != columns:
        keep = [columns.index(c) for c in projected]
        columns = projected
        rows = [[row[i] for i in keep] for row in rows]
    shown = [c for c in query.result if c in columns]
    if shown and shown != columns:
        index = [columns.index(c) for c in shown]
        columns = shown
        rows = [[row[i] for i in index] for row in rows]
    return ResultTable(columns=columns, rows=rows)


def _answer(engine: Engine, query: NamedQuery, bound: Mapping[str, Node], binding: str) -> Answer:
    if binding == "auto":
        if isinstance(engine, RdflibEngine):
            binding = "native"
        elif isinstance(engine, OxigraphEngine):
            binding = query.binding if query.binding in ("native", "inline") else "values"
        else:
            binding = "inline"
    if binding == "inline":
        return engine.answer(inline_values(query.text, bound, query.path), query.path)
    if binding == "values":
        return engine.answer(with_values(query.text, bound, query.path), query.path)
    if isinstance(engine, OxigraphEngine):
        text = with_projected(query.text, list(bound))
        return engine.answer(text, query.path, substitutions=bound)
    if isinstance(engine, RdflibEngine):
        return engine.answer(query.text, query.path, init_bindings=bound)
    raise InputError(f"engine {engine.name} has no native parameter binding; use VALUES")


__all__ = ["BINDINGS", "DEFAULT_TIMEOUT", "run_query"]
