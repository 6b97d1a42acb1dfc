"""The ``multivector`` command line: one typer app, one module per command family.

Exit codes, for every command: 0 ok, 1 violations / inconsistent / not canonical, 2 could not run
(bad input, missing tool). Bad input is reported as one line on stderr, never a traceback.
"""

from __future__ import annotations

import os
import sys
import traceback

import typer

from multivector import __version__
from multivector.cli import build as _build
from multivector.cli import check as _check
from multivector.cli import draw as _draw
from multivector.cli import export as _export
from multivector.cli import fmt as _fmt
from multivector.cli import push as _push
from multivector.cli import query as _query
from multivector.cli import quote as _quote
from multivector.cli import serve as _serve
from multivector.cli import site as _site
from multivector.cli import source as _source
from multivector.cli import validate as _validate
from multivector.cli._common import EXIT_CANNOT_RUN
from multivector.errors import MultivectorError

app = typer.Typer(
    name="multivector",
    help="Build, check, validate and query the multivector knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"multivector {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Build, check, validate and query the multivector knowledge graph."""


app.command("build")(_build.build_command)
app.command("run")(_build.run_command)
app.command("check")(_check.check_command)
app.command("fmt")(_fmt.fmt_command)
app.command("query")(_query.query_command)
app.command("export")(_export.export_command)
app.command("serve")(_serve.serve_command)
app.command("push")(_push.push_command)
app.command("quote")(_quote.quote_command)
app.command("validate")(_validate.validate_command)
app.add_typer(_source.app, name="source")
app.command("site")(_site.site_command)
app.add_typer(_draw.app, name="draw")

DEBUG_ENV = "MULTIVECTOR_DEBUG"


def _one_line(text: object) -> str:
    return " ".join(str(text).split())[:500]


def main() -> None:
    """Console-script entry point, and the last-resort handler: whatever escapes a command
    becomes one line on stderr and exit code 2 (``MULTIVECTOR_DEBUG=1`` shows the traceback)."""
    try:
        app()
    except SystemExit:
        raise
    except MultivectorError as exc:
        _fail(f"multivector: {_one_line(exc)}", exc)
    except KeyboardInterrupt as exc:
        _fail("multivector: interrupted", exc)
    except BrokenPipeError as exc:  # the reader of our output went away (`| head`)
        sys.stdout = None  # type: ignore[assignment]  # nothing more to flush there
        _fail("multivector: output closed by the reader (broken pipe)", exc)
    except MemoryError as exc:
        _fail("multivector: out of memory", exc)
    except RecursionError as exc:
        _fail("multivector: input nested too deeply (recursion limit reached)", exc)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _fail(f"multivector: {where}{_one_line(exc.strerror or exc)}", exc)
    except Exception as exc:  # a bug: still one line, and the way to see more
        _fail(
            f"multivector: internal error: {type(exc).__name__}: {_one_line(exc)} "
            f"(set {DEBUG_ENV}=1 for the traceback)", exc,
        )


def _fail(message: str, exc: BaseException) -> None:
    if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
        traceback.print_exception(exc)
    print(message, file=sys.stderr)
    sys.exit(EXIT_CANNOT_RUN)
