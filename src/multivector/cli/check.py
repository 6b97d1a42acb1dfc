"""``multivector check``: OWL consistency and class satisfiability with HermiT."""

from __future__ import annotations

from pathlib import Path

import typer

from multivector.cli._common import EXIT_FAIL, HOME_OPTION, project_home, reports_errors
from multivector.loading import load
from multivector.reasoner import check


@reports_errors
def check_command(
    with_sources: bool = typer.Option(
        False, "--with-sources", help="Also give the reasoner the source graphs."
    ),
    home: Path | None = HOME_OPTION,
) -> None:
    """Check the ontology and reference data for consistency and unsatisfiable classes.

    HermiT sees a copy without xsd:date/xsd:gYear values (it rejects those datatypes).
    Exit 0 consistent, 1 inconsistent or unsatisfiable classes, 2 could not run.
    """
    loaded = load(project_home(home))
    result = check(loaded.dataset, include_sources=with_sources)
    typer.echo(
        f"HermiT: {result.triples} triples ({result.dropped} date-valued triples left out)"
    )
    typer.echo(f"consistent: {'yes' if result.consistent else 'NO'}")
    if result.consistent:
        typer.echo(f"unsatisfiable classes: {len(result.unsatisfiable)}")
        for iri in result.unsatisfiable:
            typer.echo(f"  {iri}")
    if not result.ok:
        raise typer.Exit(EXIT_FAIL)
