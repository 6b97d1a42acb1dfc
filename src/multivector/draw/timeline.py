"""Membership timelines: a Gantt chart per state of its memberships across organizations.

One row per (state, organization), a bar per membership coloured by role and hatched where the
network dashes it (:mod:`multivector.draw.styles`), and a row of ◆ markers for the events the
state took part in, each with its date and name as the SVG tooltip. matplotlib (Agg backend)
draws it with a fixed SVG hash salt, text kept as
text and no date metadata, so the same graph gives the same bytes. The steps below must keep
their order: matplotlib numbers the SVG elements in the order they are drawn.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from multivector.draw import facts
from multivector.draw.styles import hatch, legend_order, role_style
from multivector.namespaces import local_name

Row = tuple[URIRef, URIRef | None]  # (state, organization or None = its events)
Event = tuple[URIRef, dt.date, str]

RC = {
    "svg.hashsalt": "multivector",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 8,
}


def draw_timeline(
    store: ox.Store,
    states: Sequence[URIRef] | None = None,
    fmt: str = "svg",
    organization: URIRef | None = None,
) -> bytes:
    """A Gantt chart: one row per (state, organization), bars coloured by role, event markers.
    With ``organization``, the memberships in that organization only (one row per member
    state, no events)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bars = facts.membership_bars(store, states)
    if organization is not None:
        bars = [b for b in bars if b.organization == organization]
    labels = facts.labels(store)
    short = facts.short_labels(store)
    if states is None:
        states = sorted({b.state for b in bars}, key=lambda s: labels.get(s, str(s)))
    events = facts.state_events(store, states) if organization is None else []
    horizon = facts.latest_date(store) + dt.timedelta(days=365)
    rows = _rows(states, bars, events, short)
    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(11, 1.2 + 0.28 * len(rows)), dpi=100)
        y_of = {row: len(rows) - 1 - i for i, row in enumerate(rows)}
        roles_used = _draw_bars(ax, bars, y_of, horizon)
        tips = _draw_events(ax, events, y_of)
        names = _label_rows(ax, rows, y_of, labels, short)
        _format_axes(ax, len(rows), bars, horizon)
        ax.set_title(_title(states, labels, organization), fontsize=10)
        _legend(ax, roles_used, bool(events), labels)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        data = _save(fig, names, fmt)
        plt.close(fig)
    return _with_tooltips(data, tips) if fmt == "svg" else data


def _rows(
    states: Sequence[URIRef],
    bars: Sequence[facts.Bar],
    events: Sequence[Event],
    short: dict[URIRef, str],
) -> list[Row]:
    """Per state its organizations by short name, then an events row if it has events."""
    rows: list[Row] = []
    for state in states:
        orgs = sorted(
            {b.organization for b in bars if b.state == state},
            key=lambda o: short.get(o, str(o)).casefold(),
        )
        rows.extend((state, org) for org in orgs)
        if any(e[0] == state for e in events):
            rows.append((state, None))
    return rows or [(s, None) for s in states]


def _draw_bars(
    ax: Any, bars: Sequence[facts.Bar], y_of: dict[Row, int], horizon: dt.date
) -> list[URIRef]:
    """One bar per membership on its row (open ones run to ``horizon``); the roles drawn."""
    import matplotlib.dates as mdates

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
        hatched = hatch(bar.role)
        ax.barh(
            y,
            end - start,
            left=start,
            height=0.62,
            color=style.color,
            alpha=0.9 if hatched is None else 0.55,
            hatch=hatched,
            edgecolor="white" if hatched is None else style.color,
            linewidth=0.4,
        )
    return roles_used


def _draw_events(ax: Any, events: Sequence[Event], y_of: dict[Row, int]) -> dict[str, str]:
    """A ◆ per event on its state's events row; returns marker id -> tooltip ("date: label")."""
    import matplotlib.dates as mdates

    tips: dict[str, str] = {}
    for state, day, text in events:
        y = y_of.get((state, None))
        if y is None:
            continue
        gid = f"event-{len(tips)}"
        tips[gid] = f"{day.isoformat()}: {text}"
        ax.plot(
            [mdates.date2num(day)], [y], marker="D", color="#333333", markersize=4, zorder=3,
            gid=gid,
        )
    return tips


def _with_tooltips(svg: bytes, tips: dict[str, str]) -> bytes:
    """Each event marker's SVG group (``<g id="event-N">``) gets a ``<title>`` — the tooltip
    browsers show on hover; matplotlib has no API for SVG titles."""
    from xml.sax.saxutils import escape

    text = svg.decode("utf-8")
    for gid, tip in tips.items():
        group = f'<g id="{gid}">'
        text = text.replace(group, f"{group}\n   <title>{escape(tip)}</title>", 1)
    return text.encode("utf-8")


def _label_rows(
    ax: Any,
    rows: Sequence[Row],
    y_of: dict[Row, int],
    labels: dict[URIRef, str],
    short: dict[URIRef, str],
) -> list[str]:
    """"State · ORG" tick labels, and a separator line between states; returns the labels."""
    names = []
    for state, org in rows:
        head = labels.get(state, local_name(state))
        tail = short.get(org, local_name(org)) if org else "events"
        names.append(f"{head} · {tail}")
    ax.set_yticks([y_of[row] for row in rows])
    ax.set_yticklabels(names)
    previous = None
    for state, org in rows:
        if previous is not None and state != previous:
            ax.axhline(y_of[(state, org)] + 0.5, color="#cccccc", linewidth=0.6)
        previous = state
    return names


def _format_axes(ax: Any, count: int, bars: Sequence[facts.Bar], horizon: dt.date) -> None:
    """Years every four on the x axis, from January of the first start to ``horizon``."""
    import matplotlib.dates as mdates

    ax.xaxis_date()
    ax.xaxis.set_major_locator(mdates.YearLocator(base=4))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_ylim(-0.7, count - 0.3)
    if bars:
        lo = min(b.start for b in bars)
        ax.set_xlim(mdates.date2num(dt.date(lo.year, 1, 1)), mdates.date2num(horizon))


def _title(
    states: Sequence[URIRef], labels: dict[URIRef, str], organization: URIRef | None = None
) -> str:
    if organization is not None:
        return f"Members of {labels.get(organization, local_name(organization))} (bars: role)"
    title = "Memberships"
    if len(states) == 1:
        title += f" of {labels.get(states[0], local_name(states[0]))}"
    return title + " (bars: role; ◆ events from the sources)"


def _legend(ax: Any, roles_used: list[URIRef], events: bool, labels: dict[URIRef, str]) -> None:
    """The roles drawn (in :data:`ROLE_STYLES` order) and the event marker, right of the plot."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[object] = [
        Patch(
            facecolor=role_style(r).color,
            alpha=0.9 if role_style(r).style == "solid" else 0.55,
            hatch=hatch(r),
            edgecolor=role_style(r).color,
            label=labels.get(r, local_name(r)),
        )
        for r in legend_order(roles_used)
    ]
    if events:
        handles.append(Line2D([], [], marker="D", color="#333333", linestyle="", label="event"))
    if handles:
        ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=7
        )


def _save(fig: Any, names: Sequence[str], fmt: str) -> bytes:
    """Fixed margins in inches (tight_layout costs as much as the drawing itself), then bytes."""
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
    return buffer.getvalue()
