"""``multivector validate``: the validation gate (SHACL shapes + QC queries) on the project graph
or on some files.

Exit 0 conforms (warnings and infos allowed), 1 violations (a SHACL violation or a QC row),
2 input could not be loaded.
"""

from __future__ import annotations

from pathlib import Path

import typer

from multivector.cli._common import (
    ENGINE_OPTION,
    EXIT_CANNOT_RUN,
    EXIT_FAIL,
    HOME_OPTION,
    SHACL_ENGINE_OPTION,
    project_home,
    reports_errors,
)
from multivector.errors import InputError
from multivector.report import RENDERERS
from multivector.validation import ValidationOptions, validate_files, validate_project


@reports_errors
def validate_command(
    files: list[Path] | None = typer.Argument(  # noqa: B008
        None,
        help="Files or folders to validate (default: the whole project). The project's "
        "ontology and reference data are loaded with them as context; only results about "
        "nodes described in these files are reported, and only the data contract "
        "(shapes/contract/) and the QC queries run.",
        show_default=False,
    ),
    output_format: str = typer.Option(
        "text", "--format", "-f", help="Report format: text, json or ttl (SHACL report graph)."
    ),
    shapes: Path | None = typer.Option(  # noqa: B008
        None, "--shapes",
        help="Shapes file or folder (default: shapes/contract/ and shapes/dev/).",
    ),
    home: Path | None = HOME_OPTION,
    engine: str = ENGINE_OPTION,
    shacl_engine: str | None = SHACL_ENGINE_OPTION,
) -> None:
    """Validate the graph: the SHACL shapes of shapes/ and the QC queries of queries/qc/.

    Drafts are validated too (reported as sh:Info). Exit 0 conforms (warnings and infos
    allowed), 1 violations, 2 input could not be loaded.
    """
    if output_format not in RENDERERS:
        raise InputError(
            f"--format: unknown format {output_format!r} (choose from {', '.join(RENDERERS)})"
        )
    root = project_home(home)
    options = ValidationOptions(
        reasoning="rules", engine=engine, shacl_engine=shacl_engine,
        shapes=(shapes,) if shapes is not None else None, dev=not files, home=root,
    ).checked()
    if files:
        outcome = validate_files(files, options)
    else:
        outcome = validate_project(root, options)
    typer.echo(RENDERERS[output_format](outcome), nl=False)
    if not outcome.conforms:
        raise typer.Exit(EXIT_FAIL)


__all__ = ["validate_command", "EXIT_CANNOT_RUN"]
