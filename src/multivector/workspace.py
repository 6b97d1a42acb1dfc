"""Which graph a command works on: a workspace on disk, or the release packaged in the wheel.

A **workspace** is a folder holding the project's sources (``ontology/``, ``data/``, ``shapes/``,
``queries/``, ``reasoning/rules/``). It is found as git finds its repository: walking up from the
current directory to the first folder whose ``pyproject.toml`` has a ``[tool.multivector]``
table (the marker), unless ``--home`` or ``$MULTIVECTOR_HOME`` names it. Editing commands
(``build``, ``fmt``, ``validate``, ``source``, ``quote``, ``check``) need one; outside any they
stop with one line (exit 2).

The **packaged release** is ``multivector/release/`` inside the installed package (written by
``multivector release``, see :mod:`multivector.release`): the ontology, vocabularies, shapes,
named queries and rules laid out like a workspace, plus the built graph. Read-only commands
(``query``, ``export``, ``serve``, ``site``, ``draw``, ``KnowledgeGraph.load()``) use the
workspace they are run in, else that release, and say which on stderr.

This module only reads a few small files: it is on every command's path, so it stays cheap.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from multivector.errors import InputError

HOME_ENV = "MULTIVECTOR_HOME"
MARKER_FILE = "pyproject.toml"
MARKER_TABLE = "[tool.multivector]"
#: The folder of the packaged release inside the ``multivector`` package.
RELEASE_PACKAGE_DIR = "release"
#: The file that marks a complete packaged release (written last by ``multivector release``).
RELEASE_MANIFEST = "release.json"


def has_marker(folder: Path) -> bool:
    """Whether ``folder/pyproject.toml`` declares a ``[tool.multivector]`` table."""
    marker = folder / MARKER_FILE
    try:
        text = marker.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, PermissionError, IsADirectoryError):
        return False
    except UnicodeDecodeError:
        return False
    if MARKER_TABLE not in text:  # cheap pre-check before parsing the TOML
        return False
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{marker}: not valid TOML: {exc}") from None
    return isinstance(data.get("tool", {}).get("multivector"), dict)


def find(start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` (default: the cwd) carrying the marker."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if has_marker(folder):
            return folder
    return None


def given(home: Path | str | None) -> Path | None:
    """``--home`` if given, else ``$MULTIVECTOR_HOME``: a folder used as the workspace as is."""
    if home is not None:
        path = Path(home).expanduser()
        if not path.is_dir():
            raise InputError("--home: not a directory", path)
        return path.resolve()
    env = os.environ.get(HOME_ENV)
    if env:
        path = Path(env).expanduser()
        if not path.is_dir():
            raise InputError(f"{HOME_ENV}={env} is not a directory")
        return path.resolve()
    return None


def require(home: Path | str | None = None) -> Path:
    """The workspace an editing command works on; InputError (one line) outside any."""
    chosen = given(home)
    if chosen is not None:
        return chosen
    found = find()
    if found is not None:
        return found
    raise InputError(
        f"not inside a multivector workspace (no {MARKER_FILE} with a {MARKER_TABLE} table in "
        f"{Path.cwd()} or any parent); cd into one, or give --home or {HOME_ENV}"
    )


def release_dir() -> Path:
    """The packaged release folder (may be incomplete in a source checkout: see ``packaged``)."""
    from importlib.resources import files

    return Path(str(files("multivector") / RELEASE_PACKAGE_DIR))


def packaged() -> Path:
    """The packaged release; InputError when this installation carries none."""
    folder = release_dir()
    if not (folder / RELEASE_MANIFEST).is_file():
        raise InputError(
            "not inside a multivector workspace, and this installation carries no packaged "
            f"release ({folder} is missing; build the wheel with `make wheel`); cd into a "
            f"workspace, or give --home or {HOME_ENV}"
        )
    return folder


@dataclass(frozen=True)
class Origin:
    """Where a read-only command takes its graph from."""

    kind: str  # "workspace" or "release"
    path: Path

    @property
    def is_release(self) -> bool:
        return self.kind == "release"

    def describe(self) -> str:
        if self.is_release:
            return f"the packaged release ({self.path})"
        return f"the workspace {self.path}"


def for_reading(home: Path | str | None = None) -> Origin:
    """The workspace (``--home``, ``$MULTIVECTOR_HOME``, or found from the cwd), else the
    packaged release."""
    chosen = given(home) or find()
    if chosen is not None:
        return Origin("workspace", chosen)
    return Origin("release", packaged())


__all__ = [
    "HOME_ENV", "MARKER_TABLE", "Origin", "find", "for_reading", "given", "has_marker",
    "packaged", "release_dir", "require",
]
