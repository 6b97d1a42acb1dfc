"""Unknown names: the persons, organizations and places a text names that the gazetteer does not
know, cleaned and typed for a curator to add.

A candidate starts as a run of capitalised words (inner connectors "of", "for", "the", "and",
"de", "al", hyphens, "'s" and the full stop of an initial allowed) that no mention covers, on a
line of prose: a line that ends like a sentence. Headlines, bylines, datelines and page furniture
("Advertisement", "Related posts", "P.M", "24-06-2017 | World") do not end like a sentence, so
they propose nothing — their names come back in the body if they matter. Then:

* **titles and posts become a post hint**, not part of the name: "Foreign Minister Erlan
  Abdyldaev" → person "Erlan Abdyldaev", post "foreign minister"; also a post standing before
  a linked name and a preposition ("Ambassador to Moscow Riyad Haddad" → "ambassador") or in
  lower case ("moderator Margarita Simonyan");
* **a run joining two organizations by "and" is split**, and a leading word that is not part of
  an organization's name is dropped ("Officials of the Foreign Ministry");
* **an organization takes in the linked names it is built on**: "UN General Assembly",
  "General Staff of Kyrgyzstan";
* **every candidate is typed** — ``person``, ``organization`` or ``place`` — with the evidence:
  a post or title (person), a surname ending such as -ov, -yan, -enko or a following "said"/
  "told" (person), an organization word such as Council, Ministry, Forum, or a following
  "newspaper"/"news agency" (organization), a preposition of place before it ("in Geneva") or a
  place word (place). A run without such evidence is not proposed: it is usually a headline
  fragment or a sentence start.

Single capitalised words are proposed only with evidence of their own (a title, a preposition
of place, a media noun): alone they are too often sentence starts.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from multivector.linking.matcher import Mention
from multivector.linking.normalize import plain_token
from multivector.linking.tokens import Token, offsets, tokenize

#: Words of a post or title before a person's name (case-insensitive).
TITLE_WORDS = frozenset(
    {"mr", "ms", "mrs", "dr", "president", "minister", "general", "colonel", "lieutenant",
     "secretary", "chairman", "chairwoman", "ambassador", "prime", "deputy", "spokesman",
     "spokeswoman", "spokesperson", "senator", "governor", "king", "emir", "chief", "commander",
     "director", "head", "professor", "prof", "admiral", "major", "captain", "sheikh", "envoy",
     "premier", "vice", "mayor", "sultan", "marshal", "sergeant", "moderator", "speaker",
     "adviser", "advisor", "representative", "chancellor", "leader", "president-elect"}
)
#: Words that qualify a post ("Foreign Minister", "Special Envoy"); part of the post hint only
#: next to a word of :data:`TITLE_WORDS`.
POST_MODIFIERS = frozenset(
    {"foreign", "defence", "defense", "interior", "special", "first", "acting", "former",
     "permanent", "state", "presidential", "press", "senior", "national", "security", "finance",
     "economy", "justice", "energy", "trade", "economic", "executive", "assistant", "top"}
)
ORG_WORDS = frozenset(
    {"council", "committee", "ministry", "organization", "organisation", "foundation", "agency",
     "institute", "center", "centre", "party", "union", "club", "department", "forces", "army",
     "corps", "movement", "university", "college", "bank", "fund", "commission", "parliament",
     "assembly", "office", "bureau", "service", "alliance", "association", "front", "brigade",
     "division", "battalion", "group", "company", "corporation", "academy", "school", "court",
     "observatory", "society", "network", "news", "post", "times", "secretariat", "forum",
     "staff", "government", "cabinet", "senate", "duma", "congress", "embassy", "mission",
     "council's", "guard", "police", "navy", "command", "directorate", "program", "programme",
     "initiative", "federation", "league", "coalition", "board", "authority", "tribune",
     "gazette", "herald", "journal", "press", "radio", "television", "tv"}
)
#: Lower-case nouns after a name that make it a media organization ("Interfax news agency").
MEDIA_NOUNS = frozenset(
    {"newspaper", "agency", "channel", "television", "radio", "daily", "weekly", "magazine",
     "portal", "website", "broadcaster", "outlet", "paper"}
)
#: Words for places in a name ("Zhambyl Region", "Fergana Valley").
PLACE_WORDS = frozenset(
    {"region", "province", "oblast", "district", "valley", "mountains", "sea", "lake", "river",
     "island", "islands", "city", "governorate", "county", "state", "republic", "peninsula",
     "strait", "gulf", "desert", "square", "street", "airport", "base"}
)
#: Prepositions before a place ("in Geneva", "to Zhanaozen").
PLACE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "to", "from", "into", "outside", "inside", "around", "across", "via"}
)
SPEECH_VERBS = frozenset(
    {"said", "says", "told", "added", "stated", "noted", "stressed", "wrote", "argued",
     "explained", "declared", "announced", "insisted", "warned", "asked", "replied", "claimed"}
)
#: Family-name endings of the region's persons (Russian, Kazakh, Kyrgyz, Armenian, Georgian,
#: Ukrainian, Turkish and Arabic patronymic forms).
SURNAME = re.compile(
    r"(?:ov|ev|ova|eva|in|ina|yan|ian|enko|uly|kyzy|dze|shvili|sky|ski|skiy|skaya|ovich|evich|"
    r"ich|yev|iyev|oglu|zade|uk|chuk|ko|bek|bekov|aev|ayev|off)$"
)
CONNECTORS = frozenset({"of", "for", "the", "and", "de", "al", "on", "-", "&", "bin", "ibn",
                        "van", "von", "der", "da", "di", "la", "le"})
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
     "translation", "home", "news", "share", "leave", "you", "your", "yes", "like", "many",
     "meanwhile", "earlier", "later", "last", "next", "several", "most", "more", "ex", "former"}
)
#: How a line of prose ends (after trailing white space): a sentence's last character.
_PROSE_END = re.compile(r"[.!?\u2026\"'\u201d\u2019)]\s*$")


@dataclass(frozen=True)
class Candidate:
    """An unknown name: its offsets, the text there, its type, and the cleaned name.

    ``text`` is ``name`` as written in the text (``text[start:end]``); ``post`` is the post or
    title that stood before a person's name, lower case ("foreign minister"); ``evidence`` says
    why the candidate was typed so ("post 'foreign minister'", "organization word 'Forum'").
    """

    start: int
    end: int
    text: str
    kind: str  # person, organization, place
    name: str = ""
    post: str = ""
    evidence: str = ""


def _low(token: Token) -> str:
    return plain_token(token.text).casefold()


def _prose_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lines that end like a sentence."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        if _PROSE_END.search(m.group()):
            spans.append(m.span())
    return spans


def _runs(text: str, tokens: Sequence[Token], covered: set[int],
          prose: list[tuple[int, int]]) -> list[list[int]]:
    """Maximal runs of capitalised tokens (with inner connectors) on lines of prose."""
    runs: list[list[int]] = []
    current: list[int] = []
    starts = [s for s, _ in prose]

    def in_prose(token: Token) -> bool:
        at = bisect.bisect_right(starts, token.start) - 1
        return at >= 0 and token.start < prose[at][1]

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
        elif tok.is_word and tok.is_capitalised and (current or in_prose(tok)):
            current.append(i)
        elif current and tok.text.casefold() in CONNECTORS:
            current.append(i)
        elif (
            current and tok.text in {"'", "\u2019"} and i + 1 < len(tokens)
            and tokens[i + 1].text == "s" and tokens[i].start == tokens[current[-1]].end
        ):
            close()  # a possessive ends the name ("Erdogan's spokesman")
            i += 1
        elif current and tok.text in {"'", "\u2019"}:
            close()
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


def _split_and(tokens: Sequence[Token], words: list[int]) -> list[list[int]]:
    """A run "X Ministry and the Y Staff" as two runs when both sides hold an organization
    word; otherwise the run as it is."""
    for k, i in enumerate(words):
        if _low(tokens[i]) == "and" and 0 < k < len(words) - 1:
            left, right = words[:k], words[k + 1:]
            if any(_low(tokens[j]) in ORG_WORDS for j in left) and any(
                _low(tokens[j]) in ORG_WORDS for j in right
            ):
                return [left, *_split_and(tokens, right)]
    return [words]


def _trim(tokens: Sequence[Token], words: list[int]) -> list[int]:
    """Connectors and conventional capitals off both ends."""
    while words and (_low(tokens[words[0]]) in CONVENTIONAL
                     or _low(tokens[words[0]]) in CONNECTORS):
        words = words[1:]
    while words and (_low(tokens[words[-1]]) in CONNECTORS | CONVENTIONAL
                     or not tokens[words[-1]].is_word):
        words = words[:-1]
    return words


def _post_before(tokens: Sequence[Token], first: int, covered: set[int]) -> list[str]:
    """Post words standing before token ``first`` outside the run: lower-case titles
    ("moderator X") or a post, a preposition and a linked name ("Ambassador to Moscow X")."""
    j = first - 1
    if j >= 1 and tokens[j].text == "," and _low(tokens[j - 1]) in TITLE_WORDS \
            and not tokens[j - 1].is_capitalised:
        j -= 1  # "the bloc's secretary general, Stanislav Zas,"
    if j >= 0 and _low(tokens[j]) in TITLE_WORDS and j not in covered:
        post = [_low(tokens[j])]
        while j - 1 >= 0 and _low(tokens[j - 1]) in POST_MODIFIERS | TITLE_WORDS:
            j -= 1
            post.insert(0, _low(tokens[j]))
        return post
    steps = 0
    while j >= 0 and j in covered and steps < 4:
        j -= 1
        steps += 1
    if steps and j >= 1 and _low(tokens[j]) in {"to", "of", "for", "in"}:
        j -= 1
        post = []
        while j >= 0 and _low(tokens[j]) in POST_MODIFIERS | TITLE_WORDS:
            post.insert(0, _low(tokens[j]))
            j -= 1
        if any(w in TITLE_WORDS for w in post):
            return post
    return []


def _next_word(tokens: Sequence[Token], after: int) -> str:
    k = after + 1
    while k < len(tokens) and tokens[k].text in {",", "'", "\u2019", "s"} and k <= after + 3:
        k += 1
    return _low(tokens[k]) if k < len(tokens) else ""


def _type(tokens: Sequence[Token], words: list[int], post: list[str],
          covered: set[int]) -> tuple[str, str] | None:
    """(kind, evidence) of the cleaned name ``words``, or None without evidence."""
    lows = [_low(tokens[i]) for i in words]
    caps = [i for i in words if tokens[i].is_capitalised]
    first, last = words[0], words[-1]
    org = next((tokens[i].text for i, w in zip(words, lows, strict=True) if w in ORG_WORDS),
               None)
    if org and len(caps) >= 1 and not post:
        return "organization", f"organization word '{org}'"
    if post:
        return "person", f"post '{' '.join(post)}'"
    after = _low(tokens[last + 1]) if last + 1 < len(tokens) else ""
    after2 = _low(tokens[last + 2]) if last + 2 < len(tokens) else ""
    if after in MEDIA_NOUNS or (after == "news" and after2 in MEDIA_NOUNS):
        return "organization", f"followed by '{after}'"
    place_word = next((tokens[i].text for i, w in zip(words, lows, strict=True)
                       if w in PLACE_WORDS and i != first), None)
    if place_word and len(caps) >= 2:
        return "place", f"place word '{place_word}'"
    before = _low(tokens[first - 1]) if first >= 1 else ""
    surname = len(caps) >= 2 and SURNAME.search(lows[-1]) and not lows[-1].endswith("stan")
    if surname:
        return "person", f"surname ending of '{tokens[last].text}'"
    if len(caps) >= 2 and _next_word(tokens, last) in SPEECH_VERBS:
        return "person", f"followed by '{_next_word(tokens, last)}'"
    if before in PLACE_PREPOSITIONS and first - 1 not in covered:
        return "place", f"after '{before}'"
    return None


def find_candidates(
    text: str, mentions: list[Mention], tokens: Sequence[Token] | None = None
) -> list[Candidate]:
    """The unknown names in ``text`` that look like actors or places, cleaned and typed
    (``tokens``: ``tokenize(text)`` when the caller has it already)."""
    tokens = tokenize(text) if tokens is None else tokens
    covered = _covered(tokens, mentions)
    prose = _prose_lines(text)
    found: list[Candidate] = []
    for run in _runs(text, tokens, covered, prose):
        for words in _split_and(tokens, run):
            candidate = _candidate(text, tokens, words, covered)
            if candidate is not None:
                found.append(candidate)
    return found


def _title_split(tokens: Sequence[Token], words: list[int]
                 ) -> tuple[list[str], list[int]] | None:
    """(post words, name) when ``words`` is [affiliation] post name: at most three affiliation
    words, a block of post words with a title in it, then a name without organization words
    that does not start with a connector ("Minister of Foreign Affairs" is a post alone)."""
    lows = [_low(tokens[i]) for i in words]
    for k in range(min(4, len(words))):
        if lows[k] not in TITLE_WORDS | POST_MODIFIERS:
            continue
        end = k
        while end < len(words) and lows[end] in TITLE_WORDS | POST_MODIFIERS:
            end += 1
        block, name = lows[k:end], words[end:]
        if not any(w in TITLE_WORDS for w in block):
            continue
        if not name or lows[end] in CONNECTORS or any(w in ORG_WORDS for w in lows[end:]):
            return None
        if any(not tokens[i].is_capitalised for i in words[:k] if tokens[i].is_word):
            return None
        return [w for w in block if w not in {"mr", "ms", "mrs", "dr"}], _trim(tokens, name)
    return None


def _candidate(text: str, tokens: Sequence[Token], run: list[int],
               covered: set[int]) -> Candidate | None:
    words = _trim(tokens, run)
    if not words:
        return None
    # a post before the name, maybe after an affiliation: "Foreign Minister Erlan Abdyldaev",
    # "CSTO Secretary General Stanislav Zas", "UN Special Envoy Staffan de Mistura"
    post: list[str] = []
    split = _title_split(tokens, words)
    if split is not None:
        post, words = split
        if not words:
            return None
    elif any(_low(tokens[i]) in TITLE_WORDS for i in words[:1]) and len(words) > 1 and \
            _low(tokens[words[1]]) in CONNECTORS:
        return None  # "Minister of Foreign Affairs": a post, not a name
    elif len(words) > 2 and _low(tokens[words[1]]) == "of" and \
            _low(tokens[words[0]]) not in ORG_WORDS | TITLE_WORDS and \
            any(_low(tokens[i]) in ORG_WORDS for i in words):
        # "Officials of the Foreign Ministry": a first word that is no part of the name
        words = _trim(tokens, words[2:])
        if not words:
            return None
    if not post:
        post = _post_before(tokens, words[0], covered)
    kind_evidence = _type(tokens, words, post, covered)
    if kind_evidence is None:
        return None
    kind, evidence = kind_evidence
    caps = [i for i in words if tokens[i].is_capitalised]
    first, last = words[0], words[-1]
    if kind == "organization":
        first, last = _widen(text, tokens, first, last, covered)
    if all(tokens[i].text.isupper() and len(tokens[i].text) > 1 for i in caps) and len(caps) == 1 \
            and kind != "organization":
        return None  # a dateline or shouted word
    start, end = tokens[first].start, tokens[last].end
    name = " ".join(text[start:end].split())
    post_hint = " ".join(post) if kind == "person" else ""
    return Candidate(start, end, text[start:end], kind, name, post_hint, evidence)


def _widen(text: str, tokens: Sequence[Token], first: int, last: int,
           covered: set[int]) -> tuple[int, int]:
    """An organization's name over the linked names it is built on: one directly before it
    ("UN General Assembly") and "of [the] X" after it ("General Staff of Kyrgyzstan")."""
    k = first - 1
    while k >= 0 and k in covered and tokens[k].end + 1 >= tokens[k + 1].start \
            and tokens[k].is_word and tokens[k].is_capitalised \
            and "\n" not in text[tokens[k].end:tokens[k + 1].start]:
        first = k
        k -= 1
    k = last + 1
    if k < len(tokens) and _low(tokens[k]) == "of":
        k += 1
        if k < len(tokens) and _low(tokens[k]) == "the":
            k += 1
        end = k
        while end < len(tokens) and end in covered and tokens[end].is_word:
            end += 1
        if end > k:
            last = end - 1
    return first, last
