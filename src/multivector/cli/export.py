"""``multivector export``: the built graph in TriG, N-Quads, JSON-LD, Turtle, N-Triples, RDF/XML."""

from __future__ import annotations

from pathlib import Path

import typer

from multivector.atomic import is_special
from multivector.cli._common import (
    HOME_OPTION,
    INCLUDE_DRAFTS_OPTION,
    project_home,
    reports_errors,
)
from multivector.drafts import output_name
from multivector.errors import InputError
from multivector.export import EXPORT_FORMATS, export_all, export_file
from multivector.queries.engines import check_engine


@reports_errors
def export_command(
    output_format: str | None = typer.Option(
        None, "--format", "-f",
        help=f"One of {', '.join(EXPORT_FORMATS)} (default: all of them into dist/).",
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Output file (one format) or folder (all formats; default dist/)."
    ),
    engine: str = typer.Option("oxigraph", "--engine", help="Materialization engine."),
    include_drafts: bool = INCLUDE_DRAFTS_OPTION,
    home: Path | None = HOME_OPTION,
) -> None:
    """Export the graph (with inferences): quad formats keep one named graph per source.

    Without drafts by default; with --include-drafts the default file names become
    multivector-with-drafts.* so that they never replace the draft-free files."""
    if output_format is not None and output_format not in EXPORT_FORMATS:
        raise InputError(
            f"--format: unknown export format {output_format!r} "
            f"(choose from {', '.join(EXPORT_FORMATS)})"
        )
    check_engine(engine)
    from multivector.api import KnowledgeGraph

    root = project_home(home)
    kg = KnowledgeGraph.load(root, engine=engine, include_drafts=include_drafts)
    if output_format is None:
        folder = out or root / "dist"
        if folder.exists() and not folder.is_dir():
            raise InputError("--out: without --format this must be a folder", folder)
        written = export_all(kg.dataset, folder, include_drafts=include_drafts)
    else:
        filename = output_name(EXPORT_FORMATS[output_format].filename, include_drafts)
        target = out or root / "dist" / filename
        if target.is_dir():
            target = target / filename
        written = [export_file(kg.dataset, target, output_format)]
    for path in written:  # on stderr when the export itself went to stdout or a pipe
        typer.echo(f"wrote {path}", err=is_special(path))
