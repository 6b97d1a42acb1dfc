"""Unknown names: capitalised sequences the gazetteer does not know, for a person to add.

A candidate is a run of capitalised words (inner connectors "of", "for", "the", "and", "de", "al",
hyphens, "'s" and the full stop of an initial allowed) that no mention covers, and that looks like a
name of an actor:

* ``person`` — preceded by (or starting with) a title word: Mr., Ms., President, Minister,
  General, Ambassador, …;
* ``organization`` — containing an organization word: Council, Committee, Ministry, Organization,
  Foundation, Party, Agency, …;
* ``name`` — any other run of two or more capitalised words, not counting a sentence's first word
  or words that are only capitalised by convention (months, days, "The", "However", …).

Single capitalised words are never candidates unless a title precedes them: they are too often
sentence starts or headings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from multivector.linking.matcher import Mention
from multivector.linking.normalize import plain_token
from multivector.linking.tokens import Token, offsets, sentences, tokenize

TITLE_WORDS = frozenset(
    {"mr", "ms", "mrs", "dr", "president", "minister", "general", "colonel", "lieutenant",
     "secretary", "chairman", "chairwoman", "ambassador", "prime", "deputy", "spokesman",
     "spokeswoman", "senator", "governor", "king", "emir", "chief", "commander", "director",
     "head", "professor", "prof", "admiral", "major", "captain", "sheikh", "envoy", "premier",
     "vice", "mayor", "sultan", "marshal", "sergeant"}
)
ORG_WORDS = frozenset(
    {"council", "committee", "ministry", "organization", "organisation", "foundation", "agency",
     "institute", "center", "centre", "party", "union", "club", "department", "forces", "army",
     "corps", "movement", "university", "college", "bank", "fund", "commission", "parliament",
     "assembly", "office", "bureau", "service", "alliance", "association", "front", "brigade",
     "division", "battalion", "group", "company", "corporation", "academy", "school", "court",
     "observatory", "society", "network", "news", "post", "times", "secretariat"}
)
CONNECTORS = frozenset({"of", "for", "the", "and", "de", "al", "on", "-", "&"})
CONVENTIONAL = frozenset(
    {"the", "a", "an", "in", "on", "at", "this", "that", "these", "those", "it", "its", "as",
     "but", "and", "or", "however", "moreover", "therefore", "thus", "so", "if", "when", "while",
     "since", "after", "before", "although", "even", "instead", "today", "now", "then", "first",
     "second", "secondly", "thirdly", "fourthly", "firstly", "finally", "according", "by", "for",
     "from", "with", "to", "of", "we", "our", "he", "she", "they", "his", "her", "their", "i",
     "january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
     "saturday", "sunday", "what", "why", "how", "who", "which", "where", "there", "here",
     "unlike", "despite", "during", "such", "some", "all", "any", "no", "not", "only", "also",
     "both", "each", "every", "other", "another", "one", "two", "three", "four", "five",
     "translation", "home", "news", "share", "leave", "you", "your"}
)


@dataclass(frozen=True)
class Candidate:
    """An unknown name: offsets, text, and why it was proposed."""

    start: int
    end: int
    text: str
    kind: str  # person, organization, name
    name: str = ""
    post: str = ""


def _low(token: Token) -> str:
    return plain_token(token.text).casefold()


def _runs(text: str, tokens: Sequence[Token], covered: set[int]) -> list[list[int]]:
    """Maximal runs of capitalised tokens (with inner connectors), as token indices."""
    runs: list[list[int]] = []
    current: list[int] = []

    def close() -> None:
        while current and not tokens[current[-1]].is_capitalised:
            current.pop()
        if current:
            runs.append(current.copy())
        current.clear()

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if current and "\n" in text[tokens[current[-1]].end : tok.start]:
            close()
        if i in covered:
            close()
        elif tok.is_word and tok.is_capitalised:
            current.append(i)
        elif current and tok.text.casefold() in CONNECTORS:
            current.append(i)
        elif (
            current and tok.text in {"'", "\u2019"} and i + 1 < len(tokens)
            and tokens[i + 1].text == "s" and tokens[i].start == tokens[current[-1]].end
        ):
            current.extend([i, i + 1])
            i += 1
        elif current and tok.text in {"'", "\u2019"}:
            close()
            current.clear()
        elif current and tok.text == "." and tokens[current[-1]].is_capitalised and (
            len(tokens[current[-1]].text) <= 2 or _low(tokens[current[-1]]) in TITLE_WORDS
        ):
            current.append(i)
        else:
            close()
        i += 1
    close()
    return runs


def _covered(tokens: Sequence[Token], mentions: list[Mention]) -> set[int]:
    """Indexes of the tokens lying inside some mention, in one sweep (tokens are in text order).

    A token is inside a mention iff, among the mentions starting at or before it, the one
    reaching furthest ends at or after it. (Testing every token against every mention was
    quadratic in the length of the text.)
    """
    spans = sorted((m.start, m.end) for m in mentions)
    covered: set[int] = set()
    at, reach = 0, -1
    for i, (start, end) in enumerate(offsets(tokens)):
        while at < len(spans) and spans[at][0] <= start:
            reach = max(reach, spans[at][1])
            at += 1
        if reach >= end:
            covered.add(i)
    return covered


def find_candidates(
    text: str, mentions: list[Mention], tokens: Sequence[Token] | None = None
) -> list[Candidate]:
    """Capitalised names in ``text`` that look like actors and are not linked (``tokens``:
    ``tokenize(text)`` when the caller has it already)."""
    tokens = tokenize(text) if tokens is None else tokens
    starts = {s for s, _ in sentences(text)}
    covered = _covered(tokens, mentions)
    found: list[Candidate] = []
    for run in _runs(text, tokens, covered):
        titled = run[0] > 0 and _low(tokens[run[0] - 1]) in TITLE_WORDS
        words = [i for i in run if tokens[i].is_word]
        lead = 0
        while lead < len(words) and _low(tokens[words[lead]]) in LEADING:
            lead += 1
        first_title = lead
        while lead < len(words) and _low(tokens[words[lead]]) in TITLE_WORDS:
            lead += 1
        if first_title < lead < len(words) and _low(tokens[words[lead]]) in CONNECTORS:
            continue  # "Minister of Foreign Affairs": a post, not a name
        # leading title words and conventional capitals do not belong to the name
        while words and (
            _low(tokens[words[0]]) in TITLE_WORDS or _low(tokens[words[0]]) in CONVENTIONAL
        ):
            if _low(tokens[words[0]]) in TITLE_WORDS:
                titled = True
            words.pop(0)
        while words and _low(tokens[words[-1]]) in CONVENTIONAL | TITLE_WORDS:
            words.pop()
        caps = [
            i for i in words if tokens[i].is_capitalised and _low(tokens[i]) not in CONVENTIONAL
        ]
        if not caps:
            continue
        first, last = words[0], words[-1]
        org = any(_low(tokens[i]) in ORG_WORDS for i in words)
        if org and len(caps) >= 2:
            kind = "organization"
        elif titled:
            kind = "person"
        elif len(caps) >= 2 and not (len(caps) == 2 and tokens[caps[0]].start in starts
                                     and _low(tokens[caps[0]]) in CONVENTIONAL):
            kind = "name"
        else:
            continue
        start, end = tokens[first].start, tokens[last].end
        found.append(Candidate(start, end, text[start:end], kind))
    return found

#: Words that may precede a title at the start of a run ("The Minister of …").
LEADING = (CONVENTIONAL - CONNECTORS) | {"the", "a", "an"}
