"""The ``country-year`` panel: one row per state × organization × year, COW-IGO style.

Built from the internal queries ``panel/states``, ``panel/organizations``, ``panel/renames``,
``panel/memberships`` (of the members ``panel/states`` lists; roles named by
``panel/pref-labels``) and ``panel/span``. The coding rules (docs/panels.md, the codebook):

* a membership holds in year *Y* when it is valid on *Y*-12-31 (status at the end of the year,
  applied to every change of status);
* when several memberships of the pair hold then, the one that started last wins (a later
  statement of status supersedes), ties by :data:`ROLE_ORDER`;
* ``org_label`` is the organization's name on *Y*-12-31: its English ``rdfs:label`` until its
  first rename, then the ``mv:resultingName`` of the latest rename (``org:ChangeEvent``);
* ``cow_status`` follows :data:`COW_STATUS` (0 none, 1 full, 2 associate, 3 observer, -1 the
  organization does not exist on *Y*-12-31, -9 a role COW has no rule for).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from multivector.namespaces import MVV
from multivector.panels.frame import (
    Selection,
    as_date,
    local_id,
    qid,
    query_rows,
    resolve_entities,
    valid_at_year_end,
    year_range,
)
from multivector.panels.table import Block, Table

if TYPE_CHECKING:
    from multivector.api import KnowledgeGraph

VOCAB = str(MVV)  # the project's namespaces, as strings for the table code

#: Role (local name in mvv:) -> COW IGO v3 status. Suspended and frozen memberships are
#: formally still memberships (a suspension is not a denunciation), so COW's full-membership
#: code applies; dialogue partners and partners have no vote, like observers.
COW_STATUS = {
    "FoundingMember": 1,
    "Member": 1,
    "PermanentMember": 1,
    "NonPermanentMember": 1,
    "Suspended": 1,
    "Frozen": 1,
    "Associate": 2,
    "Observer": 3,
    "DialoguePartner": 3,
    "Partner": 3,
    "ParticipatingState": 1,
    "ProgrammePartner": 0,
    "Candidate": 0,
    "Withdrawn": 0,
}
COW_NONE = 0
COW_NOT_IN_EXISTENCE = -1
COW_MISSING = -9

#: Tie-break among memberships that start on the same day (first wins).
ROLE_ORDER = (
    "FoundingMember", "Member", "PermanentMember", "NonPermanentMember", "Suspended", "Frozen",
    "Associate", "Observer", "DialoguePartner", "Partner", "Candidate", "Withdrawn",
)

RANK = {role: i for i, role in enumerate(ROLE_ORDER)}

COLUMNS = {
    "state": "string",
    "state_label": "string",
    "ccode": "Int64",
    "iso3": "string",
    "qid": "string",
    "org": "string",
    "org_label": "string",
    "year": "int64",
    "status": "string",
    "cow_status": "int64",
    "sources": "int64",
    "source_ids": "string",
}


@dataclass
class Holding:
    """One membership: role, interval and sources."""

    role: str
    role_label: str
    start: dt.date
    end: dt.date | None
    sources: set[str] = field(default_factory=set)


def memberships(
    kg: KnowledgeGraph, states: set[str]
) -> dict[tuple[str, str], dict[str, Holding]]:
    """(state, organization) -> membership IRI -> :class:`Holding`, for members in ``states``."""
    labels = {str(row.concept): row.label for row in query_rows(kg, "pref-labels")}
    found: dict[tuple[str, str], dict[str, Holding]] = defaultdict(dict)
    for row in query_rows(kg, "memberships"):
        start = as_date(row.start)
        if start is None or str(row.state) not in states:
            continue
        role = str(row.role)
        holding = found[(str(row.state), str(row.organization))].setdefault(
            str(row.membership),
            Holding(
                role=role[len(VOCAB):] if role.startswith(VOCAB) else role,
                role_label=str(labels.get(role) or local_id(role)),
                start=start,
                end=as_date(row.end),
            ),
        )
        if row.source is not None:
            holding.sources.add(local_id(row.source) or "")
    return found


def status_in(holdings: dict[str, Holding], year: int) -> tuple[Holding | None, set[str]]:
    """The holding in force at the end of ``year`` and the sources that state it."""
    valid = [h for h in holdings.values() if valid_at_year_end(h.start, h.end, year)]
    if not valid:
        return None, set()
    best = min(valid, key=lambda h: (-h.start.toordinal(), RANK.get(h.role, len(RANK))))
    sources = set().union(*(h.sources for h in valid if h.role == best.role))
    return best, sources


def name_on(label: str, renames: list[tuple[dt.date, str]], day: dt.date) -> str:
    """The organization's name on ``day``: the latest rename on or before it, else its label."""
    name = label
    for date, new in sorted(renames):
        if date <= day:
            name = new
    return name


def exists_on(founded: dt.date | None, dissolved: dt.date | None, day: dt.date) -> bool:
    return (founded is None or founded <= day) and (dissolved is None or day < dissolved)


def span(kg: KnowledgeGraph) -> tuple[int, int]:
    """The data's first and last year (``panel/span``)."""
    (row,) = query_rows(kg, "span")
    first, last = as_date(row.first), as_date(row.last)
    today = dt.date.today().year
    return (first.year if first else today, last.year if last else today)


def build(kg: KnowledgeGraph, selection: Selection) -> Table:
    """The country-year table for ``selection`` (see the module docstring for the rules)."""
    states = {str(row.state): row for row in query_rows(kg, "states")}
    held = memberships(kg, set(states))
    orgs = {str(row.organization): row for row in query_rows(kg, "organizations")}
    renames: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)
    for row in query_rows(kg, "renames"):
        date = as_date(row.date)
        if date is not None:
            renames[str(row.organization)].append((date, str(row.name)))
    years = year_range(selection, *span(kg))
    member_states = sorted({state for state, _ in held}, key=lambda s: local_id(s) or s)
    chosen_states = resolve_entities(
        kg, selection.states, set(states), "--states", "a state"
    ) or member_states
    chosen_orgs = resolve_entities(
        kg, selection.orgs, set(orgs), "--orgs", "an organization with memberships"
    ) or sorted(orgs, key=lambda o: local_id(o) or o)
    none_rows = {org: _none_rows(orgs[org], org, renames.get(org, []), years)
                 for org in chosen_orgs}
    blocks: list[Block] = []
    for state in chosen_states:
        info = states[state]
        ccode = info.ccode
        fixed = (local_id(state), info.label, None if ccode is None else int(ccode),
                 info.iso3 or None, qid(info.wikidata) or None)
        for org in chosen_orgs:
            holdings = held.get((state, org))
            rest = _held_rows(holdings, none_rows[org]) if holdings else none_rows[org]
            blocks.append(((*fixed, local_id(org)), rest))
    return Table(COLUMNS, blocks)


def _none_rows(info: Any, org: str, renames: list[tuple[dt.date, str]],
               years: range) -> list[tuple]:
    """The rest of a row (from ``org_label`` on) of a state without a membership, per year of
    ``years``: the organization's name on 31 December, ``none``, ``cow_status`` 0 (-1 when the
    organization does not exist then), no sources. Shared by every such state."""
    founded, dissolved = as_date(info.founded), as_date(info.dissolved)
    label = str(info.label) if info.label is not None else local_id(org) or org
    rows = []
    for year in years:
        day = dt.date(year, 12, 31)
        cow = COW_NONE if exists_on(founded, dissolved, day) else COW_NOT_IN_EXISTENCE
        rows.append((name_on(label, renames, day), year, "none", cow, 0, None))
    return rows


def _held_rows(holdings: dict[str, Holding], none_rows: list[tuple]) -> list[tuple]:
    """The rest of each row of a state with memberships in the organization (:func:`status_in`
    for each year, on whole years: valid on 31 December of *Y* is ``start.year <= Y <
    end.year``)."""
    ordered = sorted(holdings.values(),
                     key=lambda h: (-h.start.toordinal(), RANK.get(h.role, len(RANK))))
    bounds = [(h.start.year, h.end.year if h.end else 1 << 30) for h in ordered]
    statuses: dict[tuple[int, ...], tuple] = {}  # the valid holdings -> the status cells
    rows = []
    for none in none_rows:
        year = none[1]
        valid = tuple(i for i, (first, final) in enumerate(bounds) if first <= year < final)
        if not valid:
            rows.append(none)
            continue
        cells = statuses.get(valid)
        if cells is None:
            best = ordered[valid[0]]  # the latest start; on the same day, ROLE_ORDER
            sources = set().union(*(ordered[i].sources for i in valid
                                    if ordered[i].role == best.role))
            cells = statuses[valid] = (best.role_label, COW_STATUS.get(best.role, COW_MISSING),
                                       len(sources), ";".join(sorted(sources)) or None)
        rows.append((none[0], year, *cells))
    return rows


__all__ = ["COLUMNS", "COW_STATUS", "ROLE_ORDER", "build", "span", "status_in"]
