"""``multivector query``: run one named query from the catalogue (or list them)."""

from __future__ import annotations

from pathlib import Path

import typer

from multivector.build import reason
from multivector.cli._common import HOME_OPTION, project_home, reports_errors
from multivector.errors import InputError
from multivector.materialize import ENGINES
from multivector.queries import catalogue, parse_param_options, run_query


@reports_errors
def query_command(
    name: str | None = typer.Argument(None, help="Query name (omit to list the catalogue)."),
    param: list[str] | None = typer.Option(
        None, "--param", "-p", help="Parameter as NAME=VALUE (repeatable)."
    ),
    engine: str = typer.Option("oxigraph", "--engine", help="oxigraph or rdflib."),
    home: Path | None = HOME_OPTION,
) -> None:
    """Run a named competency query over the graph (with inferences) and print a table."""
    if engine not in ENGINES:
        raise InputError(f"--engine: unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    root = project_home(home)
    queries = catalogue(root / "queries")
    if name is None:
        for query in queries.values():
            params = " ".join(
                f"{p.name}:{p.type}" + (f"={p.default}" if p.default else "")
                for p in query.params
            )
            typer.echo(f"{query.name}\t{query.question}\t{params}".rstrip())
        return
    if name not in queries:
        known = ", ".join(queries) or "none"
        raise InputError(f"unknown query {name!r} (known: {known})")
    query = queries[name]
    values = parse_param_options(param or [])
    built = reason(root)
    if engine == "rdflib":
        table = run_query(query, dataset=built.dataset, values=values)
    else:
        table = run_query(query, store=built.store, dataset=built.dataset, values=values)
    typer.echo(table.render())
