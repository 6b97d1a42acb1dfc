"""The ``dyad-year`` panel: one row per ordered pair of states × year.

Built from the country-year table (joint memberships) and the internal query ``panel/relations``
(bilateral relations as each source characterises them). Rules (docs/panels.md):

* ``joint_igos`` counts the organizations in which both states have ``cow_status`` 1 at the end
  of the year (COW's joint-membership measure, on the country-year coding); ``igos`` names them;
* a relation is characterised in year *Y* when *Y* lies between the year of its
  ``mv:startDate`` and the year of its ``mv:endDate`` (open: the data's last year); a relation
  dated only by ``mv:asOf`` (the source says it held then) counts in that year only;
* per kind: ``<kind>`` (any source), ``<kind>_by`` (who characterises, ``;``-joined ids),
  ``<kind>_by_a`` (state A itself is among them: the direction), ``<kind>_sources`` (distinct
  sources) and ``<kind>_evidence`` (the evidence IRI of the earliest quote: earliest date, then
  lowest ``oa:start``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from multivector.namespaces import MVV
from multivector.panels import country_year
from multivector.panels.frame import (
    Selection,
    as_date,
    local_id,
    pandas,
    query_frame,
    resolve_entities,
)

if TYPE_CHECKING:
    import pandas as pd

    from multivector.api import KnowledgeGraph

VOCAB = str(MVV)  # the project's namespaces, as strings for the table code
#: The relation kinds of mvv:RelationKindScheme -> column prefix (a test keeps them in step).
KINDS = {
    "Alliance": "alliance",
    "StrategicPartnership": "strategic_partnership",
    "Partnership": "partnership",
    "EconomicPartnership": "economic_partnership",
    "Rivalry": "rivalry",
    "PatronClient": "patron_client",
}

COLUMNS = {
    "state_a": "string",
    "state_b": "string",
    "ccode_a": "Int64",
    "ccode_b": "Int64",
    "year": "int64",
    "joint_igos": "int64",
    "igos": "string",
} | {
    column: dtype
    for prefix in KINDS.values()
    for column, dtype in (
        (prefix, "bool"), (f"{prefix}_by", "string"), (f"{prefix}_by_a", "bool"),
        (f"{prefix}_sources", "int64"), (f"{prefix}_evidence", "string"),
    )
}


def default_states(relations: pd.DataFrame) -> list[str]:
    """Without --states: the states some source relates to another (the sources' dyads)."""
    return sorted(set(map(str, relations["a"])), key=lambda s: local_id(s) or s)


def characterised(relations: pd.DataFrame, last: int) -> dict[tuple, list[tuple]]:
    """(a, b, year, kind) -> [(date, position, evidence, source, by)] of the relations then."""
    found: dict[tuple, list[tuple]] = defaultdict(list)
    for row in relations.itertuples(index=False):
        kind = str(row.kind).removeprefix(VOCAB)
        start, as_of, end = as_date(row.start), as_date(row.asOf), as_date(row.end)
        if kind not in KINDS or (start or as_of) is None:
            continue
        first = (start or as_of).year
        final = end.year if end else (last if start else first)
        position = row.position if isinstance(row.position, int) else 1 << 62
        entry = (start or as_of, position, row.evidence, local_id(row.source),
                 local_id(row.by) if row.by is not None else None)
        for year in range(first, final + 1):
            found[(str(row.a), str(row.b), year, kind)].append(entry)
    return found


def build(kg: KnowledgeGraph, selection: Selection) -> pd.DataFrame:
    """The dyad-year table for ``selection`` (see the module docstring for the rules)."""
    pd = pandas()
    relations = query_frame(kg, "relations")
    states = query_frame(kg, "states")
    ccodes = {str(s): c for s, c in zip(states["state"], states["ccode"], strict=True)}
    chosen = resolve_entities(kg, selection.states, set(ccodes), "--states", "a state") \
        or default_states(relations)
    panel = country_year.build(kg, Selection(selection.first, selection.last,
                                             tuple(chosen), selection.orgs))
    years = sorted(set(panel["year"]))
    found = characterised(relations, max(years) if years else 0)
    full = panel[panel["cow_status"] == 1][["state", "org", "year"]]
    joint = full.merge(full, on=["org", "year"], suffixes=("_a", "_b"))
    joint = joint[joint["state_a"] != joint["state_b"]]
    shared = {
        key: sorted(group["org"])
        for key, group in joint.groupby(["state_a", "state_b", "year"], sort=False)
    }
    rows = []
    for a in chosen:
        for b in chosen:
            if a == b:
                continue
            for year in years:
                rows.append(_row(a, b, year, ccodes, shared, found))
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype(COLUMNS)


def _row(
    a: str,
    b: str,
    year: int,
    ccodes: dict[str, object],
    shared: dict[tuple, list[str]],
    found: dict[tuple, list[tuple]],
) -> tuple:
    pd = pandas()
    ida, idb = local_id(a), local_id(b)
    igos = shared.get((ida, idb, year), [])
    cells: list[object] = [
        ida, idb, _code(ccodes.get(a)), _code(ccodes.get(b)), year, len(igos),
        ";".join(igos) or pd.NA,
    ]
    for kind in KINDS:
        entries = found.get((a, b, year, kind), [])
        by = sorted({e[4] for e in entries if e[4]})
        earliest = min(entries, key=lambda e: (e[0], e[1], str(e[2]))) if entries else None
        cells += [
            bool(entries), ";".join(by) or pd.NA, ida in by,
            len({e[3] for e in entries}),
            str(earliest[2]) if earliest and earliest[2] is not None else pd.NA,
        ]
    return tuple(cells)


def _code(value: object) -> object:
    return pandas().NA if value is None else int(value)  # type: ignore[arg-type]


__all__ = ["COLUMNS", "KINDS", "build"]
