"""``multivector export``: the built graph in TriG, N-Quads, JSON-LD, Turtle, N-Triples, RDF/XML."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from multivector.atomic import is_special
from multivector.cli._common import (
    HOME_OPTION,
    INCLUDE_DRAFTS_OPTION,
    output_root,
    read_origin,
    reports_errors,
)
from multivector.drafts import output_name
from multivector.errors import InputError
from multivector.export import EXPORT_FORMATS, Exporter, export_all, export_file
from multivector.queries.engines import check_engine


@reports_errors
def export_command(
    output_format: str | None = typer.Option(
        None, "--format", "-f",
        help=f"One of {', '.join(EXPORT_FORMATS)} (default: all of them into dist/).",
    ),
    out: Path | None = typer.Option(
        None, "--out",
        help="Output file (one format; - for standard output) or folder (all formats); "
        "default: dist/ of the workspace, or of the current folder outside one.",
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
    if out is not None and str(out) == "-" and output_format is None:
        raise InputError("--out -: give one --format to write to standard output")
    from multivector.api import KnowledgeGraph

    origin = read_origin(home)
    kg = KnowledgeGraph.load(origin, engine=engine, include_drafts=include_drafts)
    if out is not None and str(out) == "-":
        data = Exporter(None, kg.quads()).data(output_format)  # type: ignore[arg-type]
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    root = output_root(origin)
    if output_format is None:
        folder = out or root
        if folder.exists() and not folder.is_dir():
            raise InputError("--out: without --format this must be a folder", folder)
        written = export_all(None, folder, include_drafts=include_drafts, quads=kg.quads())
    else:
        filename = output_name(EXPORT_FORMATS[output_format].filename, include_drafts)
        target = out or root / filename
        if target.is_dir():
            target = target / filename
        written = [export_file(None, target, output_format, quads=kg.quads())]
    for path in written:  # on stderr when the export itself went to stdout or a pipe
        typer.echo(f"wrote {path}", err=is_special(path))
