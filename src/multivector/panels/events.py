"""The ``events`` table: one row per event and source, coded like event data (PLOVER).

Built from the internal queries ``panel/events`` and ``panel/event-parties``. Rules
(docs/panels.md): the date is the event's ``mv:date`` with its precision (``day`` when no
``mv:datePrecision`` is given: a month- or year-precise date is stored as its first day); the
PLOVER category is the event type's ``skos:closeMatch`` in ``ontology/plover.ttl`` (empty for
types PLOVER does not code, such as elections); actors are the participant and guarantor
states, targets the ``mv:target`` states; the quote is the source's earliest evidence for the
event (lowest ``oa:start``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from multivector.namespaces import MVV
from multivector.panels.frame import (
    Selection,
    as_date,
    local_id,
    query_rows,
    resolve_entities,
    year_range,
)
from multivector.panels.table import Table

if TYPE_CHECKING:
    from multivector.api import KnowledgeGraph

PLOVER = "https://w3id.org/multivector/vocab/plover/"
VOCAB = str(MVV)  # the project's namespaces, as strings for the table code

COLUMNS = {
    "event": "string",
    "source": "string",
    "date": "string",
    "date_precision": "string",
    "year": "Int64",
    "event_type": "string",
    "plover": "string",
    "actors": "string",
    "actor_ccodes": "string",
    "targets": "string",
    "target_ccodes": "string",
    "label": "string",
    "quote": "string",
    "evidence": "string",
}


def precision(concept: object) -> str:
    """``mvv:MonthPrecision`` -> ``month``; no precision -> ``day`` (the ontology's default)."""
    if concept is None:
        return "day"
    name = str(concept)
    name = name[len(VOCAB):] if name.startswith(VOCAB) else name
    return name.removesuffix("Precision").lower()


def parties(kg: KnowledgeGraph, ccodes: dict[str, object]) -> dict[tuple[str, str], list[str]]:
    """(event, role) -> state IRIs, sorted by COW code then id."""
    found: dict[tuple[str, str], list[str]] = {}
    for row in query_rows(kg, "event-parties"):
        found.setdefault((str(row.event), str(row.role)), []).append(str(row.state))
    for states in found.values():
        states.sort(key=lambda s: (ccodes.get(s) is None, ccodes.get(s) or 0, s))
    return found


def build(kg: KnowledgeGraph, selection: Selection) -> Table:
    """The events table; ``selection`` filters by year and by participating state."""
    ccodes = {str(row.state): row.ccode for row in query_rows(kg, "states")}
    roles = parties(kg, ccodes)
    found = query_rows(kg, "events")
    dated = [row.date.year for row in found if as_date(row.date) is not None]
    years = year_range(selection, min(dated, default=dt.date.today().year),
                       max(dated, default=dt.date.today().year))
    wanted = set(resolve_entities(kg, selection.states, set(ccodes), "--states", "a state"))
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in found:
        groups[(str(row.event), str(row.source))].append(row)
    rows = []
    for (event, source), group in sorted(groups.items()):
        first = min(group, key=_quote_order)
        date = as_date(first.date)
        if date is not None and date.year not in years:
            continue
        if selection.first is not None or selection.last is not None:
            if date is None:
                continue
        actors = roles.get((event, "actor"), [])
        targets = roles.get((event, "target"), [])
        if wanted and not wanted & set(actors + targets):
            continue
        rows.append(_row(event, source, first, date, actors, targets, ccodes))
    return Table.of_rows(COLUMNS, rows)


def _quote_order(row: Any) -> tuple:
    """The source's earliest quote first: lowest ``oa:start``, then evidence IRI; rows without
    them last (``min`` keeps the first of equal rows, as a stable sort does)."""
    start = row.start if isinstance(row.start, int) else 1 << 62
    return (start, row.evidence is None, str(row.evidence or ""))


def _row(
    event: str,
    source: str,
    first: Any,
    date: dt.date | None,
    actors: list[str],
    targets: list[str],
    ccodes: dict[str, object],
) -> tuple:
    def codes(found: list[str]) -> str | None:
        text = ";".join(str(ccodes[s]) for s in found if ccodes.get(s) is not None)
        return text or None

    def ids(found: list[str]) -> str | None:
        return ";".join(local_id(s) or s for s in found) or None

    plover = first.plover
    event_type = first.typeLabel or (local_id(first.type) if first.type else None)
    return (
        local_id(event), local_id(source),
        date.isoformat() if date else None, precision(first.precision),
        date.year if date else None, event_type or None,
        str(plover)[len(PLOVER):] if plover else None,
        ids(actors), codes(actors), ids(targets), codes(targets),
        first.label or None, first.quote or None,
        str(first.evidence) if first.evidence else None,
    )


__all__ = ["COLUMNS", "build", "precision"]
