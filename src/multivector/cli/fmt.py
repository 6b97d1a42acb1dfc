"""``multivector fmt``: rewrite graph files in canonical form, or ``--check`` that they are."""

from __future__ import annotations

from pathlib import Path

import typer

from multivector import paths
from multivector.canonical import fmt
from multivector.cli._common import EXIT_FAIL, HOME_OPTION, project_home, reports_errors
from multivector.errors import InputError


@reports_errors
def fmt_command(
    targets: list[Path] | None = typer.Argument(
        None, help="Files or folders (default: ontology/, data/, shapes/)."
    ),
    check: bool = typer.Option(False, "--check", help="Only report non-canonical files; exit 1."),
    home: Path | None = HOME_OPTION,
) -> None:
    """Canonicalize Turtle/TriG files (sorted, deterministic rdflib serialization)."""
    if not targets:
        root = project_home(home)
        targets = [
            folder
            for folder in (paths.ontology_dir(root), paths.data_dir(root), paths.shapes_dir(root))
            if folder.is_dir()
        ]
        if not targets:
            raise InputError("no ontology/, data/ or shapes/ folder to format", root)
    results = fmt(targets, check=check)
    changed = [r.path for r in results if r.changed]
    if check:
        for path in changed:
            typer.echo(f"not canonical: {path}")
        typer.echo(f"{len(results)} files checked, {len(changed)} not canonical")
        if changed:
            raise typer.Exit(EXIT_FAIL)
        return
    for path in changed:
        typer.echo(f"reformatted {path}")
    typer.echo(f"{len(results)} files, {len(changed)} reformatted")
