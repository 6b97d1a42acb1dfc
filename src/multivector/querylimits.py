"""The query guard: size, nesting depth and SERVICE, checked before any SPARQL parser sees a query.

Oxigraph's parser and evaluator recurse over the query: 5,000 nested parentheses or braces, or a
``FILTER`` of 40,000 ``||`` terms, overflow the stack of an Oxigraph server thread (the server
aborts) or of the Python interpreter (``kg.query`` segfaults); rdflib's pyparsing parser recurses
too. And a ``SERVICE <url>`` clause makes the engine send the query to any address — a proxy into
the network the endpoint runs in. So a query is checked here first, the same way for
``multivector serve``, ``multivector query`` and ``KnowledgeGraph.query``:

* **size**: the UTF-8 text over ``max_query_size`` bytes (default 256 KiB) is refused;
* **nesting depth** over ``max_query_depth`` (default 500) is refused. The depth at a point is the
  number of open groups ``{ }``, parentheses and brackets, plus, at every open level, the
  operators chained there so far — ``||``, ``&&``, comparisons, arithmetic, property-path ``/``
  ``|`` ``^``, ``!``, ``UNION``, ``OPTIONAL``, ``MINUS`` and each further ``{ }`` group in a
  group — because a chain of N binary operators is a parse tree N deep. It is an upper bound of
  the depth of the engines' trees: a query that passes cannot overflow them;
* **SERVICE** (and, in an update, ``LOAD``, which fetches a URL) is refused unless allowed.

The scan is written by hand, in one linear pass of one regular expression, and stops at the first
excess: no SPARQL library has a tokenizer that does not build the recursive parse tree we must
avoid (rdflib's pyparsing grammar and Oxigraph's PEG parser are exactly what overflows). Strings,
IRIs and comments are single tokens, so braces or the word SERVICE inside them do not count. A
``\\u``/``\\U`` escape is expanded by rdflib anywhere in the text (Oxigraph only inside strings
and IRIs), so text holding one is scanned a second time with the escapes expanded: a keyword
spelt with escapes is seen too, whichever engine answers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from multivector.errors import InputError

DEFAULT_MAX_QUERY_SIZE = 256 * 1024
DEFAULT_MAX_QUERY_DEPTH = 500
#: the longest timeout accepted anywhere (one day): a larger one is a typo, not a wish
MAX_TIMEOUT = 24 * 3600.0

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<var>[?$]\w+)
    | (?P<pname>(?:[^\W\d][\w.-]*)?:(?:[\w:%-]|\\\S|\.(?=[\w:%-]))*)
    | (?P<word>[^\W\d]\w*)
    | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    | (?P<datatype>\^\^)
    | (?P<op>\|\||&&|!=|<=|>=|[=<>!+\-*/|^])
    | (?P<open>[{(\[])
    | (?P<close>[})\]])
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_CHAINING_WORDS = frozenset({"UNION", "OPTIONAL", "MINUS"})
UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class QueryRefused(InputError):
    """A query over a limit, refused before any engine saw it (CLI exit 2, HTTP 400)."""

    def __init__(self, message: str, limit: str = "", path: Path | str | None = None) -> None:
        #: which rule refused it: "size", "depth" or "service"
        self.limit = limit
        super().__init__(message, path)


@dataclass(frozen=True)
class QueryLimits:
    """The limits a query must keep (the defaults are those of the command line and the API)."""

    max_query_size: int = DEFAULT_MAX_QUERY_SIZE
    max_query_depth: int = DEFAULT_MAX_QUERY_DEPTH
    allow_service: bool = False

    def __post_init__(self) -> None:
        if self.max_query_size < 1:
            raise InputError(
                f"--max-query-size: must be at least 1 byte, not {self.max_query_size}"
            )
        if self.max_query_depth < 1:
            raise InputError(f"--max-query-depth: must be at least 1, not {self.max_query_depth}")


def check_query(
    text: str, limits: QueryLimits | None = None, where: Path | str | None = None,
    *, update: bool = False,
) -> None:
    """Refuse ``text`` (QueryRefused, one line) if it breaks one of ``limits``.

    ``where`` names the query in the message (a file, ``<stdin>``); ``update`` words the message
    for a SPARQL Update.
    """
    limits = limits or QueryLimits()
    kind = "update" if update else "query"
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_query_size:
        raise size_refused(f"{size:,} bytes", limits, where, kind)
    views = [text]
    if "\\u" in text or "\\U" in text:
        views.append(_ESCAPE.sub(_unescape, text))
    for view in views:
        _scan(view, limits, where, kind)


def size_refused(
    size: str, limits: QueryLimits, where: Path | str | None = None, kind: str = "query"
) -> QueryRefused:
    """The refusal of a text of ``size`` (e.g. "300,000 bytes") over the size limit."""
    return QueryRefused(
        f"{kind} refused: {size} is over the size limit of {limits.max_query_size:,} bytes "
        "(raise it with --max-query-size)",
        "size", where,
    )


def update_keyword(text: str) -> str | None:
    """The keyword that makes ``text`` a SPARQL Update (INSERT, LOAD…), None for a query.

    The first keyword after the prologue (BASE, PREFIX) decides, as in the grammar.
    """
    expect_name = False
    for match in _TOKEN.finditer(text):
        group = match.lastgroup
        if group in ("space", "comment"):
            continue
        if expect_name and group in ("pname", "iri"):
            continue
        word = match.group().upper() if group == "word" else ""
        if word in ("PREFIX", "BASE"):
            expect_name = True
            continue
        return word if word in UPDATE_WORDS else None
    return None


def _unescape(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF else match.group(0)


def _scan(text: str, limits: QueryLimits, where: Path | str | None, kind: str) -> None:
    for offset, depth, fetch in _events(text):
        if fetch and not limits.allow_service:
            line, column = _position(text, offset)
            what = (
                "would send a query to another endpoint" if fetch == "SERVICE"
                else "would fetch a URL"
            )
            raise QueryRefused(
                f"{kind} refused: {fetch} at line {line}, column {column} {what} "
                "(allow it with --allow-service)",
                "service", where,
            )
        if depth > limits.max_query_depth:
            line, column = _position(text, offset)
            raise QueryRefused(
                f"{kind} refused: nesting deeper than {limits.max_query_depth} at line {line}, "
                f"column {column} (groups, parentheses and chained operators count; raise it "
                "with --max-query-depth)",
                "depth", where,
            )


def _events(text: str) -> Iterator[tuple[int, int, str]]:
    """(offset, depth there, "SERVICE"/"LOAD"/"") at each token that raises the depth or fetches."""
    # one frame per open bracket: [bracket, operators chained in it, child groups in it]
    frames: list[list] = []
    depth = 0
    for offset, group, token in _tokens(text):
        rise = 0
        if group == "open":
            if token == "{" and frames and frames[-1][0] == "{":
                parent = frames[-1]
                if parent[2]:
                    parent[1] += 1
                    rise += 1
                parent[2] += 1
            frames.append([token, 0, 0])
            rise += 1
        elif group == "close":
            if frames:
                depth -= 1 + frames.pop()[1]
            continue
        else:
            word = token.upper() if group == "word" else ""
            if word in ("SERVICE", "LOAD"):
                yield offset, depth, word
                continue
            if group == "word" and word not in _CHAINING_WORDS:
                continue
            if frames:
                frames[-1][1] += 1
            rise = 1
        depth += rise
        yield offset, depth, ""


def _tokens(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, kind, text) of each token that matters for the scan."""
    for match in _TOKEN.finditer(text):
        group = match.lastgroup
        if group in ("open", "close", "op", "word"):
            yield match.start(), group, match.group()  # type: ignore[misc]


def sparql_tokens(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, kind, text) of every token but spaces and comments — kinds ``iri``, ``string``,
    ``var``, ``pname`` (a prefixed name, ``mv:`` included), ``word``, ``langtag``, ``number``,
    ``datatype``, ``op``, ``open``, ``close``, ``other``. The guard's own tokenizer, shared with
    the prefix predeclaration (``multivector.queries.prefixes``) so the two read text alike."""
    for match in _TOKEN.finditer(text):
        group = match.lastgroup
        if group not in ("space", "comment"):
            yield match.start(), group, match.group()  # type: ignore[misc]


def position(text: str, offset: int) -> tuple[int, int]:
    """(line, column), both from 1, of ``offset`` in ``text``."""
    return _position(text, offset)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def query_depth(text: str) -> int:
    """The deepest nesting in ``text`` as :func:`check_query` counts it (escapes not expanded)."""
    return max((depth for _, depth, _ in _events(text)), default=0)


def parse_size(value: str | int, option: str = "--max-query-size") -> int:
    """``262144``, ``256K``, ``1M`` -> bytes (K, M: 1024, 1024²); bad -> InputError."""
    text = str(value).strip()
    match = re.fullmatch(r"(\d+)\s*([kKmM]?)[bB]?", text)
    if not match:
        raise InputError(f"{option}: {text!r} is not a size (bytes, or a number with K or M)")
    number = int(match.group(1)) * {"": 1, "k": 1024, "m": 1024 * 1024}[match.group(2).lower()]
    if number < 1:
        raise InputError(f"{option}: must be at least 1 byte")
    return number


def check_timeout(value: float | None, option: str = "--timeout") -> float | None:
    """A finite, positive timeout of at most a day, or InputError in one line (None passes)."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{option}: {value!r} is not a number of seconds") from None
    if not math.isfinite(seconds) or seconds <= 0 or seconds > MAX_TIMEOUT:
        raise InputError(
            f"{option}: must be a number of seconds above 0 and at most {MAX_TIMEOUT:g} "
            f"(one day), not {value!r}"
        )
    return seconds


__all__ = [
    "DEFAULT_MAX_QUERY_DEPTH",
    "DEFAULT_MAX_QUERY_SIZE",
    "MAX_TIMEOUT",
    "QueryLimits",
    "QueryRefused",
    "check_query",
    "check_timeout",
    "parse_size",
    "position",
    "query_depth",
    "size_refused",
    "sparql_tokens",
    "update_keyword",
]
