"""Shared CLI plumbing: turning project errors into one stderr line and exit code 2."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

import typer

from multivector import paths
from multivector.errors import MultivectorError
from multivector.queries.engines import ENGINES
from multivector.queries.engines import check_engine as check_engine  # the one --engine check

P = ParamSpec("P")
R = TypeVar("R")

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_CANNOT_RUN = 2


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Decorator: a MultivectorError becomes ``multivector: <message>`` on stderr, exit 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except MultivectorError as exc:
            typer.echo(f"multivector: {exc}", err=True)
            raise typer.Exit(EXIT_CANNOT_RUN) from None

    return wrapper


def project_home(home: Path | None) -> Path:
    """The project home given on the command line, else the default one."""
    if home is not None:
        if not home.is_dir():
            from multivector.errors import InputError

            raise InputError("--home: not a directory", home)
        return home.resolve()
    return paths.home()


HOME_OPTION = typer.Option(
    None, "--home", help="Project root (default: $MULTIVECTOR_HOME or this checkout)."
)


#: ``--engine`` of build, run and validate: which SPARQL engine runs the materialization rules.
ENGINE_OPTION = typer.Option(
    "oxigraph", "--engine", help=f"Rule engine: {' or '.join(ENGINES)} (rdflib is slow)."
)


SHACL_ENGINE_OPTION = typer.Option(
    None, "--shacl-engine",
    help="SHACL engine: turbo (pyshacl-turbo, default) or pyshacl (the reference; slower).",
    show_default=False,
)


#: ``--include-drafts`` of every command that reads the graph; the policy itself is
#: ``multivector.build.reason`` (drafts dropped before reasoning unless this is given).
INCLUDE_DRAFTS_OPTION = typer.Option(
    False, "--include-drafts",
    help="Also read draft statements (mv:status mv:Draft) and what the rules infer from them.",
)
