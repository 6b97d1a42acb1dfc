"""Shared CLI plumbing: turning project errors into one stderr line and exit code 2."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import typer

from multivector.errors import MultivectorError
from multivector.queries.engines import ENGINES
from multivector.queries.engines import check_engine as check_engine  # the one --engine check
from multivector.querylimits import DEFAULT_MAX_QUERY_DEPTH, DEFAULT_MAX_QUERY_SIZE, QueryLimits

if TYPE_CHECKING:
    from multivector.workspace import Origin

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
    """The workspace an editing command works on: ``--home``, ``$MULTIVECTOR_HOME``, or found
    by walking up from the cwd; outside any, a one-line InputError (exit 2)."""
    from multivector import workspace

    return workspace.require(home)


def read_origin(home: Path | None) -> Origin:
    """Where a read-only command takes the graph from: the workspace, else the packaged release.

    Said on stderr when stderr is a terminal (pipes and scripts stay clean; ``multivector
    --version`` says it always).
    """
    from multivector import workspace

    origin = workspace.for_reading(home)
    if sys.stderr.isatty():
        typer.echo(f"multivector: using {origin.describe()}", err=True)
    return origin


def output_root(origin: Origin) -> Path:
    """Where outputs go by default: ``<workspace>/dist``, or ``./dist`` for the packaged
    release (never into the installed package)."""
    return (Path.cwd() if origin.is_release else origin.path) / "dist"


HOME_OPTION = typer.Option(
    None, "--home",
    help="Workspace folder (default: $MULTIVECTOR_HOME, else the nearest folder up from here "
    "whose pyproject.toml has a [tool.multivector] table).",
)


#: ``--engine`` of build, run and validate: which SPARQL engine runs the materialization rules.
ENGINE_OPTION = typer.Option(
    "oxigraph", "--engine", help=f"Rule engine: {' or '.join(ENGINES)} (rdflib is slow)."
)


SHACL_ENGINE_OPTION = typer.Option(
    None, "--shacl-engine",
    help="SHACL engine: oxigraph (the shapes compiled to SPARQL on the query store; default), "
    "turbo (pyshacl-turbo) or pyshacl (the reference; slowest).",
    show_default=False,
)


#: ``--include-drafts`` of every command that reads the graph; the policy itself is
#: ``multivector.build.reason`` (drafts dropped before reasoning unless this is given).
INCLUDE_DRAFTS_OPTION = typer.Option(
    False, "--include-drafts",
    help="Also read draft statements (mv:status mv:Draft) and what the rules infer from them.",
)


# The query guard's limits, the same options on `query` and `serve` (multivector.querylimits).
MAX_QUERY_SIZE_OPTION = typer.Option(
    str(DEFAULT_MAX_QUERY_SIZE), "--max-query-size",
    help="Largest query accepted, in bytes (or with K or M).",
)
MAX_QUERY_DEPTH_OPTION = typer.Option(
    DEFAULT_MAX_QUERY_DEPTH, "--max-query-depth",
    help="Deepest nesting accepted (groups, parentheses, chained operators).",
)
ALLOW_SERVICE_OPTION = typer.Option(
    False, "--allow-service", help="Let queries use SERVICE (the engine will fetch URLs)."
)


def query_limits(max_query_size: str, max_query_depth: int, allow_service: bool) -> QueryLimits:
    """The guard's limits from the three options above (a bad size is one line, exit 2)."""
    from multivector.querylimits import parse_size

    return QueryLimits(max_query_size=parse_size(max_query_size),
                       max_query_depth=max_query_depth, allow_service=allow_service)
