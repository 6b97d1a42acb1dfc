"""Tokens and sentences with their character offsets in the original text.

Offsets are Unicode code points into the decoded text, end exclusive, as everywhere in the project
(``text[start:end]``). Words are runs of letters and digits; every other non-space character is a
token of its own, so "N.Nazarbayev", "N. Nazarbayev" and "Russia's" tokenize alike.

Why a regular expression and not spaCy's rule-based pipeline (``spacy.blank("en")`` tokenizer,
sentencizer, PhraseMatcher)? Measured on 1 MB of corpus text (spaCy 3.8.18, on the shared
2-core machine under load): spaCy's tokenizer alone 0.13 s, tokenizer + sentencizer through
``nlp.pipe`` 0.62 s; this module's token table + sentences 0.83 s. So speed is no reason either
way, but:

* spaCy's tokens are not these tokens ("N.Nazarbayev" stays one token, "U.S." too, infix rules
  differ), and the mention offsets of the curated source graphs (``data/sources/``) and the
  gazetteer's key sequences are defined on these; switching would move shipped mentions;
* matching is on transliteration keys (:mod:`.normalize`), so a PhraseMatcher would need every
  token's ``NORM`` set from Python — the per-token cost this module already pays — to match
  exactly what the key-prefix walk of :mod:`.matcher` matches;
* what the linker got wrong on unseen text (capitals as places or governments, "non-Western",
  titles in names, page furniture) are reading rules; spaCy's rule-based components without a
  trained model (none can be downloaded here) do not provide them;
* ``source add`` must stay linear within 1 GB at 20 MB (docs/benchmarks.md): a Doc per line
  plus the Matcher adds work and memory for no change in what is found.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple, overload

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


@lru_cache(maxsize=1 << 16)
def _shared(word: str) -> str:
    """The first-seen object of a frequent word, so that its occurrences share one string."""
    return word


class TokenTable(Sequence[Token]):
    """The tokens of a text in three columns (shared word strings, start and end offsets),
    each :class:`Token` made when it is read.

    A list of Token tuples costs about 150 bytes a token (the tuple, two int objects, a string):
    1.5 GB for the 3.6 million tokens of 20 MB of text. These columns cost about 24 bytes a
    token. ``source add`` links with a table; :func:`tokenize` still returns a list.
    """

    __slots__ = ("_words", "_starts", "_ends")

    def __init__(self, text: str) -> None:
        self._words: list[str] = []
        self._starts = array("q")
        self._ends = array("q")
        words, starts, ends = self._words.append, self._starts.append, self._ends.append
        for m in _TOKEN.finditer(text):
            words(_shared(m.group()))
            first, last = m.span()
            starts(first)
            ends(last)

    def __len__(self) -> int:
        return len(self._words)

    @overload
    def __getitem__(self, index: int) -> Token: ...

    @overload
    def __getitem__(self, index: slice) -> list[Token]: ...

    def __getitem__(self, index: int | slice) -> Token | list[Token]:
        if type(index) is int:
            word = self._words[index]
            return _new(Token, (word, self._starts[index], self._ends[index], token_key(word)))
        return [self[i] for i in range(*index.indices(len(self._words)))]  # type: ignore[union-attr]

    def __iter__(self) -> Iterator[Token]:
        for word, first, last in zip(self._words, self._starts, self._ends, strict=True):
            yield _new(Token, (word, first, last, token_key(word)))

    def offsets(self) -> Iterator[tuple[int, int]]:
        return zip(self._starts, self._ends, strict=True)

    def indexes_with_key(self, keys: set[str] | frozenset[str]) -> list[int]:
        return [i for i, word in enumerate(self._words) if token_key(word) in keys]

    def capitalised_words(self, shortest: int) -> list[int]:
        return [i for i, word in enumerate(self._words)
                if word[0].isupper() and len(word) >= shortest and word.isalpha()]


_new = tuple.__new__


def offsets(tokens: Sequence[Token]) -> Iterator[tuple[int, int]]:
    """(start, end) of every token, without making Token objects for a :class:`TokenTable`."""
    if isinstance(tokens, TokenTable):
        return tokens.offsets()
    return ((t.start, t.end) for t in tokens)


def indexes_with_key(tokens: Sequence[Token], keys: set[str] | frozenset[str]) -> list[int]:
    """The indexes of the tokens whose key is one of ``keys``."""
    if isinstance(tokens, TokenTable):
        return tokens.indexes_with_key(keys)
    return [i for i, t in enumerate(tokens) if t.key in keys]


def capitalised_words(tokens: Sequence[Token], shortest: int) -> list[int]:
    """The indexes of the alphabetic tokens of ``shortest`` letters or more that begin with a
    capital (the only tokens the fuzzy person matcher looks at)."""
    if isinstance(tokens, TokenTable):
        return tokens.capitalised_words(shortest)
    return [i for i, t in enumerate(tokens)
            if t.text[0].isupper() and len(t.text) >= shortest and t.text.isalpha()]


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


def _word_before(text: str, start: int, end: int) -> str:
    """The run of word characters (``\\w``: ``str.isalnum`` or "_") that ends ``text[start:end]``
    — what ``re.search(r"(\\w+)$", text[start:end])`` finds, without copying the slice and
    trying every position in it (that was quadratic in the length of a sentence)."""
    at = end
    while at > start and (text[at - 1].isalnum() or text[at - 1] == "_"):
        at -= 1
    return text[at:end]


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence: split at line breaks and at ., ! or ? before a capital.

    A full stop after a known abbreviation ("Mr.") or a single capital letter (an initial, as in
    "N. Nazarbayev") does not end a sentence. Surrounding white space is excluded.
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        cut = line.start()
        for m in _BOUNDARY.finditer(text, line.start(), line.end()):
            word = _word_before(text, cut, m.start())
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
