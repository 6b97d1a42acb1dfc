"""Query files and their headers: the catalogue of named queries, and the code's own queries.

Each ``.rq`` file opens with a header comment block::

    # name: CQ1
    # question: Which states are members of both organization A and organization B on date D?
    # param: a iri id:CSTO  -- organization A
    # param: date date 2017-06-22  -- the date D
    # result: state, stateLabel

Two kinds of query files live under ``queries/``:

* **named queries** — the questions people ask (``queries/cq/`` and any other folder), listed by
  ``multivector query --list`` and run by name: :func:`catalogue`;
* **reserved folders**, never in that list: ``queries/qc/`` (quality checks, any row fails the
  build; ``multivector.qc``) and ``queries/internal/<consumer>/`` (queries the code itself runs,
  e.g. ``internal/resolve/by-name.rq``), read by path with :func:`internal_query`.

Internal queries belong to the tool, not to a project's data: they are read from the checkout
that holds this package (``paths.internal_queries_dir``), whatever ``--home`` says.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from multivector import paths
from multivector.errors import InputError
from multivector.queries.binding import to_term
from multivector.queries.prefixes import predeclaration, user_error
from multivector.queries.shape import check_parameters, is_update

PARAM_TYPES = ("iri", "date", "string", "integer")
#: Folders of ``queries/`` whose files are not named queries (see the module docstring).
RESERVED_FOLDERS = ("qc", "internal")
_T = TypeVar("_T")
_HEADER = re.compile(r"^#\s*(name|question|param|result|binding|statement)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    description: str = ""


@dataclass
class NamedQuery:
    name: str
    question: str
    path: Path
    text: str
    params: list[Param] = field(default_factory=list)
    result: list[str] = field(default_factory=list)
    #: ``# binding: native|values|inline``: how pyoxigraph should bind the parameters (a plan hint;
    #: both give the same rows, ``tests/test_engines_equivalence.py``); "auto" if not given
    binding: str = "auto"
    #: the PREFIX declarations put before the file's text on its first line (the project's
    #: prefixes it uses without declaring them: ``multivector.queries.prefixes``); ``text``
    #: starts with them
    predeclared: str = ""
    #: ``# statement: m r``: the variables holding the statement nodes behind each row, which
    #: ``--with-sources`` projects to cite them (``multivector.sourcing``)
    statements: list[str] = field(default_factory=list)

    @property
    def user_text(self) -> str:
        """The text as its author wrote it (without :attr:`predeclared`)."""
        return self.text[len(self.predeclared):]


def parse_query_file(path: Path, *, require_name: bool = True) -> NamedQuery:
    """Read one ``.rq`` file and its header; raises InputError naming file and line.

    Without ``require_name`` a file with no ``# name:`` is named after its stem (ad-hoc queries).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read query: {exc}", path) from None
    return parse_query_text(text, path, require_name=require_name)


def parse_query_text(text: str, path: Path, *, require_name: bool = True) -> NamedQuery:
    """A query and its (optional) header from text; ``path`` names it in error messages.

    The project's prefixes the text uses without declaring are predeclared
    (:attr:`NamedQuery.predeclared`); a prefix neither declared nor the project's is an InputError.
    """
    header: dict[str, str] = {}
    params: list[Param] = []
    result: list[str] = []
    statements: list[str] = []
    for number, key, value in _header_lines(text):
        if key == "param":
            params.append(_parse_param(value, path, number))
        elif key == "result":
            result = _result_columns(value)
        elif key == "binding":
            header[key] = _binding(value, path, number)
        elif key == "statement":
            statements = _statement_variables(value, path, number)
        else:
            header[key] = value
    predeclared = predeclaration(text, path)
    name = header.get("name")
    if not name:
        if require_name:
            raise InputError("query header lacks '# name: …'", path, 1)
        name = path.stem
    return NamedQuery(
        name=name, question=header.get("question", ""), path=path, text=predeclared + text,
        params=params, result=result, binding=header.get("binding", "auto"),
        predeclared=predeclared, statements=statements,
    )


def _header_lines(text: str) -> list[tuple[int, str, str]]:
    """(line number, key, value) of each ``# key: value`` line of the leading comment block."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if match:
            found.append((number, match.group(1), match.group(2)))
    return found


def _binding(value: str, path: Path, line: int) -> str:
    binding = value.split("--")[0].strip()  # "native -- why" is allowed
    if binding not in ("native", "values", "inline"):
        raise InputError(f"'# binding: {binding}': choose native, values or inline", path, line)
    return binding


def _statement_variables(value: str, path: Path, line: int) -> list[str]:
    """``# statement: m, r -- why`` -> ["m", "r"]."""
    names = [n.lstrip("?$") for n in re.split(r"[\s,]+", value.split("--")[0].strip()) if n]
    if not names or not all(re.fullmatch(r"[A-Za-z_]\w*", n) for n in names):
        raise InputError(
            f"'# statement: {value}': give the variables that hold statement nodes (m r)",
            path, line,
        )
    return names


def _result_columns(value: str) -> list[str]:
    """Column names from ``# result:``; prose around them (``one row per state: …``) is allowed.

    Each comma-separated item contributes its last identifier before any parenthesis; names that
    the query does not select are ignored when the table is made. The prose ends at the last
    colon outside parentheses: a colon inside one (``(mv:succeeds)``) is part of a column note.
    """
    depth, cut = 0, -1
    for index, char in enumerate(value):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ":" and depth <= 0:
            cut = index
    value = value[cut + 1:]
    columns = []
    for item in value.split(","):
        words = re.findall(r"[A-Za-z_]\w*", item.split("(", 1)[0])
        if words:
            columns.append(words[-1])
    return columns


def _parse_param(value: str, path: Path, line: int) -> Param:
    description = ""
    if " -- " in f" {value} ":
        value, _, description = value.partition("--")
    parts = value.split()
    if len(parts) < 2 or len(parts) > 3:
        raise InputError(
            "param must be '# param: NAME TYPE [DEFAULT] [-- description]'", path, line
        )
    name, type_ = parts[0], parts[1]
    if type_ not in PARAM_TYPES:
        raise InputError(
            f"param {name}: unknown type {type_!r} (expected one of {', '.join(PARAM_TYPES)})",
            path,
            line,
        )
    default = parts[2] if len(parts) == 3 else None
    if default is not None:
        to_term(Param(name, type_, None), default, where=f"{path}:{line}")
    return Param(name=name, type=type_, default=default, description=description.strip())


def checked(check: Callable[[NamedQuery], _T], query: NamedQuery) -> _T:
    """``check(query)``, its InputError's positions moved back to the author's text."""
    try:
        return check(query)
    except InputError as exc:
        raise user_error(exc, len(query.predeclared)) from None


def catalogue(folder: Path | None = None) -> dict[str, NamedQuery]:
    """All named queries under ``queries/`` (not the reserved folders ``qc/``, ``internal/``)."""
    folder = folder or paths.queries_dir()
    found: dict[str, NamedQuery] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*.rq")):
        if any(part in RESERVED_FOLDERS for part in path.relative_to(folder).parts[:-1]):
            continue
        query = parse_query_file(path)
        checked(check_parameters, query)
        if query.name in found:
            raise InputError(
                f"duplicate query name {query.name!r} (also in {found[query.name].path})", path
            )
        found[query.name] = query
    return found


@functools.lru_cache(maxsize=128)
def internal_query(name: str) -> NamedQuery:
    """The code's own query ``queries/internal/<name>.rq`` (``name`` like ``resolve/by-name``).

    Its header may declare parameters (checked like a named query's); a SPARQL Update (no
    parameters) is allowed here. A missing or broken file is an InputError naming it.
    """
    path = paths.internal_queries_dir() / f"{name}.rq"
    if not path.is_file():
        raise InputError("internal query not found (is the checkout complete?)", path)
    query = parse_query_file(path, require_name=False)
    if query.params or not is_update(query.text):
        checked(check_parameters, query)
    return query


__all__ = [
    "PARAM_TYPES",
    "RESERVED_FOLDERS",
    "NamedQuery",
    "Param",
    "catalogue",
    "checked",
    "internal_query",
    "parse_query_file",
    "parse_query_text",
]
