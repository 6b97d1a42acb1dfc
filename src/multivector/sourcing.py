"""``--with-sources``: every row of an answer with the sources and quotes behind it.

One pattern for every query, named or ad hoc: the statement nodes behind a row are cited. They
are the row's cells that are statement nodes (``mv:SourcedStatement``), and the variables the
query's header names with ``# statement: m r`` — statement nodes the query matches but does not
show (CQ2's membership ``?m``), projected for the purpose (``sparqltext.with_projected``). Each
statement's evidence comes from ``queries/internal/sources/evidence.rq``: for an article's
statement the document, its title and the verbatim quote of each evidence annotation; for a
reference fact the reference source it is derived from (no quote).

The answer gets four columns — ``statement``, ``source``, ``sourceTitle``, ``quote`` (a name the
query already uses gets a ``cited_`` prefix) — and one row per row × statement × evidence; a row
with no statement behind it is kept once, the four cells empty.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from rdflib import URIRef
from rdflib.term import Node

from multivector.queries import Engine, NamedQuery, ResultTable, internal_query, run_query
from multivector.queries.sparqltext import with_projected

COLUMNS = ("statement", "source", "sourceTitle", "quote")


def sourced_query(query: NamedQuery) -> NamedQuery:
    """``query`` with its ``# statement:`` variables added to the columns it selects."""
    if not query.statements:
        return query
    result = [*query.result, *(v for v in query.statements if v not in query.result)]
    return dataclasses.replace(
        query, text=with_projected(query.text, query.statements),
        result=result if query.result else [],
    )


def with_sources(table: ResultTable, query: NamedQuery, engine: Engine) -> ResultTable:
    """``table`` (the answer of :func:`sourced_query` on ``engine``) with the sources of its
    rows, the ``# statement:`` columns folded into ``statement``."""
    hidden = [c for c in query.statements if c in table.columns]
    shown = [i for i, c in enumerate(table.columns) if c not in hidden]
    statement_cells = [table.columns.index(c) for c in hidden]
    columns = [table.columns[i] for i in shown]
    columns += [f"cited_{c}" if c in columns else c for c in COLUMNS]
    evidence = _Evidence(engine)
    rows: list[list[Node | None]] = []
    seen: set[tuple] = set()
    for row in table.rows:
        visible = [row[i] for i in shown]
        candidates = [row[i] for i in statement_cells] + visible
        statements = [n for n in dict.fromkeys(candidates) if isinstance(n, URIRef)]
        cited = [(s, e) for s in statements for e in evidence(s)]
        for statement, (source, title, quote) in cited or [(None, (None, None, None))]:
            out = [*visible, statement, source, title, quote]
            key = tuple(out)
            if key not in seen:
                seen.add(key)
                rows.append(out)
    return ResultTable(columns=columns, rows=rows)


class _Evidence:
    """(source, title, quote) rows of one node, asked once per node."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.query = internal_query("sources/evidence")
        self.cache: dict[URIRef, list[tuple[Node | None, ...]]] = {}

    def __call__(self, node: URIRef) -> list[tuple[Node | None, ...]]:
        if node not in self.cache:
            answer = run_query(self.query, engine=self.engine, values={"statement": node},
                               binding="values")
            self.cache[node] = [tuple(row) for row in answer.rows]
        return self.cache[node]


def run_with_sources(query: NamedQuery, engine: Engine,
                     run: Callable[[NamedQuery], ResultTable]) -> ResultTable:
    """``run`` (a :func:`run_query` with the caller's values and limits) on the sourced query,
    then the sources of its rows from ``engine``."""
    return with_sources(run(sourced_query(query)), query, engine)


__all__ = ["COLUMNS", "run_with_sources", "sourced_query", "with_sources"]
