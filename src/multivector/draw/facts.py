"""What the pictures show, asked of the built graph: labels, memberships, conflicts, events.

Every question is an internal query in ``queries/internal/draw/``
(:mod:`multivector.internal_queries`); this module turns the rows into sorted Python values.
Memberships and conflict parties on a date use the one "valid on D" idiom of docs/modeling.md
(``queries/internal/draw/memberships-on-date.rq``).
The lookups every picture repeats (labels, bars, events, the latest date) are memoized per Store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from multivector.draw import naming
from multivector.internal_queries import select
from multivector.namespaces import local_name

#: (id(store), name) -> (store, value); the store is kept so that its id cannot be reused
_CACHE: dict[tuple[int, str], tuple[ox.Store, Any]] = {}


def _cached(store: ox.Store, name: str, make: Callable[[], Any]) -> Any:
    """Per-store memo for the lookups every picture repeats (labels, bars, events)."""
    key = (id(store), name)
    if key not in _CACHE or _CACHE[key][0] is not store:
        if len(_CACHE) > 32:
            _CACHE.clear()
        _CACHE[key] = (store, make())
    return _CACHE[key][1]


def clear_cache() -> None:
    _CACHE.clear()


# ---------------------------------------------------------------------------------------- labels


def labels(store: ox.Store) -> dict[URIRef, str]:
    """Term -> its first English or untagged label."""
    return dict(_cached(store, "labels", lambda: _query_labels(store)))


def _query_labels(store: ox.Store) -> dict[URIRef, str]:
    found: dict[URIRef, str] = {}
    for row in select(store, "draw/labels"):
        found.setdefault(row["s"], str(row["l"]))  # type: ignore[arg-type]
    return found


def short_labels(store: ox.Store) -> dict[URIRef, str]:
    """:func:`labels`, with organizations named by their acronym where they have one."""
    return dict(_cached(store, "short", lambda: _query_short_labels(store)))


def _query_short_labels(store: ox.Store) -> dict[URIRef, str]:
    """Acronyms for organizations (:func:`naming.choose_acronym`: "EAEU", "CSTO"), else labels."""
    found = labels(store)
    for org, candidates in acronyms(store).items():
        chosen = naming.choose_acronym(org, candidates)
        if chosen is not None:
            found[org] = chosen
    return found


def acronyms(store: ox.Store) -> dict[URIRef, list[str]]:
    """Organization -> its English alternative labels."""
    return dict(_cached(store, "acronyms", lambda: _query_acronyms(store)))


def _query_acronyms(store: ox.Store) -> dict[URIRef, list[str]]:
    found: dict[URIRef, list[str]] = {}
    for row in select(store, "draw/acronyms"):
        found.setdefault(row["s"], []).append(str(row["a"]))  # type: ignore[arg-type]
    return found


def names_on(store: ox.Store, day: dt.date) -> tuple[dict[URIRef, str], dict[URIRef, str]]:
    """(full names, short names) of everything on ``day``: renamed organizations by the name
    they had that day (:mod:`multivector.draw.naming`)."""
    renamed = _cached(store, "renames", lambda: naming.renames(store))
    return naming.names_on(day, labels(store), short_labels(store), acronyms(store), renamed)


def default_organizations(store: ox.Store, at: dt.date, most: int = 16) -> list[URIRef]:
    """The organizations a network on ``at`` shows by default: those with at most ``most``
    memberships valid that day that are not part of another organization — the regional
    organizations, without the United Nations' hairball of edges or its Security Council."""
    counts: dict[URIRef, int] = {}
    for edge in memberships_on(store, at):
        counts[edge.organization] = counts.get(edge.organization, 0) + 1
    parts = {row["o"] for row in select(store, "draw/sub-organizations")}
    return sorted((o for o, n in counts.items() if n <= most and o not in parts), key=str)


def node_kinds(store: ox.Store, nodes: Iterable[URIRef]) -> dict[URIRef, set[str]]:
    """Node -> local names of its classes among State, Organization, Person, Conflict,
    NonStateOrganization (the network's node shapes)."""
    wanted = set(nodes)
    found: dict[URIRef, set[str]] = {n: set() for n in wanted}
    for row in select(store, "draw/node-kinds"):
        if row["s"] in wanted:
            found[row["s"]].add(local_name(row["t"]))  # type: ignore[index]
    return found


# ----------------------------------------------------------------------------------- on a date


@dataclass(frozen=True)
class Edge:
    member: URIRef
    organization: URIRef
    role: URIRef
    membership: URIRef


def memberships_on(
    store: ox.Store, at: dt.date, organizations: Sequence[URIRef] | None = None
) -> list[Edge]:
    """Memberships valid on ``at`` (start <= D < end), drafts excluded, sorted."""
    rows = select(store, "draw/memberships-on-date", {"date": at.isoformat()})
    edges = [
        Edge(r["member"], r["org"], r["role"], r["m"])  # type: ignore[arg-type]
        for r in rows
    ]
    if organizations is not None:
        wanted = set(organizations)
        edges = [e for e in edges if e.organization in wanted]
    return sorted(edges, key=lambda e: (str(e.organization), str(e.member), str(e.role)))


def conflict_parties_on(store: ox.Store, at: dt.date) -> list[tuple[URIRef, URIRef, URIRef]]:
    """(conflict, participant, participation kind) valid on ``at``; undated ones included."""
    rows = select(store, "draw/conflict-parties-on-date", {"date": at.isoformat()})
    return sorted(
        ((r["c"], r["p"], r["k"]) for r in rows),  # type: ignore[misc]
        key=lambda t: tuple(str(x) for x in t),
    )


# -------------------------------------------------------------------------------- across time


@dataclass(frozen=True)
class Bar:
    state: URIRef
    organization: URIRef
    role: URIRef
    start: dt.date
    end: dt.date | None


def membership_bars(store: ox.Store, states: Sequence[URIRef] | None = None) -> list[Bar]:
    """Every dated membership of a state (of ``states`` if given), sorted."""
    bars = list(_cached(store, "bars", lambda: _query_bars(store)))
    if states is not None:
        wanted = set(states)
        bars = [b for b in bars if b.state in wanted]
    return bars


def _query_bars(store: ox.Store) -> list[Bar]:
    bars = [
        Bar(
            r["s"],  # type: ignore[arg-type]
            r["o"],  # type: ignore[arg-type]
            r["r"],  # type: ignore[arg-type]
            r["start"].toPython(),  # type: ignore[union-attr]
            r["end"].toPython() if "end" in r else None,  # type: ignore[union-attr]
        )
        for r in select(store, "draw/membership-bars")
    ]
    return sorted(bars, key=lambda b: (str(b.state), str(b.organization), b.start, str(b.role)))


def state_events(store: ox.Store, states: Sequence[URIRef]) -> list[tuple[URIRef, dt.date, str]]:
    """(state, date, label) of the events each state took part in (participant or guarantor)."""
    rows = _cached(store, "events", lambda: _query_events(store))
    wanted = set(states)
    return [e for e in rows if e[0] in wanted]


def _query_events(store: ox.Store) -> list[tuple[URIRef, dt.date, str]]:
    found = {
        (r["s"], r["d"].toPython(), str(r["l"]))  # type: ignore[union-attr]
        for r in select(store, "draw/state-events")
    }
    return sorted(found, key=lambda t: (str(t[0]), t[1], t[2]))  # type: ignore[return-value]


def latest_date(store: ox.Store) -> dt.date:
    """The latest event, start, end or publication date (2000-01-01 in an empty graph)."""
    return _cached(store, "latest", lambda: _query_latest(store))  # type: ignore[return-value]


def _query_latest(store: ox.Store) -> dt.date:
    rows = select(store, "draw/latest-date")
    if rows and "hi" in rows[0]:
        return rows[0]["hi"].toPython()  # type: ignore[union-attr,return-value]
    return dt.date(2000, 1, 1)


__all__ = [
    "Bar",
    "Edge",
    "clear_cache",
    "acronyms",
    "conflict_parties_on",
    "default_organizations",
    "labels",
    "latest_date",
    "membership_bars",
    "memberships_on",
    "names_on",
    "node_kinds",
    "short_labels",
    "state_events",
]
