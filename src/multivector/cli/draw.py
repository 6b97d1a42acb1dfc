"""``multivector draw network|timeline|balance``: pictures of the graph (SVG or PNG)."""

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
    help="Draw the membership network on a date, membership timelines, or a state's balance.",
    no_args_is_help=True,
)

OUT_OPTION = typer.Option(..., "--out", "-o", help="Picture file: .svg or .png.")


@app.command("network")
@reports_errors
def network_command(
    at: str = typer.Option(..., "--at", help="The date D (YYYY-MM-DD)."),
    out: Path = OUT_OPTION,
    orgs: str | None = typer.Option(
        None, "--orgs",
        help="Comma-separated organizations (CSTO,SCO,…), or 'all'; default: those with at most "
        "16 memberships on D that are not part of another (no UN hairball).",
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
    if orgs is not None and orgs.strip().casefold() == "all":
        chosen = None
    elif orgs:
        chosen = draw.resolve_organizations(store, orgs.split(","))
    else:
        chosen = draw.default_organizations(store, day)
    if orgs is not None and orgs.strip().casefold() != "all" and not chosen:
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


@app.command("balance")
@reports_errors
def balance_command(
    state: str = typer.Argument(..., help="The state (name, ISO code or id)."),
    out: Path = OUT_OPTION,
    first: int | None = typer.Option(None, "--from", help="First year (default: the data's)."),
    last: int | None = typer.Option(None, "--to", help="Last year (default: the data's)."),
    home: Path | None = HOME_OPTION,
    include_drafts: bool = INCLUDE_DRAFTS_OPTION,
) -> None:
    """A stacked-area picture of the state's ties by leading power, year by year, with the
    source articles' dates marked (the ``balance`` panel)."""
    from multivector import draw
    from multivector.api import KnowledgeGraph
    from multivector.panels import build_table
    from multivector.panels.balance_plot import draw_balance, wide

    fmt = draw.output_format(out)
    kg = KnowledgeGraph.load(read_origin(home), include_drafts=include_drafts)
    table = build_table(kg, "balance", first=first, last=last, states=[state])
    label = kg.resolver().label(kg.resolve(state)) or state
    write_bytes_atomic(out, draw_balance(kg, table, label, fmt=fmt))
    typer.echo(f"wrote {out} ({len(wide(table)[0])} years)")
