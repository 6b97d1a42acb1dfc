"""The ``balance`` table: a state's multi-vector balance, year by year (CQ12 over time).

Built from the internal queries ``panel/balance`` (CQ12 without its date) and
``panel/power-labels``. For each year *Y* the ties are CQ12's answer on *Y*-12-31 — a tie is a
distinct (vector, tie, counterpart, role or relation kind) valid then (``start <= D < until``)
— counted per vector (the leading power; the United States and the West form one vector) and
kind: ``memberships`` (a member role), ``alliances`` (relation kind alliance), ``rivalries``
(rivalry), ``partnerships`` (every other relation kind, and partner roles without membership)
and ``cooperations`` (cooperation events up to that day). ``share`` is the vector's part of all
the state's ties that year; ``<kind>_share`` its part of that kind's ties (0 when the state
has none of that kind).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from multivector.namespaces import ID as NS_ID
from multivector.namespaces import MVV
from multivector.panels.country_year import span
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

ID = str(NS_ID)
VOCAB = str(MVV)  # the project's namespaces, as strings for the table code
WEST = (f"{ID}UnitedStates", f"{ID}TheWest")
WEST_VECTOR = "United States / the West"
KIND_COLUMNS = ("memberships", "partnerships", "alliances", "rivalries", "cooperations")

COLUMNS = {
    "state": "string",
    "year": "int64",
    "vector": "string",
    "memberships": "int64",
    "partnerships": "int64",
    "alliances": "int64",
    "rivalries": "int64",
    "cooperations": "int64",
    "ties": "int64",
    "share": "float64",
    "membership_share": "float64",
    "partnership_share": "float64",
    "alliance_share": "float64",
    "rivalry_share": "float64",
    "cooperation_share": "float64",
}


def kind_of(tie: str, concept: str) -> str:
    """The column a tie counts in."""
    if tie == "membership":
        return "memberships"
    if tie == "cooperation":
        return "cooperations"
    return {f"{VOCAB}Alliance": "alliances", f"{VOCAB}Rivalry": "rivalries"}.get(
        concept, "partnerships"
    )


class Tie(NamedTuple):
    """One of the state's ties: its vector, kind column, CQ12's distinct key and interval."""

    vector: str
    kind: str
    key: tuple[str, str, str, str]
    start: dt.date | None
    until: dt.date | None


def ties(kg: KnowledgeGraph, state: str) -> list[Tie]:
    """The state's ties (``panel/balance``), in the query's order."""
    names = {str(row.entity): row.label for row in query_rows(kg, "power-labels")}
    found = []
    for row in query_rows(kg, "balance"):
        if str(row.state) != state:
            continue
        power = str(row.power)
        vector = WEST_VECTOR if power in WEST else str(names.get(power, local_id(power)))
        key = (vector, str(row.tie), str(row.counterpart), str(row.concept))
        found.append(Tie(vector, kind_of(str(row.tie), str(row.concept)), key,
                         as_date(row.start), as_date(row.until)))
    return found


def build(kg: KnowledgeGraph, selection: Selection) -> Table:
    """The balance table of the one state in ``selection.states``."""
    states = {str(row.state) for row in query_rows(kg, "states")}
    (state,) = resolve_entities(kg, selection.states, states, "STATE", "a state")
    found = ties(kg, state)
    starts = [tie.start.year for tie in found if tie.start is not None]
    if not starts:
        return Table.of_rows(COLUMNS, [])
    rows = []
    for year in year_range(selection, min(starts), max(span(kg)[1], *starts)):
        day = dt.date(year, 12, 31)
        valid = {}  # key -> kind, the first tie of each key (CQ12's distinct rows)
        for tie in found:
            if tie.start is not None and tie.start <= day and (tie.until is None
                                                               or day < tie.until):
                valid.setdefault(tie.key, tie)
        rows.extend(_year_rows(local_id(state), year, list(valid.values())))
    return Table.of_rows(COLUMNS, rows)


def _year_rows(state: str | None, year: int, valid: list[Tie]) -> list[tuple]:
    counts: dict[str, dict[str, int]] = {}
    for tie in sorted(valid, key=lambda t: t.vector):
        counts.setdefault(tie.vector, dict.fromkeys(KIND_COLUMNS, 0))[tie.kind] += 1
    totals = {kind: sum(c[kind] for c in counts.values()) for kind in KIND_COLUMNS}
    everything = sum(totals.values())
    rows = []
    for vector, count in counts.items():
        all_ties = sum(count.values())
        rows.append((
            state, year, vector, *(count[k] for k in KIND_COLUMNS), all_ties,
            all_ties / everything if everything else 0.0,
            *(count[k] / totals[k] if totals[k] else 0.0 for k in KIND_COLUMNS),
        ))
    return rows


__all__ = ["COLUMNS", "KIND_COLUMNS", "Tie", "build", "ties"]
