"""``multivector draw network|timeline``: pictures of the membership graph (SVG or PNG)."""

from __future__ import annotations

from pathlib import Path

import typer

from multivector.atomic import write_bytes_atomic
from multivector.cli._common import (
    HOME_OPTION,
    INCLUDE_DRAFTS_OPTION,
    read_origin,
    reports_errors,
)
from multivector.errors import InputError

app = typer.Typer(
    help="Draw the membership network on a date, or membership timelines.",
    no_args_is_help=True,
)

OUT_OPTION = typer.Option(..., "--out", "-o", help="Picture file: .svg or .png.")


@app.command("network")
@reports_errors
def network_command(
    at: str = typer.Option(..., "--at", help="The date D (YYYY-MM-DD)."),
    out: Path = OUT_OPTION,
    orgs: str | None = typer.Option(
        None, "--orgs", help="Comma-separated organizations (CSTO,SCO,…); default: all."
    ),
    conflicts: bool = typer.Option(
        False, "--conflicts", help="Also draw the parties of the conflicts under way on D."
    ),
    engine: str = typer.Option(
        "neato", "--engine", help="Graphviz layout: neato (deterministic), fdp, dot, …"
    ),
    home: Path | None = HOME_OPTION,
    include_drafts: bool = INCLUDE_DRAFTS_OPTION,
) -> None:
    """States and organizations linked by the memberships valid on D, edge style by role."""
    from multivector import draw
    from multivector.api import KnowledgeGraph

    day = draw.parse_date(at, "--at")
    fmt = draw.output_format(out)
    draw.check_engine(engine)
    store = KnowledgeGraph.load(read_origin(home), include_drafts=include_drafts).store
    chosen = draw.resolve_organizations(store, orgs.split(",")) if orgs else None
    if orgs is not None and not chosen:
        raise InputError("--orgs: no organization given")
    data = draw.draw_network(store, day, chosen, conflicts=conflicts, fmt=fmt, engine=engine)
    write_bytes_atomic(out, data)
    edges = draw.memberships_on(store, day, chosen)
    typer.echo(f"wrote {out} ({len(edges)} memberships on {day.isoformat()})")


@app.command("timeline")
@reports_errors
def timeline_command(
    states: list[str] | None = typer.Argument(
        None, help="States (name, ISO code or id); default: every state with memberships."
    ),
    out: Path = OUT_OPTION,
    home: Path | None = HOME_OPTION,
    include_drafts: bool = INCLUDE_DRAFTS_OPTION,
) -> None:
    """A Gantt chart of each state's memberships across organizations, with its events."""
    from multivector import draw
    from multivector.api import KnowledgeGraph

    fmt = draw.output_format(out)
    store = KnowledgeGraph.load(read_origin(home), include_drafts=include_drafts).store
    chosen = draw.resolve_states(store, states) if states else None
    write_bytes_atomic(out, draw.draw_timeline(store, chosen, fmt=fmt))
    typer.echo(f"wrote {out}")
