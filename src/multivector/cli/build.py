"""``multivector build`` and ``multivector run``: the pipeline, and the pipeline plus answers."""

from __future__ import annotations

from pathlib import Path

import typer

from multivector.build import BuildOptions, BuildResult, GateValidator, build
from multivector.cli._common import (
    ENGINE_OPTION,
    EXIT_CANNOT_RUN,
    EXIT_FAIL,
    HOME_OPTION,
    SHACL_ENGINE_OPTION,
    check_engine,
    project_home,
    reports_errors,
)
from multivector.validation import check_shacl_engine

INCLUDE_DRAFTS_OPTION = typer.Option(
    False, "--include-drafts",
    help="Publish the graph with its drafts, as dist/multivector-with-drafts.* "
    "(the draft-free dist/multivector.* are left as they are).",
)


FULL_OPTION = typer.Option(
    False, "--full",
    help="Rebuild everything, even when only source files changed since the last build "
    "(by default such a build is incremental).",
)


def _mode_line(result: BuildResult) -> None:
    """One line: incremental or full, and why (on stderr, beside the summary)."""
    if result.mode == "incremental":
        files = ", ".join(Path(name).name for name in result.changed_files) or "none"
        checked = "" if result.revalidated is None else \
            f"; re-validated {result.revalidated} focus nodes"
        typer.echo(f"build: incremental ({result.reason}: {files}{checked})", err=True)
        typer.echo(f"build: parsed {len(result.parsed_files)} of {_file_count(result)} files "
                   "(the others read from the parse cache)", err=True)
        for step in result.full_steps:
            typer.echo(f"build: full step: {step}", err=True)
    else:
        typer.echo(f"build: full ({result.reason or 'first build'})", err=True)


def _file_count(result: BuildResult) -> int:
    return sum(len(v) for v in result.loaded.graph_files.values())


def _summary(result: BuildResult) -> None:
    graphs = result.loaded.graph_files
    files = sum(len(v) for v in graphs.values())
    typer.echo(
        f"loaded {files} files into {len(graphs)} graphs: {result.triple_count()} triples; "
        f"inferred {len(result.materialization.quads)} triples "
        f"in {result.materialization.rounds} rounds"
    )
    if result.validation is not None:
        counts = result.validation.counts
        detail = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
        verdict = "conforms" if result.validation.conforms else "does NOT conform"
        typer.echo(f"validation: {verdict}" + (f" ({detail})" if detail else ""))
        if not result.validation.conforms:
            typer.echo(result.validation.text.rstrip(), err=True)


@reports_errors
def build_command(
    engine: str = ENGINE_OPTION,
    out: Path | None = typer.Option(None, "--out", help="Output folder (default: <home>/dist)."),
    skip_validation: bool = typer.Option(
        False, "--skip-validation",
        help="Write dist/ without running the validation (SHACL shapes and QC queries).",
    ),
    home: Path | None = HOME_OPTION,
    shacl_engine: str | None = SHACL_ENGINE_OPTION,
    include_drafts: bool = INCLUDE_DRAFTS_OPTION,
    full: bool = FULL_OPTION,
) -> None:
    """Load the graph files, drop drafts, materialize inferences, validate everything (drafts
    as sh:Info), and write the draft-free graph to dist/. After edits to source files only,
    the build is incremental (inferences maintained, only what the edit can affect
    re-validated); --full forces everything."""
    check_engine(engine)
    check_shacl_engine(shacl_engine)
    options = BuildOptions(engine=engine, out=out, include_drafts=include_drafts,
                           run_validation=not skip_validation, full=full)
    result = build(project_home(home), options,
                   validator=GateValidator(shacl_engine=shacl_engine))
    _mode_line(result)
    _summary(result)
    if not result.conforms:
        typer.echo("build: validation failed; dist/ left unchanged", err=True)
        raise typer.Exit(EXIT_FAIL)
    for path in result.written:
        typer.echo(f"wrote {path}")


@reports_errors
def run_command(
    engine: str = ENGINE_OPTION,
    skip_validation: bool = typer.Option(
        False, "--skip-validation", help="Do not run the validation (SHACL shapes and QC queries)."
    ),
    home: Path | None = HOME_OPTION,
    shacl_engine: str | None = SHACL_ENGINE_OPTION,
) -> None:
    """Build the graph, validate it, and print the answer to every competency query."""
    from multivector.queries import catalogue, run_query

    check_engine(engine)
    check_shacl_engine(shacl_engine)
    root = project_home(home)
    result = build(root, BuildOptions(engine=engine, run_validation=not skip_validation),
                   validator=GateValidator(shacl_engine=shacl_engine))
    _summary(result)
    queries = catalogue(root / "queries")
    if not queries:
        typer.echo("no competency queries found under queries/")
    for name, query in queries.items():
        typer.echo("")
        typer.echo(f"== {name}: {query.question}")
        defaults = ", ".join(f"{p.name}={p.default}" for p in query.params if p.default)
        if defaults:
            typer.echo(f"   ({defaults})")
        table = run_query(query, store=result.store, dataset=result.dataset)
        typer.echo(table.render())
    if not result.conforms:
        typer.echo("run: validation failed", err=True)
        raise typer.Exit(EXIT_FAIL)


__all__ = ["EXIT_CANNOT_RUN", "build_command", "run_command"]
