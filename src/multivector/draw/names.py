"""Organizations and states named on the command line, resolved to IRIs of the graph.

``draw network --orgs CSTO,sco`` and ``draw timeline Kazakhstan UZ`` name things by local name,
label, alternative label (or, for states, ISO 3166 code), case-insensitively; an unknown or
ambiguous name is one clear error naming the parameter.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import URIRef

from multivector.errors import InputError
from multivector.internal_queries import select
from multivector.namespaces import local_name


def _name_index(store: ox.Store, query: str, subject: str) -> dict[str, set[URIRef]]:
    """casefolded local name or label -> the nodes it names, from a (subject, ?l) query."""
    index: dict[str, set[URIRef]] = {}
    for row in select(store, query):
        node = row[subject]
        index.setdefault(local_name(node).casefold(), set()).add(node)  # type: ignore[arg-type]
        index.setdefault(str(row["l"]).casefold(), set()).add(node)  # type: ignore[arg-type]
    return index


def resolve_organizations(store: ox.Store, names: Iterable[str]) -> list[URIRef]:
    """Organizations named by local name (``CSTO``), label or alt label, case-insensitively."""
    index = _name_index(store, "draw/organization-names", "o")
    chosen: list[URIRef] = []
    for name in names:
        key = name.strip().casefold()
        if not key:
            continue
        found = index.get(key)
        if not found:
            raise InputError(f"--orgs: unknown organization {name.strip()!r}")
        if len(found) > 1:
            options = ", ".join(sorted(local_name(o) for o in found))
            raise InputError(f"--orgs: {name.strip()!r} is ambiguous ({options})")
        org = next(iter(found))
        if org not in chosen:
            chosen.append(org)
    return chosen


def resolve_states(store: ox.Store, names: Iterable[str]) -> list[URIRef]:
    """States named by local name, label, alt label or ISO code (case-insensitive)."""
    index = _name_index(store, "draw/state-names", "s")
    chosen: list[URIRef] = []
    for name in names:
        found = index.get(name.strip().casefold())
        if not found or len(found) > 1:
            problem = "unknown" if not found else "ambiguous"
            raise InputError(f"STATE: {problem} state {name!r}")
        state = next(iter(found))
        if state not in chosen:
            chosen.append(state)
    return chosen
