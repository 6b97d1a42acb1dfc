"""Pictures of the graph: the membership network on a date and membership timelines.

* :func:`network_dot` / :func:`draw_network` — states and organizations on one date, one edge per
  membership valid on that date (the ``valid on D`` idiom of docs/modeling.md), edge style by role,
  optionally the parties of the conflicts under way; laid out by Graphviz (Debian's ``graphviz``).
* :func:`draw_timeline` — a Gantt chart per state of its memberships across organizations, with the
  events it took part in as markers (matplotlib, Agg backend).

Both are deterministic: every list is sorted, Graphviz gets a fixed seed, and matplotlib's SVG
hash salt and date metadata are fixed, so the same graph gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from multivector.errors import InputError, ToolError
from multivector.namespaces import MVV
from multivector.site.collect import local_name, sparql

ENGINES = ("neato", "fdp", "dot", "sfdp", "circo")
FORMATS = ("svg", "png")


@dataclass(frozen=True)
class RoleStyle:
    color: str
    style: str  # graphviz edge style
    width: float
    sample: str  # legend glyphs drawn in the role's colour


#: edge style per membership role (mvv:MembershipRoleScheme); unknown roles fall back to OTHER
ROLE_STYLES: dict[URIRef, RoleStyle] = {
    MVV.FoundingMember: RoleStyle("#1f4e79", "solid", 2.6, "━━━"),
    MVV.Member: RoleStyle("#2b7bba", "solid", 1.6, "───"),
    MVV.PermanentMember: RoleStyle("#6a3d9a", "solid", 2.6, "━━━"),
    MVV.NonPermanentMember: RoleStyle("#9e7fc1", "solid", 1.6, "───"),
    MVV.Associate: RoleStyle("#17a2b8", "dashed", 1.4, "╌╌╌"),
    MVV.Observer: RoleStyle("#6c757d", "dashed", 1.4, "╌╌╌"),
    MVV.Partner: RoleStyle("#8c6d31", "dashed", 1.4, "╌╌╌"),
    MVV.DialoguePartner: RoleStyle("#b8860b", "dotted", 1.6, "┈┈┈"),
    MVV.Candidate: RoleStyle("#2ca02c", "dotted", 1.6, "┈┈┈"),
    MVV.Suspended: RoleStyle("#d62728", "dashed", 2.0, "╌╌╌"),
    MVV.Frozen: RoleStyle("#ff7f0e", "dotted", 2.2, "┈┈┈"),
    MVV.Withdrawn: RoleStyle("#aaaaaa", "dotted", 1.2, "┈┈┈"),
}
OTHER_ROLE = RoleStyle("#999999", "solid", 1.0, "───")
CONFLICT_STYLE = RoleStyle("#b22222", "solid", 1.2, "───")


def role_style(role: URIRef) -> RoleStyle:
    return ROLE_STYLES.get(role, OTHER_ROLE)


def parse_date(value: str, parameter: str = "--at") -> dt.date:
    """An ISO date from the command line; InputError naming the parameter otherwise."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InputError(f"{parameter}: not a date (expected YYYY-MM-DD): {value!r}") from None


def output_format(out: Path) -> str:
    suffix = out.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InputError(f"--out: unsupported picture format {out.suffix!r} (use .svg or .png)")
    return suffix


# --------------------------------------------------------------------------------------- labels


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


def _labels(store: ox.Store) -> dict[URIRef, str]:
    return dict(_cached(store, "labels", lambda: _query_labels(store)))


def _query_labels(store: ox.Store) -> dict[URIRef, str]:
    rows = sparql(
        store,
        """SELECT ?s ?l WHERE { { ?s rdfs:label ?l } UNION { ?s skos:prefLabel ?l }
             FILTER(LANG(?l) = "en" || LANG(?l) = "") } ORDER BY ?s ?l""",
    )
    found: dict[URIRef, str] = {}
    for row in rows:
        found.setdefault(row["s"], str(row["l"]))  # type: ignore[arg-type]
    return found


def _short_labels(store: ox.Store) -> dict[URIRef, str]:
    return dict(_cached(store, "short", lambda: _query_short_labels(store)))


def _query_short_labels(store: ox.Store) -> dict[URIRef, str]:
    """Acronyms for organizations (an all-caps English altLabel such as "CSTO"), else labels."""
    labels = _labels(store)
    rows = sparql(
        store,
        """SELECT ?s ?a WHERE { ?s a org:Organization ; skos:altLabel ?a
             FILTER(LANG(?a) = "en") } ORDER BY ?s STRLEN(?a) ?a""",
    )
    seen: set[URIRef] = set()
    for row in rows:
        text = str(row["a"])
        if text.replace(" ", "").isupper() and len(text) <= 8 and row["s"] not in seen:
            labels[row["s"]] = text  # type: ignore[index]
            seen.add(row["s"])  # type: ignore[arg-type]
    return labels


def resolve_organizations(store: ox.Store, names: Iterable[str]) -> list[URIRef]:
    """Organizations named by local name (``CSTO``), label or alt label, case-insensitively."""
    rows = sparql(
        store,
        """SELECT DISTINCT ?o ?l WHERE { ?o a org:Organization .
             { ?o rdfs:label ?l } UNION { ?o skos:altLabel ?l } }""",
    )
    index: dict[str, set[URIRef]] = {}
    for row in rows:
        org = row["o"]
        index.setdefault(local_name(org).casefold(), set()).add(org)  # type: ignore[arg-type]
        index.setdefault(str(row["l"]).casefold(), set()).add(org)  # type: ignore[arg-type]
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


# -------------------------------------------------------------------------------------- network


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
    rows = sparql(
        store,
        f"""SELECT DISTINCT ?m ?member ?org ?role WHERE {{
              ?m a mv:Membership ; org:member ?member ; org:organization ?org ;
                 org:role ?role ; mv:startDate ?start .
              FILTER (?start <= "{at.isoformat()}"^^xsd:date)
              OPTIONAL {{ ?m mv:endDate ?end }}
              FILTER (!BOUND(?end) || "{at.isoformat()}"^^xsd:date < ?end)
              FILTER NOT EXISTS {{ ?m mv:status mv:Draft }}
            }}""",
    )
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
    day = f'"{at.isoformat()}"^^xsd:date'
    rows = sparql(
        store,
        f"""SELECT DISTINCT ?c ?p ?k WHERE {{
              ?x a mv:ConflictParticipation ; mv:conflict ?c ; mv:participant ?p ;
                 mv:participationKind ?k .
              OPTIONAL {{ ?x mv:startDate ?start }}
              OPTIONAL {{ ?x mv:endDate ?end }}
              FILTER (!BOUND(?start) || ?start <= {day})
              FILTER (!BOUND(?end) || {day} < ?end)
              FILTER NOT EXISTS {{ ?x mv:status mv:Draft }}
            }}""",
    )
    return sorted(
        ((r["c"], r["p"], r["k"]) for r in rows),  # type: ignore[misc]
        key=lambda t: tuple(str(x) for x in t),
    )


def _types(store: ox.Store, nodes: Iterable[URIRef]) -> dict[URIRef, set[str]]:
    rows = sparql(
        store,
        """SELECT ?s ?t WHERE { ?s a ?t FILTER(?t IN (mv:State, org:Organization, mv:Person,
             mv:Conflict, mv:NonStateOrganization)) }""",
    )
    wanted = set(nodes)
    found: dict[URIRef, set[str]] = {n: set() for n in wanted}
    for row in rows:
        if row["s"] in wanted:
            found[row["s"]].add(local_name(row["t"]))  # type: ignore[index]
    return found


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def network_dot(
    store: ox.Store,
    at: dt.date,
    organizations: Sequence[URIRef] | None = None,
    conflicts: bool = False,
) -> str:
    """The Graphviz source of the membership network on ``at``."""
    edges = memberships_on(store, at, organizations)
    parties = conflict_parties_on(store, at) if conflicts else []
    labels = _short_labels(store)
    full = _labels(store)
    nodes = sorted(
        {e.member for e in edges}
        | {e.organization for e in edges}
        | {c for c, _p, _k in parties}
        | {p for _c, p, _k in parties},
        key=str,
    )
    types = _types(store, nodes)
    ids = {node: f"n{i}" for i, node in enumerate(nodes)}
    lines = [
        "graph membership {",
        f"  graph [label={_quote(f'Memberships on {at.isoformat()}')}, labelloc=t, fontsize=18,"
        ' fontname="DejaVu Sans", overlap=false, splines=true, sep="+12", outputorder=edgesfirst,'
        ' start=1, pad=0.3];',
        '  node [fontname="DejaVu Sans", fontsize=11, style=filled];',
        '  edge [fontname="DejaVu Sans", fontsize=8];',
    ]
    for node in nodes:
        kinds = types.get(node, set())
        name = labels.get(node, local_name(node))
        tooltip = full.get(node, name)
        if "Organization" in kinds and "State" not in kinds and "NonStateOrganization" not in kinds:
            attrs = 'shape=box, style="filled,rounded", fillcolor="#fde9c9", color="#c77d00",'
            attrs += " fontsize=13, penwidth=1.5"
        elif "Conflict" in kinds:
            attrs = 'shape=diamond, fillcolor="#f8d7da", color="#b22222", fontsize=10'
        elif "State" in kinds:
            attrs = 'shape=ellipse, fillcolor="#e3eefa", color="#2b5d8a"'
        else:
            attrs = 'shape=ellipse, fillcolor="#eeeeee", color="#777777"'
        lines.append(
            f"  {ids[node]} [label={_quote(name)}, tooltip={_quote(tooltip)}, "
            f"id={_quote(local_name(node))}, {attrs}];"
        )
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
    kinds_used: list[URIRef] = []
    for conflict, party, kind in parties:
        if kind not in kinds_used:
            kinds_used.append(kind)
        kind_name = full.get(kind, local_name(kind))
        lines.append(
            f"  {ids[party]} -- {ids[conflict]} [color={_quote(CONFLICT_STYLE.color)}, "
            f"style=solid, penwidth=1.0, label={_quote(kind_name)}, "
            f"fontcolor={_quote(CONFLICT_STYLE.color)}, class=\"conflict\"];"
        )
    # legend: an HTML-like table with a line sample per role in the role's colour
    order = list(ROLE_STYLES)
    roles_used.sort(key=lambda r: (order.index(r) if r in order else len(order), str(r)))
    rows = ['<TR><TD COLSPAN="2"><B>membership role</B></TD></TR>']
    for role in roles_used:
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
    if not edges and not parties:
        rows.append('<TR><TD COLSPAN="2">no membership valid on this date</TD></TR>')
    lines.append(
        '  legend [shape=plaintext, style="", fontsize=10, id="legend", label=<'
        '<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" COLOR="#999999">'
        + "".join(rows)
        + "</TABLE>>];"
    )
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_dot(source: str, fmt: str = "svg", engine: str = "neato") -> bytes:
    """Run Graphviz on ``source``; ToolError if it is not installed or fails."""
    if engine not in ENGINES:
        raise InputError(f"--engine: unknown layout engine {engine!r} ({', '.join(ENGINES)})")
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
) -> bytes:
    return render_dot(network_dot(store, at, organizations, conflicts), fmt, engine)


# ------------------------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class Bar:
    state: URIRef
    organization: URIRef
    role: URIRef
    start: dt.date
    end: dt.date | None


def resolve_states(store: ox.Store, names: Iterable[str]) -> list[URIRef]:
    """States named by local name, label, alt label or ISO code (case-insensitive)."""
    rows = sparql(
        store,
        """SELECT DISTINCT ?s ?l WHERE { ?s a mv:State .
             { ?s rdfs:label ?l } UNION { ?s skos:altLabel ?l } UNION { ?s mv:iso3166Alpha2 ?l }
             UNION { ?s mv:iso3166Alpha3 ?l } }""",
    )
    index: dict[str, set[URIRef]] = {}
    for row in rows:
        index.setdefault(local_name(row["s"]).casefold(), set()).add(row["s"])  # type: ignore[arg-type]
        index.setdefault(str(row["l"]).casefold(), set()).add(row["s"])  # type: ignore[arg-type]
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


def membership_bars(store: ox.Store, states: Sequence[URIRef] | None = None) -> list[Bar]:
    bars = list(_cached(store, "bars", lambda: _query_bars(store)))
    if states is not None:
        wanted = set(states)
        bars = [b for b in bars if b.state in wanted]
    return bars


def _query_bars(store: ox.Store) -> list[Bar]:
    rows = sparql(
        store,
        """SELECT DISTINCT ?s ?o ?r ?start ?end WHERE {
             ?m a mv:Membership ; org:member ?s ; org:organization ?o ; org:role ?r ;
                mv:startDate ?start .
             ?s a mv:State .
             OPTIONAL { ?m mv:endDate ?end }
             FILTER NOT EXISTS { ?m mv:status mv:Draft } }""",
    )
    bars = [
        Bar(
            r["s"],  # type: ignore[arg-type]
            r["o"],  # type: ignore[arg-type]
            r["r"],  # type: ignore[arg-type]
            r["start"].toPython(),  # type: ignore[union-attr]
            r["end"].toPython() if "end" in r else None,  # type: ignore[union-attr]
        )
        for r in rows
    ]
    return sorted(bars, key=lambda b: (str(b.state), str(b.organization), b.start, str(b.role)))


def state_events(store: ox.Store, states: Sequence[URIRef]) -> list[tuple[URIRef, dt.date, str]]:
    """(state, date, label) of the events each state took part in (participant or guarantor)."""
    rows = _cached(store, "events", lambda: _query_events(store))
    wanted = set(states)
    return [e for e in rows if e[0] in wanted]


def _query_events(store: ox.Store) -> list[tuple[URIRef, dt.date, str]]:
    rows = sparql(
        store,
        """SELECT DISTINCT ?s ?e ?d ?l WHERE {
             ?e a mv:Event ; mv:date ?d ; rdfs:label ?l .
             { ?e mv:participant ?s } UNION { ?e mv:guarantor ?s }
             FILTER(LANG(?l) = "en" || LANG(?l) = "")
             FILTER NOT EXISTS { ?e mv:status mv:Draft } }""",
    )
    found = {
        (r["s"], r["d"].toPython(), str(r["l"]))  # type: ignore[union-attr]
        for r in rows
    }
    return sorted(found, key=lambda t: (str(t[0]), t[1], t[2]))  # type: ignore[return-value]


def _latest_date(store: ox.Store) -> dt.date:
    return _cached(store, "latest", lambda: _query_latest(store))  # type: ignore[return-value]


def _query_latest(store: ox.Store) -> dt.date:
    rows = sparql(
        store,
        """SELECT (MAX(?d) AS ?hi) WHERE { ?s ?p ?d FILTER(DATATYPE(?d) = xsd:date)
             FILTER(?p IN (mv:date, mv:startDate, mv:endDate, dcterms:issued)) }""",
    )
    if rows and "hi" in rows[0]:
        return rows[0]["hi"].toPython()  # type: ignore[union-attr,return-value]
    return dt.date(2000, 1, 1)


def draw_timeline(
    store: ox.Store, states: Sequence[URIRef] | None = None, fmt: str = "svg"
) -> bytes:
    """A Gantt chart: one row per (state, organization), bars coloured by role, event markers."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    bars = membership_bars(store, states)
    labels = _labels(store)
    short = _short_labels(store)
    if states is None:
        states = sorted({b.state for b in bars}, key=lambda s: labels.get(s, str(s)))
    events = state_events(store, states)
    horizon = _latest_date(store) + dt.timedelta(days=365)

    rows: list[tuple[URIRef, URIRef | None]] = []  # (state, organization or None = events)
    for state in states:
        orgs = sorted(
            {b.organization for b in bars if b.state == state},
            key=lambda o: short.get(o, str(o)).casefold(),
        )
        rows.extend((state, org) for org in orgs)
        if any(e[0] == state for e in events):
            rows.append((state, None))
    if not rows:
        rows = [(s, None) for s in states]

    with plt.rc_context(
        {
            "svg.hashsalt": "multivector",
            "svg.fonttype": "none",
            "font.family": "DejaVu Sans",
            "font.size": 8,
        }
    ):
        height = 1.2 + 0.28 * len(rows)
        fig, ax = plt.subplots(figsize=(11, height), dpi=100)
        y_of = {row: len(rows) - 1 - i for i, row in enumerate(rows)}
        roles_used: list[URIRef] = []
        for bar in bars:
            y = y_of.get((bar.state, bar.organization))
            if y is None:
                continue
            style = role_style(bar.role)
            if bar.role not in roles_used:
                roles_used.append(bar.role)
            start = mdates.date2num(bar.start)
            end = mdates.date2num(bar.end or horizon)
            hatch = {"dashed": "//", "dotted": ".."}.get(style.style)
            ax.barh(
                y,
                end - start,
                left=start,
                height=0.62,
                color=style.color,
                alpha=0.9 if hatch is None else 0.55,
                hatch=hatch,
                edgecolor="white" if hatch is None else style.color,
                linewidth=0.4,
            )
        for state, day, _text in events:
            y = y_of.get((state, None))
            if y is None:
                continue
            x = mdates.date2num(day)
            ax.plot([x], [y], marker="D", color="#333333", markersize=4, zorder=3)
        ticks = [y_of[row] for row in rows]
        names = []
        for state, org in rows:
            head = labels.get(state, local_name(state))
            tail = short.get(org, local_name(org)) if org else "events"
            names.append(f"{head} · {tail}")
        ax.set_yticks(ticks)
        ax.set_yticklabels(names)
        previous = None
        for state, _org in rows:  # separators between states
            if previous is not None and state != previous:
                ax.axhline(y_of[(state, _org)] + 0.5, color="#cccccc", linewidth=0.6)
            previous = state
        ax.xaxis_date()
        ax.xaxis.set_major_locator(mdates.YearLocator(base=4))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_ylim(-0.7, len(rows) - 0.3)
        if bars:
            lo = min(b.start for b in bars)
            ax.set_xlim(mdates.date2num(dt.date(lo.year, 1, 1)), mdates.date2num(horizon))
        title = "Memberships"
        if len(states) == 1:
            title += f" of {labels.get(states[0], local_name(states[0]))}"
        ax.set_title(title + " (bars: role; ◆ events from the sources)", fontsize=10)
        order = list(ROLE_STYLES)
        roles_used.sort(key=lambda r: (order.index(r) if r in order else len(order), str(r)))
        handles: list[object] = [
            Patch(
                facecolor=role_style(r).color,
                alpha=0.9 if role_style(r).style == "solid" else 0.55,
                hatch={"dashed": "//", "dotted": ".."}.get(role_style(r).style),
                edgecolor=role_style(r).color,
                label=labels.get(r, local_name(r)),
            )
            for r in roles_used
        ]
        if events:
            handles.append(
                Line2D([], [], marker="D", color="#333333", linestyle="", label="event")
            )
        if handles:
            ax.legend(
                handles=handles,
                loc="upper left",
                bbox_to_anchor=(1.01, 1.0),
                frameon=False,
                fontsize=7,
            )
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        # fixed margins in inches (tight_layout costs as much as the drawing itself)
        width_in, height_in = fig.get_size_inches()
        longest = max((len(n) for n in names), default=10)
        fig.subplots_adjust(
            left=min(0.45, (0.25 + 0.062 * longest) / width_in),
            right=1 - 1.75 / width_in,
            top=1 - 0.45 / height_in,
            bottom=0.45 / height_in,
        )
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, metadata=metadata)
        plt.close(fig)
    return buffer.getvalue()


__all__ = [
    "ROLE_STYLES",
    "draw_network",
    "draw_timeline",
    "membership_bars",
    "memberships_on",
    "network_dot",
    "output_format",
    "parse_date",
    "render_dot",
    "resolve_organizations",
    "resolve_states",
]
