"""``multivector site``: build the static site (ontology docs, entity/source pages, pictures)."""

from __future__ import annotations

from pathlib import Path

import typer

from multivector.cli._common import (
    HOME_OPTION,
    INCLUDE_DRAFTS_OPTION,
    output_root,
    read_origin,
    reports_errors,
)


@reports_errors
def site_command(
    out: Path | None = typer.Option(
        None, "--out",
        help="Output folder (default: dist/site of the workspace, or of the current folder "
        "outside one); replaced atomically."
    ),
    home: Path | None = HOME_OPTION,
    include_drafts: bool = INCLUDE_DRAFTS_OPTION,
) -> None:
    """Build a static site that works from file:// and any static host, with no network.

    Drafts are left out (they are not facts) unless --include-drafts."""
    from multivector.api import KnowledgeGraph
    from multivector.site import build_site

    origin = read_origin(home)
    kg = KnowledgeGraph.load(origin, include_drafts=include_drafts)
    report = build_site(origin.path, out or output_root(origin) / "site", store=kg.store)
    typer.echo(f"wrote {report.pages} pages and {len(report.pictures)} pictures to {report.out}")
    typer.echo(f"open {report.out / 'index.html'}")
