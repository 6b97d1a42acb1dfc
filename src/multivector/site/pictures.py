"""The site's pictures, drawn by :mod:`multivector.draw`: a membership timeline per state and
per organization, and the membership network on each source's publication date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCTERMS

from multivector import draw
from multivector.namespaces import MV
from multivector.site.collect import SiteData
from multivector.site.pages import anchor_name, node_path


def documents(data: SiteData) -> list[URIRef]:
    """The source documents, oldest first (then by IRI)."""
    docs = [n.iri for n in data.nodes.values() if MV.SourceDocument in n.all_types]
    return sorted(docs, key=lambda d: (str(data.nodes[d].first(DCTERMS.issued) or ""), str(d)))


def timelines(store: ox.Store, data: SiteData, root: Path, written: list[str]) -> dict[URIRef, str]:
    """``img/timeline/<name>.svg`` per state with memberships and per organization with
    members, each with a page; node -> path.
    Each path written is appended to ``written``."""
    found: dict[URIRef, str] = {}
    for state in sorted({b.state for b in draw.membership_bars(store)}, key=str):
        if state not in data.nodes:
            continue
        path = f"img/timeline/{anchor_name(state)}.svg"
        _write(root / path, draw.draw_timeline(store, [state], fmt="svg"))
        found[state] = path
        written.append(path)
    for org in sorted({b.organization for b in draw.membership_bars(store)}, key=str):
        if org not in data.nodes:
            continue
        path = f"img/timeline/{anchor_name(org)}.svg"
        _write(root / path, draw.draw_timeline(store, fmt="svg", organization=org))
        found[org] = path
        written.append(path)
    return found


def networks(store: ox.Store, data: SiteData, root: Path, written: list[str]) -> dict[str, str]:
    """``img/network-<date>.svg`` per publication date of a source, of the default organizations
    (:func:`multivector.draw.default_organizations`), each node linking to its page; date ->
    path. Each path written is appended to ``written``."""
    found: dict[str, str] = {}
    links = {iri: "../" + node_path(iri) for iri in data.nodes}  # relative to img/
    for document in documents(data):
        issued = data.nodes[document].first(DCTERMS.issued)
        if issued is None or str(issued) in found:
            continue
        day = str(issued)
        path = f"img/network-{day}.svg"
        on = dt.date.fromisoformat(day)
        orgs = draw.default_organizations(store, on)
        svg = draw.draw_network(store, on, orgs, fmt="svg", engine="neato", links=links)
        _write(root / path, svg)
        found[day] = path
        written.append(path)
    return found


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
