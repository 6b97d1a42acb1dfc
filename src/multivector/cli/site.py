"""``multivector site``: build the static site (ontology docs, entity/source pages, pictures)."""

from __future__ import annotations

from pathlib import Path

import typer

from multivector.cli._common import HOME_OPTION, project_home, reports_errors


@reports_errors
def site_command(
    out: Path | None = typer.Option(
        None, "--out", help="Output folder (default: <home>/dist/site); replaced atomically."
    ),
    home: Path | None = HOME_OPTION,
) -> None:
    """Build a static site that works from file:// and any static host, with no network."""
    from multivector.site import build_site

    report = build_site(project_home(home), out)
    typer.echo(f"wrote {report.pages} pages and {len(report.pictures)} pictures to {report.out}")
    typer.echo(f"open {report.out / 'index.html'}")
