"""The ``multivector`` command line: one typer app, one module per command family.

Exit codes, for every command: 0 ok, 1 violations / inconsistent / not canonical, 2 could not run
(bad input, missing tool). Bad input is reported as one line on stderr, never a traceback.

Start-up time matters (analysts script dozens of ``multivector query`` calls): the console entry
point registers only the command it is asked for, so ``multivector query`` never imports the
SHACL engine, the site builder or the reasoner. ``app`` (the full app, every command registered)
is made on first use, for tests and tools that introspect the CLI.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from typing import Any

import typer

#: command name -> (module under multivector.cli, attribute); attribute "app" is a sub-app.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("build", "build_command"),
    "release": ("release", "release_command"),
    "run": ("build", "run_command"),
    "check": ("check", "check_command"),
    "fmt": ("fmt", "fmt_command"),
    "query": ("query", "query_command"),
    "find": ("find", "find_command"),
    "export": ("export", "export_command"),
    "serve": ("serve", "serve_command"),
    "push": ("push", "push_command"),
    "quote": ("quote", "quote_command"),
    "validate": ("validate", "validate_command"),
    "source": ("source", "app"),
    "site": ("site", "site_command"),
    "draw": ("draw", "app"),
    "panel": ("panel", "panel_command"),
}


def _version(value: bool) -> None:
    if value:
        from multivector import __version__

        typer.echo(f"multivector {__version__}")
        typer.echo(f"graph: {_graph_origin()}")
        raise typer.Exit(0)


def _graph_origin() -> str:
    """Which graph the read-only commands would use from here, and in what state."""
    from multivector import workspace
    from multivector.errors import MultivectorError

    try:
        origin = workspace.for_reading(None)
    except MultivectorError:
        return "none (not inside a workspace, and no packaged release is installed)"
    if origin.is_release:
        return origin.describe()
    from multivector import diskstore

    state = "current" if diskstore.current(origin.path) else (
        "stale" if diskstore.linked_fingerprint(origin.path) else "not built yet")
    return f"{origin.describe()} (store {diskstore.link(origin.path)}: {state})"


def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True,
        help="Print the version and which graph is used, and exit.",
    ),
) -> None:
    """Build, check, validate and query the multivector knowledge graph."""


def make_app(names: list[str] | None = None) -> typer.Typer:
    """A typer app with the given commands (default: all of them, in the order of COMMANDS)."""
    made = typer.Typer(
        name="multivector",
        help="Build, check, validate and query the multivector knowledge graph.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    made.callback()(_root)
    for name in names if names is not None else list(COMMANDS):
        module_name, attribute = COMMANDS[name]
        module = importlib.import_module(f"multivector.cli.{module_name}")
        if attribute == "app":
            made.add_typer(getattr(module, attribute), name=name)
        else:
            made.command(name)(getattr(module, attribute))
    return made


def _wanted(argv: list[str]) -> list[str] | None:
    """The one command ``argv`` asks for, if it names one (else None: register all)."""
    first = next((a for a in argv if not a.startswith("-")), None)
    if first in COMMANDS:
        return [first]
    if first is None and "--version" in argv and not {"--help", "-h"} & set(argv):
        return []
    return None


def __getattr__(name: str) -> Any:
    if name == "app":
        full = make_app()
        globals()["app"] = full
        return full
    raise AttributeError(f"module 'multivector.cli' has no attribute {name!r}")


DEBUG_ENV = "MULTIVECTOR_DEBUG"


def _one_line(text: object) -> str:
    return " ".join(str(text).split())[:500]


def main() -> None:
    """Console-script entry point, and the last-resort handler: whatever escapes a command
    becomes one line on stderr and exit code 2 (``MULTIVECTOR_DEBUG=1`` shows the traceback).
    Only the command asked for is registered (and imported)."""
    from multivector.errors import MultivectorError

    try:
        make_app(_wanted(sys.argv[1:]))()
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
    from multivector.cli._common import EXIT_CANNOT_RUN

    if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
        traceback.print_exception(exc)
    print(message, file=sys.stderr)
    sys.exit(EXIT_CANNOT_RUN)
