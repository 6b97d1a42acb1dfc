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
from typing import TYPE_CHECKING, Any

from multivector.namespaces import MVV
from multivector.panels import country_year
from multivector.panels.frame import (
    Selection,
    as_date,
    local_id,
    query_rows,
    resolve_entities,
)
from multivector.panels.table import Table

if TYPE_CHECKING:
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


def default_states(relations: list[Any]) -> list[str]:
    """Without --states: the states some source relates to another (the sources' dyads)."""
    return sorted({str(row.a) for row in relations}, key=lambda s: local_id(s) or s)


def characterised(relations: list[Any], last: int) -> dict[tuple, list[tuple]]:
    """(a, b, year, kind) -> [(date, position, evidence, source, by)] of the relations then."""
    found: dict[tuple, list[tuple]] = defaultdict(list)
    for row in relations:
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


def joint_memberships(panel: Table) -> tuple[list[int], dict[tuple, list[str]]]:
    """The country-year table's years, and (state a, state b, year) -> the organizations (ids,
    sorted) in which both have ``cow_status`` 1 then (a != b)."""
    names = list(panel.columns)
    state, org, year, cow = (names.index(c) for c in ("state", "org", "year", "cow_status"))
    full: dict[tuple, list[str]] = defaultdict(list)
    years = set()
    for row in panel.rows:
        years.add(row[year])
        if row[cow] == 1:
            full[(row[org], row[year])].append(row[state])
    shared: dict[tuple, list[str]] = defaultdict(list)
    for (organization, when), members in full.items():
        for a in members:
            for b in members:
                if a != b:
                    shared[(a, b, when)].append(organization)
    for igos in shared.values():
        igos.sort()
    return sorted(years), shared


def build(kg: KnowledgeGraph, selection: Selection) -> Table:
    """The dyad-year table for ``selection`` (see the module docstring for the rules)."""
    relations = query_rows(kg, "relations")
    ccodes = {str(row.state): row.ccode for row in query_rows(kg, "states")}
    chosen = resolve_entities(kg, selection.states, set(ccodes), "--states", "a state") \
        or default_states(relations)
    panel = country_year.build(kg, Selection(selection.first, selection.last,
                                             tuple(chosen), selection.orgs))
    years, shared = joint_memberships(panel)
    found = characterised(relations, max(years) if years else 0)
    ids = {state: local_id(state) for state in chosen}
    codes = {state: _code(ccodes.get(state)) for state in chosen}
    rows = []
    for a in chosen:
        for b in chosen:
            if a == b:
                continue
            for year in years:
                rows.append(_row(a, b, ids, codes, year, shared, found))
    return Table.of_rows(COLUMNS, rows)


#: The cells of a kind no source characterises that year.
NOT_CHARACTERISED = (False, None, False, 0, None)


def _row(
    a: str,
    b: str,
    ids: dict[str, str | None],
    codes: dict[str, int | None],
    year: int,
    shared: dict[tuple, list[str]],
    found: dict[tuple, list[tuple]],
) -> tuple:
    ida, idb = ids[a], ids[b]
    igos = shared.get((ida, idb, year), [])
    cells: list[object] = [
        ida, idb, codes[a], codes[b], year, len(igos), ";".join(igos) or None,
    ]
    for kind in KINDS:
        entries = found.get((a, b, year, kind))
        if not entries:
            cells += NOT_CHARACTERISED
            continue
        by = sorted({e[4] for e in entries if e[4]})
        earliest = min(entries, key=lambda e: (e[0], e[1], str(e[2])))
        cells += [
            True, ";".join(by) or None, ida in by, len({e[3] for e in entries}),
            str(earliest[2]) if earliest[2] is not None else None,
        ]
    return tuple(cells)


def _code(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]


__all__ = ["COLUMNS", "KINDS", "build"]
