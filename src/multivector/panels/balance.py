"""The ``balance`` table: a state's multi-vector balance, year by year (CQ12 over time).

Built from the internal query ``panel/balance`` (CQ12 without its date). For each year *Y* the
ties are CQ12's answer on *Y*-12-31 — a tie is a distinct (vector, tie, counterpart, role or
relation kind) valid then (``from <= D < until``) — counted per vector (the leading power; the
United States and the West form one vector) and kind: ``memberships``, ``alliances``
(relation kind alliance), ``rivalries`` (rivalry) and ``partnerships`` (every other relation
kind). ``share`` is the vector's part of all the state's ties that year; ``<kind>_share`` its part
of that kind's ties (0 when the state has none of that kind).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from multivector.namespaces import ID as NS_ID
from multivector.namespaces import MVV
from multivector.panels.country_year import span
from multivector.panels.frame import (
    Selection,
    as_date,
    local_id,
    pandas,
    query_frame,
    resolve_entities,
    year_range,
)

if TYPE_CHECKING:
    import pandas as pd

    from multivector.api import KnowledgeGraph

ID = str(NS_ID)
VOCAB = str(MVV)  # the project's namespaces, as strings for the table code
WEST = (f"{ID}UnitedStates", f"{ID}TheWest")
WEST_VECTOR = "United States / the West"
KIND_COLUMNS = ("memberships", "partnerships", "alliances", "rivalries")

COLUMNS = {
    "state": "string",
    "year": "int64",
    "vector": "string",
    "memberships": "int64",
    "partnerships": "int64",
    "alliances": "int64",
    "rivalries": "int64",
    "ties": "int64",
    "share": "float64",
    "membership_share": "float64",
    "partnership_share": "float64",
    "alliance_share": "float64",
    "rivalry_share": "float64",
}


def kind_of(tie: str, concept: str) -> str:
    """The column a tie counts in."""
    if tie == "membership":
        return "memberships"
    return {f"{VOCAB}Alliance": "alliances", f"{VOCAB}Rivalry": "rivalries"}.get(
        concept, "partnerships"
    )


def ties(kg: KnowledgeGraph, state: str) -> pd.DataFrame:
    """The state's ties: vector, kind, key (CQ12's distinct row), from, until."""
    pd = pandas()
    frame = query_frame(kg, "balance")
    frame = frame[frame["state"].astype(str) == state]
    labels = query_frame(kg, "labels")
    names = dict(zip(labels["entity"].astype(str), labels["label"], strict=True))
    rows = []
    columns = ("power", "tie", "counterpart", "concept", "from", "until")
    for power, tie, counterpart, concept, start, until in zip(
        *(frame[c].astype(object) for c in columns), strict=True
    ):
        power = str(power)
        vector = WEST_VECTOR if power in WEST else str(names.get(power, local_id(power)))
        key = (vector, str(tie), str(counterpart), str(concept))
        rows.append((vector, kind_of(str(tie), str(concept)), key, as_date(start),
                     as_date(until)))
    return pd.DataFrame(rows, columns=["vector", "kind", "key", "from", "until"])


def build(kg: KnowledgeGraph, selection: Selection) -> pd.DataFrame:
    """The balance table of the one state in ``selection.states``."""
    pd = pandas()
    states = query_frame(kg, "states")
    (state,) = resolve_entities(
        kg, selection.states, set(states["state"].astype(str)), "STATE", "a state"
    )
    found = ties(kg, state)
    starts = [d.year for d in found["from"] if d is not None]
    if not starts:
        return pd.DataFrame([], columns=list(COLUMNS)).astype(COLUMNS)
    rows = []
    for year in year_range(selection, min(starts), max(span(kg)[1], *starts)):
        day = dt.date(year, 12, 31)
        valid = found[[
            f is not None and f <= day and (u is None or day < u)
            for f, u in zip(found["from"], found["until"], strict=True)
        ]].drop_duplicates("key")
        rows.extend(_year_rows(local_id(state), year, valid))
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype(COLUMNS)


def _year_rows(state: str | None, year: int, valid: pd.DataFrame) -> list[tuple]:
    counts = {
        vector: {kind: int((group["kind"] == kind).sum()) for kind in KIND_COLUMNS}
        for vector, group in valid.groupby("vector", sort=True)
    }
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


__all__ = ["COLUMNS", "KIND_COLUMNS", "build", "ties"]
