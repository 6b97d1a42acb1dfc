"""Finding places in SPARQL text: the WHERE group, a CONSTRUCT's parts, the SELECT clause.

Binding parameters needs the offset of the top-level WHERE brace (and a remote query's ``FROM``
clauses go just before it); the rule engine needs the template and body of a ``CONSTRUCT { … }
WHERE { … }``; native binding on pyoxigraph needs to know which variables the top-level SELECT
projects. rdflib's parser gives the algebra but not offsets in the text, and re-serializing its
algebra would change the query, so these few scanners work on the text itself — skipping
comments, IRIs and strings, whose braces and parentheses are not syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

_IRI_TOKEN = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_STRING_TOKEN = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\""
    r"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""
)
_TOP_SELECT = re.compile(r"(?im)^[ \t]*SELECT\b(?:[ \t]+(?:DISTINCT|REDUCED)\b)?")


def _skip_token(text: str, i: int) -> int | None:
    """The offset just past a comment, IRI or string starting at ``i``; None if none starts there.

    Braces and parentheses inside those tokens are not syntax, so both scanners below skip them.
    """
    char = text[i]
    if char == "#":
        newline = text.find("\n", i)
        return len(text) if newline < 0 else newline + 1
    if char == "<" and (match := _IRI_TOKEN.match(text, i)):
        return match.end()
    if char in "'\"" and (match := _STRING_TOKEN.match(text, i)):
        return match.end()
    return None


def _syntax_chars(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """(offset, character) of every character from ``start`` that is SPARQL syntax — those in
    comments, IRIs and strings skipped (:func:`_skip_token`)."""
    i = start
    while i < len(text):
        skipped = _skip_token(text, i)
        if skipped is not None:
            i = skipped
            continue
        yield i, text[i]
        i += 1


def _top_level_braces(text: str) -> Iterator[int]:
    """Offsets of the ``{`` of each top-level group (outside parentheses), each group skipped to
    its closing brace before looking further."""
    depth, resume = 0, 0
    for i, char in _syntax_chars(text):
        if i < resume:
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "{" and depth == 0:
            yield i
            resume = _matching_brace(text, i) + 1


def _opens_construct_template(text: str, brace: int) -> bool:
    return text[:brace].rstrip().upper().endswith("CONSTRUCT")


def _matching_brace(text: str, start: int) -> int:
    level = 0
    for i, char in _syntax_chars(text, start):
        if char == "{":
            level += 1
        elif char == "}":
            level -= 1
            if level == 0:
                return i
    return len(text)


def where_brace(text: str) -> int:
    """Offset of the ``{`` that opens the top-level WHERE group (-1 if none).

    It is the first top-level ``{``: the prologue and the SELECT/CONSTRUCT/ASK clauses before it
    hold none (a CONSTRUCT template is the one exception, handled by taking the group that
    follows the template).
    """
    for count, brace in enumerate(_top_level_braces(text)):
        if count == 0 and _opens_construct_template(text, brace):
            continue
        return brace
    return -1


def construct_parts(text: str) -> tuple[str, str, str] | None:
    """(prologue, template, WHERE body) of a ``CONSTRUCT { … } WHERE { … }`` query, or None when
    the text is not exactly that (another form, a short-form CONSTRUCT, solution modifiers)."""
    braces = _top_level_braces(text)
    template = next(braces, None)
    if template is None or not _opens_construct_template(text, template):
        return None
    where = next(braces, None)
    if where is None:
        return None
    template_end = _matching_brace(text, template)
    where_end = _matching_brace(text, where)
    if re.sub(r"#[^\n]*", "", text[where_end + 1:]).strip():  # only comments may follow
        return None
    head = text[:template].rstrip()
    return head[: -len("CONSTRUCT")], text[template + 1:template_end], text[where + 1:where_end]


def projects(text: str, variable: str) -> bool:
    """Whether the top-level SELECT clause of ``text`` names ``?variable`` (or is ``*``)."""
    match = _TOP_SELECT.search(text)
    if not match:
        return False
    clause = text[match.end():].split("WHERE", 1)[0].split("{", 1)[0]
    return clause.strip().startswith("*") or re.search(
        rf"[?$]{re.escape(variable)}\b", clause
    ) is not None


def with_projected(text: str, variables: Sequence[str]) -> str:
    """The query with ``variables`` added to its top-level SELECT clause (native oxigraph only)."""
    missing = [v for v in variables if not projects(text, v)]
    match = _TOP_SELECT.search(text)
    if not missing or not match:
        return text
    extra = " ".join(f"?{v}" for v in missing)
    return f"{text[: match.end()]} {extra}{text[match.end():]}"


def with_dataset(text: str, graphs: Sequence[str]) -> str:
    """The query with ``FROM <g> FROM NAMED <g>`` for each graph before its WHERE group (the
    dataset of a remote query, for an endpoint that ignores the request parameters)."""
    brace = where_brace(text)
    if brace < 0 or not graphs:
        return text
    head = text[:brace].rstrip()
    cut = len(head) - 5 if head[-5:].upper() == "WHERE" and not head[-6:-5].isalnum() else brace
    clause = " ".join(f"FROM <{g}> FROM NAMED <{g}>" for g in graphs)
    return f"{text[:cut]}{clause}\n{text[cut:]}"


__all__ = ["construct_parts", "projects", "where_brace", "with_dataset", "with_projected"]
