"""What rdflib's SPARQL parser tells about a query, and the check that VALUES binding is exact.

A VALUES block at the top of the WHERE group does not reach a FILTER or BIND inside a nested
group (SPARQL evaluates groups bottom-up), so :func:`check_parameters` parses every catalogued
query and rejects a parameter tested in a nested group where that group does not itself bind it.
:func:`query_shape` also gives the form (SELECT, ASK…), the variables, the ORDER BY keys and
whether the query aggregates — and recognises a SPARQL Update, which querying refuses.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib.term import Node

from multivector.errors import InputError, one_line

if TYPE_CHECKING:
    from multivector.queries.catalogue import NamedQuery

QUERY_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


@dataclass(frozen=True)
class Shape:
    """What the parser tells about a query: its form, variables, ORDER BY keys, aggregation."""

    form: str
    variables: frozenset[str]
    order_by: tuple[str, ...]
    grouped: bool
    #: (variable, FILTER/BIND) tested where a top-level VALUES block cannot reach
    nested_tests: tuple[tuple[str, str], ...]


@functools.lru_cache(maxsize=256)
def _parse(text: str) -> Any:
    from rdflib.plugins.sparql.parser import parseQuery

    return parseQuery(text)


def query_shape(text: str, where: Path | str = "query") -> Shape:
    """Parse ``text`` as a SPARQL query (never an update); raises InputError.

    A SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY…) is recognised
    by parsing it as one, and refused: querying is read-only. Shapes are cached on disk
    (``multivector.shapecache``): the parser is slow to import and to run.
    """
    from multivector import shapecache

    cached = shapecache.get(text)
    if cached is not None:
        return Shape(
            form=cached["form"], variables=frozenset(cached["variables"]),
            order_by=tuple(cached["order_by"]), grouped=bool(cached["grouped"]),
            nested_tests=tuple(tuple(t) for t in cached["nested_tests"]),  # type: ignore[misc]
        )
    shape = _parse_shape(text, where)
    shapecache.put(text, {
        "form": shape.form, "variables": sorted(shape.variables),
        "order_by": list(shape.order_by), "grouped": shape.grouped,
        "nested_tests": [list(t) for t in shape.nested_tests],
    })
    return shape


def _parse_shape(text: str, where: Path | str) -> Shape:
    try:
        parsed = _parse(text)
    except Exception as query_error:
        if is_update(text):
            raise InputError(
                "this is a SPARQL Update; multivector query is read-only (SELECT, ASK, "
                "CONSTRUCT, DESCRIBE only)",
                where,
            ) from None
        raise InputError(f"SPARQL syntax error: {one_line(query_error)}", where) from None
    algebra = parsed[1]
    form = QUERY_FORMS.get(algebra.name, algebra.name)
    order: list[str] = []
    if algebra.orderby is not None:
        for condition in algebra.orderby.condition:
            order.extend(sorted(_variables(condition)))
    grouped = algebra.groupby is not None or _has_aggregate(algebra.projection)
    nested: list[tuple[str, str]] = []
    where_clause = algebra.where
    if where_clause is not None:
        _nested_tests(where_clause, top=True, optional_of_top=False, out=nested)
    return Shape(
        form=form,
        variables=frozenset(_variables(algebra)),
        order_by=tuple(order),
        grouped=grouped,
        nested_tests=tuple(nested),
    )


def is_update(text: str) -> bool:
    """Whether ``text`` parses as a SPARQL Update.

    A text whose query shape is cached (``multivector.shapecache``) parsed as a query, so it is
    not an update: no parse (importing and running the parser costs about half a second, and
    ``internal_query`` asks this of every internal query it loads)."""
    from multivector import shapecache

    if shapecache.get(text) is not None:
        return False
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def _children(node: Any) -> Iterator[Any]:
    if isinstance(node, dict):  # CompValue is an OrderedDict
        yield from node.values()
    elif isinstance(node, list | tuple):  # ParseResults behaves as a list
        yield from node
    elif hasattr(node, "asList") and not isinstance(node, str):
        yield from node


def _variables(node: Any) -> set[str]:
    """Every variable named anywhere below ``node``."""
    from rdflib.term import Variable

    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Variable):
            found.add(str(item))
        elif not isinstance(item, str | Node):
            stack.extend(_children(item))
    return found


def _has_aggregate(node: Any) -> bool:
    stack = [node]
    while stack:
        item = stack.pop()
        if item is None or isinstance(item, str | Node):
            continue
        name = getattr(item, "name", "")
        if isinstance(name, str) and name.startswith("Aggregate_"):
            return True
        stack.extend(_children(item))
    return False


def _triple_variables(group: Any) -> set[str]:
    found: set[str] = set()
    for part in group.part or []:
        if getattr(part, "name", "") == "TriplesBlock":
            found |= _variables(part)
    return found


def _nested_tests(
    group: Any, *, top: bool, optional_of_top: bool, out: list[tuple[str, str]]
) -> None:
    """Collect (variable, construct) for FILTERs/BINDs a top-level VALUES block cannot reach.

    At the top level every test sees the VALUES block; a FILTER directly inside an OPTIONAL of
    the top level is the OPTIONAL's join condition and sees it too. Anywhere deeper a test only
    sees what its own group binds, so a variable it uses must be bound by a triple pattern of
    that same group.
    """
    if getattr(group, "name", "") == "SubSelect":
        _nested_tests(group.where, top=False, optional_of_top=False, out=out)
        return
    bound_here = _triple_variables(group)
    for part in group.part or []:
        name = getattr(part, "name", "")
        if name in ("Filter", "Bind"):
            if top or (name == "Filter" and optional_of_top):
                continue
            for variable in sorted(_variables(part.expr) - bound_here):
                out.append((variable, "FILTER" if name == "Filter" else "BIND"))
        elif name == "GroupOrUnionGraphPattern":
            for branch in part.graph:
                _nested_tests(branch, top=False, optional_of_top=False, out=out)
        elif name == "OptionalGraphPattern":
            _nested_tests(part.graph, top=False, optional_of_top=top, out=out)
        elif name in ("GraphGraphPattern", "MinusGraphPattern", "ServiceGraphPattern"):
            _nested_tests(part.graph, top=False, optional_of_top=False, out=out)


def check_parameters(query: NamedQuery) -> Shape:
    """Catalogue-time check that VALUES binding is exact for ``query``; returns its shape.

    Refused: a declared parameter the query never uses, a ``# statement:`` variable it never uses
    (or on a GROUP BY query), and a parameter tested by a FILTER or
    BIND inside a nested group (UNION branch, OPTIONAL, GRAPH, MINUS, sub-select) that does not
    bind it itself — such a test would silently see the parameter unbound.
    """
    shape = query_shape(query.text, query.path)
    names = {p.name for p in query.params}
    for param in query.params:
        if param.name not in shape.variables:
            raise InputError(
                f"query {query.name}: parameter {param.name!r} is declared but ?{param.name} "
                "does not occur in the query",
                query.path,
            )
    if query.binding == "native" and shape.grouped:
        raise InputError(
            f"query {query.name}: '# binding: native' cannot bind a GROUP BY query on pyoxigraph "
            "(substitutions only reach projected variables); remove the line",
            query.path,
        )
    for variable in query.statements:
        if variable not in shape.variables:
            raise InputError(
                f"query {query.name}: '# statement: {variable}' names ?{variable}, which does "
                "not occur in the query", query.path,
            )
    if query.statements and shape.grouped:
        raise InputError(
            f"query {query.name}: '# statement:' cannot be used on a GROUP BY query (its "
            "statement variables cannot be projected); remove the line", query.path,
        )
    for variable, construct in shape.nested_tests:
        if variable in names:
            raise InputError(
                f"query {query.name}: parameter ?{variable} is tested by a {construct} inside "
                "a nested group, where the VALUES block that binds parameters cannot reach it; "
                "move the test to the top level of the WHERE clause (docs/querying.md)",
                query.path,
            )
    return shape


__all__ = ["QUERY_FORMS", "Shape", "check_parameters", "is_update", "query_shape"]
