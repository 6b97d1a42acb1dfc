"""What every panel shares: pandas on demand, internal queries as rows, the year rules.

Panels are plain table code over the answers of the internal queries in
``queries/internal/panel/`` (one query per kind of fact; no SPARQL in Python), in plain Python
rows: pandas takes about a second to import, so it is imported only when a DataFrame or Parquet
is asked for (``multivector.panels.table``). The year rule is
the one the codebook (docs/panels.md) states: a fact dated by an interval holds in year *Y* when
it is valid on *Y*-12-31, the last day of the year (``start <= D < end``, the project's "valid on
date D" idiom).
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from multivector.errors import InputError
from multivector.queries import internal_query, run_query
from multivector.results import python_value

if TYPE_CHECKING:
    from multivector.api import KnowledgeGraph

ID_NS = "https://w3id.org/multivector/id/"
WIKIDATA_NS = "http://www.wikidata.org/entity/"


def pandas() -> Any:
    """The pandas module; without it one line saying which extra to install."""
    try:
        import pandas as pd
    except ImportError:
        raise InputError(
            "panels need pandas: pip install 'multivector[panels]'"
        ) from None
    return pd


def query_rows(kg: KnowledgeGraph, name: str) -> list[Any]:
    """The internal query ``panel/<name>`` on ``kg``: one named tuple per answer, its fields the
    query's variables, as plain Python values (str for IRIs, dates, ints; None when unbound)."""
    table = run_query(internal_query(f"panel/{name}"), engine=kg.engine_for())
    row_type = namedtuple("Row", list(table.columns))  # type: ignore[misc]
    return [row_type(*(_plain(python_value(v)) for v in row)) for row in table.rows]


def _plain(value: Any) -> Any:
    """A string literal's value (``toPython`` keeps the rdflib Literal) as a plain str."""
    return str(value) if isinstance(value, str) else value


def local_id(iri: object) -> str | None:
    """``id:Kazakhstan`` -> ``Kazakhstan``; other IRIs unchanged; None stays None."""
    if iri is None:
        return None
    text = str(iri)
    if text.startswith(ID_NS):
        return text[len(ID_NS):]
    return text


def qid(iri: object) -> str | None:
    """A Wikidata entity IRI -> its QID (``Q232``)."""
    if iri is None:
        return None
    text = str(iri)
    return text[len(WIKIDATA_NS):] if text.startswith(WIKIDATA_NS) else None


def as_date(value: object) -> dt.date | None:
    """A literal's Python value as a date (None for missing or non-date values)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def valid_at_year_end(start: dt.date | None, end: dt.date | None, year: int) -> bool:
    """The year rule: valid on ``year``-12-31 (``start <= D < end``)."""
    day = dt.date(year, 12, 31)
    return start is not None and start <= day and (end is None or day < end)


@dataclass(frozen=True)
class Selection:
    """What a panel is asked for: a year range and, optionally, states and organizations."""

    first: int | None = None
    last: int | None = None
    states: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()


def resolve_entities(
    kg: KnowledgeGraph, names: Iterable[str], known: set[str], option: str, kind: str
) -> list[str]:
    """Names (labels, ISO codes, ids, IRIs) -> IRIs among ``known``; an InputError naming the
    value (with the resolver's suggestion) otherwise."""
    resolver = kg.resolver()
    chosen: list[str] = []
    for name in names:
        name = name.strip()
        if not name:
            continue
        if name in known:
            chosen.append(name)
            continue
        try:
            iri = str(resolver.resolve(name))
        except InputError as exc:
            raise InputError(f"{option}: {exc}") from None
        if iri not in known:
            raise InputError(f"{option}: {name!r} is not {kind} in the data ({local_id(iri)})")
        chosen.append(iri)
    return list(dict.fromkeys(chosen))


def year_range(selection: Selection, first: int, last: int) -> range:
    """The selection's years, checked against the data's span ``first..last``."""
    low = first if selection.first is None else selection.first
    high = last if selection.last is None else selection.last
    for option, year in (("--from", selection.first), ("--to", selection.last)):
        if year is not None and not first <= year <= last:
            raise InputError(f"{option}: year {year} is outside the data ({first}–{last})")
    if low > high:
        raise InputError(f"--from {low} is after --to {high}")
    return range(low, high + 1)


__all__ = [
    "Selection",
    "as_date",
    "local_id",
    "pandas",
    "qid",
    "query_rows",
    "resolve_entities",
    "valid_at_year_end",
    "year_range",
]
