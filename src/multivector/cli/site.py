"""``multivector site``: build the static site (ontology docs, entity/source pages, pictures)."""

from __future__ import annotations

from pathlib import Path

import typer

from multivector.cli._common import (
    HOME_OPTION,
    INCLUDE_DRAFTS_OPTION,
    project_home,
    reports_errors,
)


@reports_errors
def site_command(
    out: Path | None = typer.Option(
        None, "--out", help="Output folder (default: <home>/dist/site); replaced atomically."
    ),
    home: Path | None = HOME_OPTION,
    include_drafts: bool = INCLUDE_DRAFTS_OPTION,
) -> None:
    """Build a static site that works from file:// and any static host, with no network.

    Drafts are left out (they are not facts) unless --include-drafts."""
    from multivector.build import reason
    from multivector.site import build_site

    root = project_home(home)
    store = reason(root, include_drafts=include_drafts).store
    report = build_site(root, out, store)
    typer.echo(f"wrote {report.pages} pages and {len(report.pictures)} pictures to {report.out}")
    typer.echo(f"open {report.out / 'index.html'}")
