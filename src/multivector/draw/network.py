"""The membership network on a date: Graphviz source, and the picture Graphviz makes of it.

States and organizations are nodes, each membership valid on the date an edge styled by its role
(:mod:`multivector.draw.styles`); optionally the conflicts under way and their parties are added
as diamonds. A legend lists the roles drawn. Nodes and edges are sorted and ``neato`` gets a fixed
seed (``start=1``), so the same graph gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Mapping, Sequence

import pyoxigraph as ox
from rdflib import URIRef

from multivector.draw import facts
from multivector.draw.options import check_engine
from multivector.draw.styles import CONFLICT_STYLE, legend_order, role_style
from multivector.errors import ToolError
from multivector.namespaces import local_name

Party = tuple[URIRef, URIRef, URIRef]  # (conflict, participant, participation kind)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def network_dot(
    store: ox.Store,
    at: dt.date,
    organizations: Sequence[URIRef] | None = None,
    conflicts: bool = False,
    links: Mapping[URIRef, str] | None = None,
) -> str:
    """The Graphviz source of the membership network on ``at``, organizations named as they
    were that day; ``links`` gives a node's link target (the SVG opens it in the whole window)."""
    edges = facts.memberships_on(store, at, organizations)
    parties = facts.conflict_parties_on(store, at) if conflicts else []
    full, short = facts.names_on(store, at)
    nodes = _nodes(edges, parties)
    kinds = facts.node_kinds(store, nodes)
    ids = {node: f"n{i}" for i, node in enumerate(nodes)}
    lines = _header(at)
    for node in nodes:
        line = _node_line(node, ids[node], kinds.get(node, set()), short, full)
        if links and node in links:
            line = line[: -len("];")] + f", href={_quote(links[node])}, target=\"_top\"];"
        lines.append(line)
    edge_lines, roles_used = _membership_edges(edges, ids, full)
    lines.extend(edge_lines)
    lines.extend(_conflict_edges(parties, ids, full))
    lines.append(_legend(roles_used, full, bool(parties), empty=not edges and not parties))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _nodes(edges: Sequence[facts.Edge], parties: Sequence[Party]) -> list[URIRef]:
    """Every member, organization, conflict and party drawn, sorted by IRI."""
    return sorted(
        {e.member for e in edges}
        | {e.organization for e in edges}
        | {c for c, _p, _k in parties}
        | {p for _c, p, _k in parties},
        key=str,
    )


def _header(at: dt.date) -> list[str]:
    return [
        "graph membership {",
        f"  graph [label={_quote(f'Memberships on {at.isoformat()}')}, labelloc=t, fontsize=18,"
        ' fontname="DejaVu Sans", overlap=false, splines=true, sep="+12", outputorder=edgesfirst,'
        ' start=1, pad=0.3];',
        '  node [fontname="DejaVu Sans", fontsize=11, style=filled];',
        '  edge [fontname="DejaVu Sans", fontsize=8];',
    ]


def _node_attrs(kinds: set[str]) -> str:
    """Shape and colours by kind: organizations boxes, conflicts diamonds, states ellipses."""
    if "Organization" in kinds and "State" not in kinds and "NonStateOrganization" not in kinds:
        attrs = 'shape=box, style="filled,rounded", fillcolor="#fde9c9", color="#c77d00",'
        return attrs + " fontsize=13, penwidth=1.5"
    if "Conflict" in kinds:
        return 'shape=diamond, fillcolor="#f8d7da", color="#b22222", fontsize=10'
    if "State" in kinds:
        return 'shape=ellipse, fillcolor="#e3eefa", color="#2b5d8a"'
    return 'shape=ellipse, fillcolor="#eeeeee", color="#777777"'


def _node_line(
    node: URIRef, node_id: str, kinds: set[str], short: dict[URIRef, str], full: dict[URIRef, str]
) -> str:
    name = short.get(node, local_name(node))
    tooltip = full.get(node, name)
    return (
        f"  {node_id} [label={_quote(name)}, tooltip={_quote(tooltip)}, "
        f"id={_quote(local_name(node))}, {_node_attrs(kinds)}];"
    )


def _membership_edges(
    edges: Sequence[facts.Edge], ids: dict[URIRef, str], full: dict[URIRef, str]
) -> tuple[list[str], list[URIRef]]:
    """One line per membership, and the roles drawn in order of appearance."""
    lines: list[str] = []
    roles_used: list[URIRef] = []
    for edge in edges:
        style = role_style(edge.role)
        if edge.role not in roles_used:
            roles_used.append(edge.role)
        role_name = full.get(edge.role, local_name(edge.role))
        lines.append(
            f"  {ids[edge.member]} -- {ids[edge.organization]} [color={_quote(style.color)}, "
            f"style={style.style}, penwidth={style.width}, "
            f"tooltip={_quote(f'{full.get(edge.member, edge.member)}: {role_name}')}, "
            f'class={_quote("role-" + local_name(edge.role))}];'
        )
    return lines, roles_used


def _conflict_edges(
    parties: Sequence[Party], ids: dict[URIRef, str], full: dict[URIRef, str]
) -> list[str]:
    """One line per conflict party, labelled with its part."""
    lines = []
    for conflict, party, kind in parties:
        kind_name = full.get(kind, local_name(kind))
        lines.append(
            f"  {ids[party]} -- {ids[conflict]} [color={_quote(CONFLICT_STYLE.color)}, "
            f"style=solid, penwidth=1.0, label={_quote(kind_name)}, "
            f"fontcolor={_quote(CONFLICT_STYLE.color)}, class=\"conflict\"];"
        )
    return lines


def _legend(roles_used: list[URIRef], full: dict[URIRef, str], parties: bool, empty: bool) -> str:
    """The legend node: an HTML-like table with a line sample per role in the role's colour."""
    rows = ['<TR><TD COLSPAN="2"><B>membership role</B></TD></TR>']
    for role in legend_order(roles_used):
        style = role_style(role)
        rows.append(
            f'<TR><TD><FONT COLOR="{style.color}">{style.sample}</FONT></TD>'
            f'<TD ALIGN="LEFT">{_html(full.get(role, local_name(role)))}</TD></TR>'
        )
    if parties:
        rows.append(
            f'<TR><TD><FONT COLOR="{CONFLICT_STYLE.color}">{CONFLICT_STYLE.sample}</FONT></TD>'
            '<TD ALIGN="LEFT">conflict party (labelled with its part)</TD></TR>'
        )
    rows.append(
        '<TR><TD BGCOLOR="#fde9c9">  box  </TD><TD ALIGN="LEFT">organization</TD></TR>'
        '<TR><TD BGCOLOR="#e3eefa">ellipse</TD><TD ALIGN="LEFT">state</TD></TR>'
    )
    if empty:
        rows.append('<TR><TD COLSPAN="2">no membership valid on this date</TD></TR>')
    return (
        '  legend [shape=plaintext, style="", fontsize=10, id="legend", label=<'
        '<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" COLOR="#999999">'
        + "".join(rows)
        + "</TABLE>>];"
    )


def render_dot(source: str, fmt: str = "svg", engine: str = "neato") -> bytes:
    """Run Graphviz on ``source``; ToolError if it is not installed or fails."""
    check_engine(engine)
    exe = shutil.which(engine)
    if exe is None:
        raise ToolError(
            f"graphviz's {engine!r} is not installed (run scripts/install-debian-deps.sh)"
        )
    try:
        done = subprocess.run(
            [exe, f"-T{fmt}"], input=source.encode("utf-8"), capture_output=True, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ToolError(f"{engine} failed: {exc}") from None
    if done.returncode != 0:
        first = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["?"])[0]
        raise ToolError(f"{engine} failed: {first}")
    return done.stdout


def draw_network(
    store: ox.Store,
    at: dt.date,
    organizations: Sequence[URIRef] | None = None,
    conflicts: bool = False,
    fmt: str = "svg",
    engine: str = "neato",
    links: Mapping[URIRef, str] | None = None,
) -> bytes:
    """The picture of :func:`network_dot` in ``fmt`` (svg, png), laid out by ``engine``."""
    return render_dot(network_dot(store, at, organizations, conflicts, links), fmt, engine)
