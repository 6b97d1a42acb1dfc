"""Predeclared prefixes: SPARQL that people type gets the project's prefixes it uses but lacks.

An ad-hoc query — a ``.rq`` file, stdin, ``kg.query(text)``, a query sent to ``multivector serve``
— may write ``mv:``, ``id:``, ``org:``, ``skos:``… without declaring them: every prefix of
:data:`multivector.namespaces.PREFIXES` (the one prefix map of the project) that the text uses
and does not declare is declared for it. The text's own ``PREFIX`` lines win: a query that
declares ``mv:`` gets its own ``mv:``, and nothing is added for it.

The declarations go *before the text on its first line*, so every line keeps its number: an
engine's "error at 3:17" is the user's line 3. Only columns on line 1 (and rdflib's character
offsets) move, and :func:`user_message` moves them back. A prefix that is neither declared nor
predeclared is reported by name and position (one line), instead of the engines' own messages
("expected one of Prefix not found…", "Unknown namespace prefix").

Which prefixes the text declares and uses is read with the query guard's tokenizer
(``multivector.querylimits.sparql_tokens``): comments, strings and IRIs are single tokens, so a
``PREFIX`` inside a string or a comment is not a declaration.
"""

from __future__ import annotations

import re
from pathlib import Path

from multivector.errors import InputError
from multivector.namespaces import PREFIXES
from multivector.querylimits import position, sparql_tokens

#: blank node labels (``_:b0``) look like prefixed names to the tokenizer
_BLANK = "_"
_OXIGRAPH_AT = re.compile(r"\berror at 1:(\d+)")
_RDFLIB_CHAR = re.compile(r"\(at char (\d+)\)")
_RDFLIB_LINE1 = re.compile(r"\(line:1, col:(\d+)\)")


def declared_and_used(text: str) -> tuple[set[str], dict[str, int]]:
    """(prefixes the text declares, prefix -> offset of its first use) — ``""`` for ``:x``."""
    declared: set[str] = set()
    used: dict[str, int] = {}
    after_prefix = False
    for offset, kind, token in sparql_tokens(text):
        if kind == "word" and token.upper() == "PREFIX":
            after_prefix = True
            continue
        if kind == "pname":
            name = token.split(":", 1)[0]
            if after_prefix:
                declared.add(name)
            elif name != _BLANK:
                used.setdefault(name, offset)
        after_prefix = False
    return declared, used


def predeclaration(text: str, where: Path | str | None = None) -> str:
    """The ``PREFIX`` declarations to put before ``text`` (one line, "" when none is missing).

    A prefix used but neither declared nor one of the project's is an InputError naming it,
    its line and column, and ``where``.
    """
    declared, used = declared_and_used(text)
    missing = [name for name in used if name not in declared]
    for name in missing:
        if name not in PREFIXES:
            line, column = position(text, used[name])
            known = ", ".join(PREFIXES)
            raise InputError(
                f"prefix {name}: is not declared (line {line}, column {column}); declare it "
                f"with PREFIX {name}: <…> or use a predeclared one: {known}",
                where,
            )
    wanted = set(missing)
    return "".join(
        f"PREFIX {name}: <{namespace}> " for name, namespace in PREFIXES.items() if name in wanted
    )


def with_prefixes(text: str, where: Path | str | None = None) -> str:
    """``text`` with :func:`predeclaration` before it, on its first line."""
    return predeclaration(text, where) + text


def user_message(message: str, shift: int) -> str:
    """An engine's message about a text that had ``shift`` characters of declarations put before
    it, with positions moved back to the user's text (line-1 columns, rdflib's char offsets)."""
    if not shift:
        return message

    def back(match: re.Match[str]) -> str:
        lowest = 0 if match.re is _RDFLIB_CHAR else 1  # rdflib counts characters from 0
        number = max(lowest, int(match.group(1)) - shift)
        start, end = match.span(1)
        whole = match.group(0)
        return whole[: start - match.start()] + str(number) + whole[end - match.start():]

    for pattern in (_OXIGRAPH_AT, _RDFLIB_CHAR, _RDFLIB_LINE1):
        message = pattern.sub(back, message)
    return message


def user_error(error: InputError, shift: int) -> InputError:
    """``error`` with :func:`user_message` applied (the same error when nothing moved)."""
    message = user_message(error.message, shift)
    if message == error.message:
        return error
    return InputError(message, error.path, error.line, error.col)


__all__ = ["declared_and_used", "predeclaration", "user_error", "user_message", "with_prefixes"]
