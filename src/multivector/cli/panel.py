"""``multivector panel KIND``: the graph as tables (country-year, dyad-year, events, balance)."""

from __future__ import annotations

from pathlib import Path

import typer

from multivector.cli._common import (
    HOME_OPTION,
    INCLUDE_DRAFTS_OPTION,
    read_origin,
    reports_errors,
)
from multivector.errors import InputError


def _names(values: list[str] | None) -> list[str]:
    """``--states KZ,KG --states RU`` -> ``[KZ, KG, RU]``."""
    return [n.strip() for v in values or [] for n in v.split(",") if n.strip()]


@reports_errors
def panel_command(
    kind: str = typer.Argument(..., help="country-year, dyad-year, events or balance."),
    state: str | None = typer.Argument(None, help="balance: the state (name, ISO code or id)."),
    first: int | None = typer.Option(None, "--from", help="First year (default: the data's)."),
    last: int | None = typer.Option(None, "--to", help="Last year (default: the data's)."),
    states: list[str] | None = typer.Option(
        None, "--states", help="States (comma-separated names, ISO codes or ids); default: all."
    ),
    orgs: list[str] | None = typer.Option(
        None, "--orgs", help="Organizations (comma-separated); default: all with memberships."
    ),
    fmt: str | None = typer.Option(
        None, "--format", help="csv, tsv, parquet or json (default: by --out's suffix, else csv)."
    ),
    out: str | None = typer.Option(None, "--out", "-o", help="Output file, or - for stdout."),
    home: Path | None = HOME_OPTION,
    include_drafts: bool = INCLUDE_DRAFTS_OPTION,
) -> None:
    """Write a table for political scientists (codebook: docs/panels.md)."""
    from multivector.api import KnowledgeGraph
    from multivector.panels import KINDS, build_table
    from multivector.panels.output import check_format, format_for, write

    if kind not in KINDS:
        raise InputError(f"unknown panel {kind!r} (choose {', '.join(KINDS)})")
    chosen = _names(states)
    if kind == "balance":
        if state is None:
            raise InputError("balance: name the state (multivector panel balance STATE)")
        chosen = [state]
    elif state is not None:
        raise InputError(f"{kind}: unexpected argument {state!r} (use --states)")
    form = format_for(out, fmt)
    check_format(form, out)  # Parquet: pandas and pyarrow, before the graph is opened
    kg = KnowledgeGraph.load(read_origin(home), include_drafts=include_drafts)
    table = build_table(kg, kind, first=first, last=last, states=chosen, orgs=_names(orgs))
    write(table, out, form)
    if out not in (None, "-"):
        typer.echo(f"wrote {out} ({len(table)} rows, {form})")
