"""Binding parameters where they are used: the bound terms written into the query text.

A top-level ``VALUES`` block (``binding``) is exact, but an engine may join it only after
evaluating the sub-patterns: Comunica evaluates ``OPTIONAL { GRAPH ?g { … } }`` of CQ9 over the
whole store before the VALUES row restricts it, and ran out of memory. Engines we do not run —
remote endpoints, Apache Jena — therefore get the query with each parameter variable replaced by
its term inside the WHERE group (what pyoxigraph's substitutions do), and a projected parameter
selected as ``(term AS ?name)``. The catalogue check (``shape.check_parameters``) already
guarantees that no nested FILTER/BIND tests a parameter, which is what makes substitution give
the same rows as the VALUES block; the constructs where it would not (a sub-select or MINUS that
scopes variables, an inner VALUES for a parameter, ``BOUND(?p)``, ``… AS ?p``, ``SELECT *``, the
parameter in GROUP BY/HAVING) keep the VALUES block. The test-suite runs every named query both
ways on both embedded engines.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from rdflib.term import Node

from multivector.errors import InputError, one_line
from multivector.queries.binding import with_values
from multivector.queries.sparqltext import (
    _IRI_TOKEN,
    _STRING_TOKEN,
    _TOP_SELECT,
    _matching_brace,
    where_brace,
)
from multivector.terms import to_ox

_NAME_END = r"(?![\w\u00B7\u0300-\u036F\u203F-\u2040])"
_MINUS = re.compile(r"(?i)\bMINUS\b")
_VALUES_HEAD = re.compile(r"(?i)\bVALUES\b([^{]*)\{")
_SELECT = re.compile(r"(?i)\bSELECT\b")
_STAR = re.compile(r"(?i)\bSELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?\*")
_FORM = re.compile(r"(?i)\b(SELECT|ASK)\b")


_NOT_SYNTAX = re.compile(
    rf"#[^\n]*\n?|{_IRI_TOKEN.pattern}|{_STRING_TOKEN.pattern}"
)


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[str, bool]]:
    """(piece, is_syntax) from ``text[start:end]``: comments, IRIs and strings are not syntax
    (the tokens ``sparqltext`` skips, found by one regular expression: scanning character by
    character cost milliseconds per query)."""
    run = start
    for token in _NOT_SYNTAX.finditer(text, start, end):
        if run < token.start():
            yield text[run:token.start()], True
        yield token.group(), False
        run = token.end()
    if run < end:
        yield text[run:end], True


def _syntax(text: str, start: int = 0, end: int | None = None) -> str:
    return " ".join(p for p, syntax in _pieces(text, start, len(text) if end is None else end)
                    if syntax)


def _variable(name: str) -> re.Pattern[str]:
    return re.compile(rf"[?$]{re.escape(name)}{_NAME_END}")


def _inlinable(text: str, brace: int, end: int, names: list[str]) -> bool:
    everything = _syntax(text)
    head = _syntax(text, 0, brace)
    tail = _syntax(text, end + 1)
    if not _FORM.search(head) or _STAR.search(head) or len(_SELECT.findall(everything)) > 1:
        return False
    if _MINUS.search(everything):
        return False
    values_heads = " ".join(m.group(1) for m in _VALUES_HEAD.finditer(everything))
    for name in names:
        variable = _variable(name).pattern
        if re.search(variable, values_heads):
            return False
        if re.search(rf"(?i)\bAS\s+{variable}|\bBOUND\s*\(\s*{variable}", everything):
            return False
        if re.search(variable, tail) and re.search(r"(?i)\b(GROUP|HAVING)\b", tail):
            return False
    return True


def _substitute(text: str, start: int, end: int, terms: Mapping[str, str]) -> str:
    out = []
    for piece, syntax in _pieces(text, start, end):
        if syntax:
            for name, term in terms.items():
                piece = _variable(name).sub(lambda _m, t=term: t, piece)  # type: ignore[misc]
        out.append(piece)
    return "".join(out)


def _project(head: str, terms: Mapping[str, str]) -> str:
    """The SELECT clause with each projected parameter selected as ``(term AS ?name)`` (inside
    an expression of the clause, just the term)."""
    match = _TOP_SELECT.search(head)
    if match is None:
        return head
    names = "|".join(re.escape(name) for name in terms)
    variable = re.compile(rf"[?$]({names}){_NAME_END}")
    out, depth = [head[: match.end()]], 0
    for piece, syntax in _pieces(head, match.end(), len(head)):
        if not syntax:
            out.append(piece)
            continue
        last = 0
        for found in variable.finditer(piece):
            before = piece[last:found.start()]
            depth += before.count("(") - before.count(")")
            term = terms[found.group(1)]
            out.append(before + (f"({term} AS ?{found.group(1)})" if depth == 0 else term))
            last = found.end()
        rest = piece[last:]
        depth += rest.count("(") - rest.count(")")
        out.append(rest)
    return "".join(out)


def inline_values(text: str, bound: Mapping[str, Node], where: Path | str = "query") -> str:
    """The query with its parameters bound where they are used (see the module docstring);
    the VALUES block of :func:`~multivector.queries.binding.with_values` where that is not exact.
    """
    if not bound:
        return text
    try:
        return _inline(text, tuple(bound.items()), str(where))
    except TypeError:  # an unhashable term: not cached
        return _inline.__wrapped__(text, tuple(bound.items()), str(where))


@functools.lru_cache(maxsize=512)
def _inline(text: str, items: tuple[tuple[str, Node], ...], where: str) -> str:
    bound = dict(items)
    brace = where_brace(text)
    if brace < 0:
        raise InputError("cannot find the WHERE clause to bind parameters in", where)
    end = _matching_brace(text, brace)
    if not _inlinable(text, brace, end, list(bound)):
        return with_values(text, bound, where)
    try:
        terms = {name: str(to_ox(term)) for name, term in bound.items()}
    except (ValueError, TypeError) as exc:
        raise InputError(f"parameter value is not a valid RDF term: {one_line(exc)}") from None
    return _project(text[:brace], terms) + _substitute(text, brace, end + 1, terms) + text[end + 1:]


__all__ = ["inline_values"]
