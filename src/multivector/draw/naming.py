"""What an organization is called in a picture: its name on the date drawn, one abbreviation.

*One abbreviation.* An organization with several all-caps English alternative labels is shown
by the one that spells its identifier (``id:EAEU`` → "EAEU", never "EEU"), which is also the name
the command line takes (``--orgs EAEU``); otherwise by its shortest one.

*The name on the date.* An organization renamed by an ``org:ChangeEvent`` with an
``mv:resultingName`` (``queries/internal/draw/renames.rq``) is named by its label before the
first rename and by the latest resulting name on or before the date after it, as the panels do:
the Turkic Council is "Turkic Council" on 2017-06-22 and "Organization of Turkic States" (short
"OTS", the acronym whose letters are the name's initials) from 2021-11-12. Its abbreviation on a
date is the acronym that spells that name's initials, else the name itself.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pyoxigraph as ox
from rdflib import URIRef

from multivector.internal_queries import select
from multivector.namespaces import local_name

MAX_ACRONYM = 8


def is_acronym(text: str) -> bool:
    return text.replace(" ", "").replace("+", "").isupper() and len(text) <= MAX_ACRONYM


def choose_acronym(node: URIRef, candidates: list[str]) -> str | None:
    """The acronym that spells the node's identifier, else the shortest (then alphabetical)."""
    acronyms = sorted({c for c in candidates if is_acronym(c)}, key=lambda a: (len(a), a))
    ident = local_name(node).casefold()
    for acronym in acronyms:
        if acronym.casefold() == ident:
            return acronym
    return acronyms[0] if acronyms else None


def initials(name: str) -> str:
    """"Organization of Turkic States" → "OTS": the first letters of its capitalised words."""
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper())


def renames(store: ox.Store) -> dict[URIRef, list[tuple[dt.date, str]]]:
    """Organization -> its (date, new name) renames, oldest first."""
    found: dict[URIRef, list[tuple[dt.date, str]]] = defaultdict(list)
    for row in select(store, "draw/renames"):
        found[row["organization"]].append(  # type: ignore[index]
            (row["date"].toPython(), str(row["name"]))  # type: ignore[union-attr]
        )
    return {org: sorted(dated) for org, dated in found.items()}


def name_on(label: str, dated: list[tuple[dt.date, str]], day: dt.date) -> str:
    """The name on ``day``: the latest rename on or before it, else the label."""
    name = label
    for date, new in dated:
        if date <= day:
            name = new
    return name


def names_on(
    day: dt.date,
    labels: dict[URIRef, str],
    short: dict[URIRef, str],
    acronyms: dict[URIRef, list[str]],
    renamed: dict[URIRef, list[tuple[dt.date, str]]],
) -> tuple[dict[URIRef, str], dict[URIRef, str]]:
    """(full names, short names) on ``day``: ``labels`` and ``short`` with every renamed
    organization named as it was that day."""
    full, brief = dict(labels), dict(short)
    for org, dated in renamed.items():
        name = name_on(labels.get(org, local_name(org)), dated, day)
        full[org] = name
        spelled = [a for a in acronyms.get(org, []) if is_acronym(a) and a == initials(name)]
        brief[org] = spelled[0] if spelled else name
    return full, brief
