"""Tokens and sentences with their character offsets in the original text.

Offsets are Unicode code points into the decoded text, end exclusive, as everywhere in the project
(``text[start:end]``). Words are runs of letters and digits; every other non-space character is a
token of its own, so "N.Nazarbayev", "N. Nazarbayev" and "Russia's" tokenize alike.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from multivector.linking.normalize import plain_token, token_key

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_", re.UNICODE)

#: Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    {"mr", "ms", "mrs", "dr", "st", "gen", "col", "lt", "no", "vs", "etc", "prof", "sen", "rep",
     "jr", "sr", "u", "s"}
)


class Token(NamedTuple):
    """One token: its text, offsets and comparison key.

    A named tuple rather than a dataclass: a 20 MB text has millions of tokens, and a tuple is
    both the smallest object and the fastest to make.
    """

    text: str
    start: int
    end: int
    key: str

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def is_capitalised(self) -> bool:
        first = plain_token(self.text)[:1]
        return first.isalpha() and first.isupper()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``, with offsets into ``text``."""
    stop = len(text) if end is None else end
    make = Token
    key = token_key
    tokens = []
    append = tokens.append
    for m in _TOKEN.finditer(text, start, stop):
        word = m.group()
        first, last = m.span()
        append(make(word, first, last, key(word)))
    return tokens


_BOUNDARY = re.compile(
    r"[.!?]+[\"'\u201d\u2019)]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9\u0400-\u04ff])"
)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence: split at line breaks and at ., ! or ? before a capital.

    A full stop after a known abbreviation ("Mr.") or a single capital letter (an initial, as in
    "N. Nazarbayev") does not end a sentence. Surrounding white space is excluded.
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        cut = line.start()
        for m in _BOUNDARY.finditer(text, line.start(), line.end()):
            before = re.search(r"(\w+)$", text[cut : m.start()])
            word = before.group(1) if before else ""
            if text[m.start()] == "." and (
                word.casefold() in ABBREVIATIONS or (len(word) == 1 and word.isupper())
            ):
                continue
            spans.append((cut, m.end()))
            cut = m.end()
        spans.append((cut, line.end()))
    result: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            result.append((s, e))
    return result
