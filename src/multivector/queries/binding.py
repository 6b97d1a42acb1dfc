"""Parameter values -> typed RDF terms, and the ``VALUES`` block that binds them in a query.

Parameters (types ``iri``, ``date``, ``string``, ``integer``) become validated, typed RDF terms.
They reach the query by ONE mechanism on every engine (pyoxigraph, rdflib, a remote endpoint): a
``VALUES (?p1 ?p2) { (t1 t2) }`` block inserted at the start of the top-level WHERE group, the
terms written by pyoxigraph in N-Triples syntax — user text is never pasted into the query.
Where that block may not reach is checked when a query is read (``multivector.queries.shape``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from multivector.errors import InputError, one_line
from multivector.namespaces import PREFIXES
from multivector.queries.sparqltext import where_brace
from multivector.terms import to_ox

if TYPE_CHECKING:
    from multivector.queries.catalogue import NamedQuery, Param

Resolver = Callable[["Param", str], Node]
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$")


def expand_curie(value: str) -> str:
    """``id:CSTO`` -> full IRI; ``<…>`` and full IRIs pass through."""
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return str(PREFIXES[prefix]) + local
    return value


def to_term(param: Param, value: str, *, where: str = "") -> Node:
    """A parameter value as a typed RDF term; raises InputError naming the parameter."""
    label = f"{where}: " if where else ""
    if param.type == "iri":
        iri = expand_curie(value)
        if not _IRI.match(iri):
            raise InputError(f"{label}parameter {param.name}: {value!r} is not an IRI or CURIE")
        return URIRef(iri)
    if param.type == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise InputError(
                f"{label}parameter {param.name}: {value!r} is not a date (YYYY-MM-DD)"
            ) from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise InputError(f"{label}parameter {param.name}: {value!r} is not YYYY-MM-DD")
        return Literal(value, datatype=XSD.date)
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise InputError(f"{label}parameter {param.name}: {value!r} is not an integer")
        return Literal(value, datatype=XSD.integer)
    return Literal(value)


def bindings(
    query: NamedQuery, values: Mapping[str, str | Node], resolve: Resolver | None = None
) -> dict[str, Node]:
    """Typed bindings for a query: given values, else defaults; unknown or missing -> InputError.

    A value may already be an RDF term. For an ``iri`` parameter a value without a colon (a name
    such as ``Kazakhstan`` or ``KZ``) is handed to ``resolve`` when one is given.
    """
    known = {p.name: p for p in query.params}
    for key in values:
        if key not in known:
            choices = ", ".join(known) or "none"
            raise InputError(
                f"query {query.name}: unknown parameter {key!r} (parameters: {choices})"
            )
    bound: dict[str, Node] = {}
    for param in query.params:
        value = values.get(param.name, param.default)
        if value is None:
            raise InputError(f"query {query.name}: parameter {param.name!r} needs a value")
        if isinstance(value, Node):
            bound[param.name] = value
        elif param.type == "iri" and resolve is not None and ":" not in value:
            bound[param.name] = resolve(param, value)
        else:
            bound[param.name] = to_term(param, value)
    return bound


def parse_param_options(options: Iterable[str]) -> dict[str, str]:
    """``["a=id:CSTO", "date=2017-06-22"]`` -> dict; malformed -> InputError."""
    values: dict[str, str] = {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--param {option!r}: expected NAME=VALUE")
        values[key.strip()] = value.strip()
    return values


def values_block(bound: Mapping[str, Node]) -> str:
    """``VALUES (?a ?b) { (<…> "…"^^<…>) }``: the terms are serialized by pyoxigraph."""
    if not bound:
        return ""
    names = " ".join(f"?{name}" for name in bound)
    try:
        terms = " ".join(str(to_ox(term)) for term in bound.values())
    except (ValueError, TypeError) as exc:
        raise InputError(f"parameter value is not a valid RDF term: {one_line(exc)}") from None
    return f"VALUES ({names}) {{ ({terms}) }}"


def with_values(text: str, bound: Mapping[str, Node], where: Path | str = "query") -> str:
    """The query with its parameters bound by a VALUES block at the top of its WHERE group."""
    block = values_block(bound)
    if not block:
        return text
    brace = where_brace(text)
    if brace < 0:
        raise InputError("cannot find the WHERE clause to bind parameters in", where)
    return f"{text[: brace + 1]}\n  {block}\n{text[brace + 1:]}"


__all__ = [
    "Resolver",
    "bindings",
    "expand_curie",
    "parse_param_options",
    "to_term",
    "values_block",
    "with_values",
]
