"""Pictures of the graph: the membership network on a date and membership timelines.

* :func:`network_dot` / :func:`draw_network` — states and organizations on one date, one edge per
  membership valid on that date (the ``valid on D`` idiom of docs/modeling.md), edge style by role,
  optionally the parties of the conflicts under way; laid out by Graphviz (Debian's ``graphviz``).
* :func:`draw_timeline` — a Gantt chart per state of its memberships across organizations, with the
  events it took part in as markers (matplotlib, Agg backend).

Both are deterministic: every list is sorted, Graphviz gets a fixed seed, and matplotlib's SVG
hash salt and date metadata are fixed, so the same graph gives the same bytes.

Modules: ``options`` (command-line values), ``styles`` (how a role looks), ``facts`` (what the
graph says, through ``queries/internal/draw/*.rq``), ``naming`` (an organization's name on a
date and its one abbreviation), ``names`` (names on the command line → IRIs), ``network``
(Graphviz), ``timeline`` (matplotlib). The package imports nothing from
:mod:`multivector.site`; the site imports it to draw its pictures.
"""

from __future__ import annotations

from multivector.draw.facts import (
    Bar,
    Edge,
    clear_cache,
    conflict_parties_on,
    default_organizations,
    membership_bars,
    memberships_on,
    state_events,
)
from multivector.draw.names import resolve_organizations, resolve_states
from multivector.draw.network import draw_network, network_dot, render_dot
from multivector.draw.options import ENGINES, FORMATS, check_engine, output_format, parse_date
from multivector.draw.styles import ROLE_STYLES, RoleStyle, role_style
from multivector.draw.timeline import draw_timeline
from multivector.namespaces import MVV

__all__ = [
    "ENGINES",
    "FORMATS",
    "MVV",
    "ROLE_STYLES",
    "Bar",
    "Edge",
    "RoleStyle",
    "check_engine",
    "clear_cache",
    "conflict_parties_on",
    "default_organizations",
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
    "role_style",
    "state_events",
]
