"""Find entity mentions in a text: case-insensitive, on token boundaries, longest match first.

Matching compares token keys (:mod:`multivector.linking.normalize`), so transliteration variants
match. These guards keep precision up:

* acronyms and initials (tokens with two or more capitals, or one capital letter alone: "US",
  "IS", "UN", "N.") match only in exactly that case — "us" is not the United States;
* a capitalised name never matches a wholly lower-case stretch of text ("the alliance" is not
  NATO, "the west" is not the West);
* **ambiguous surface forms.** When a form names a place and something else (a capital city and
  its state's government: "Astana", "Moscow", "Kiev", "Washington", "Bishkek"), the place is meant
  (:func:`_place_reading`) in a dateline ("BISHKEK, June 23 —"); directly after *in, at, near,
  inside, outside, around, across, within, throughout* — unless the name is possessive ("In
  Astana's opinion"), the preposition follows a noun of government ("the regime in Damascus",
  "officials in Bishkek") or "at" follows a word of aim ("a jibe at Moscow"); after *to, from,
  for, into, via, toward* only when a word of movement comes shortly before ("a visit to
  Damascus", "flew to Tehran", "leave for Astana" — but "proposals from Moscow", "Ambassador to
  Moscow" are the government); after or in apposition to "capital", "city", "region" … ("the
  Kazakh capital Astana", "Kazakhstan's capital, Astana", "Astana, the capital of …", "the region
  of Damascus"); before "-based"; and when coordinated with a place reading ("in Bishkek and
  Astana"). Everywhere else the metonym is the government (the state or organization). Other
  ties go to the form's kind (label, alt label, person-name variant, metonym, demonym, bare
  family name) and then to the entity IRI, deterministically; the losers are kept in
  :attr:`Mention.alternatives`. The one exception is a *group label*: a lower-case alt label
  that several entities of the same class share ("de-escalation zones" on each of the four
  zones) names them all, as one mention with several bodies;
* **negation and qualifiers.** A name hyphenated to "non" is dropped ("non-Western countries"
  are not the West); "anti-"/"pro-" keep the entity and are recorded in
  :attr:`Mention.qualifier`;
* **namesakes.** A bare family name after a capitalised word that is not the person's given name
  (nor a title) is another person: "Tigran Sargsyan" links nothing.

After exact matching, known persons are also found under spellings the keys do not unify
(:mod:`multivector.linking.fuzzy`; mentions of kind ``fuzzy``).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import URIRef

from multivector.linking.fuzzy import MIN_LENGTH, given_compatible
from multivector.linking.gazetteer import Gazetteer, Surface
from multivector.linking.normalize import plain_token
from multivector.linking.tokens import Token, capitalised_words, indexes_with_key, tokenize

LOCATIVES = frozenset({"in", "at", "near", "inside", "outside", "around", "across", "within",
                       "throughout"})
#: Prepositions that make a capital a place only after a word of movement ("a visit to
#: Damascus", "flew to Tehran", "leave for Astana", "returned from Moscow"); elsewhere the
#: capital is the government ("proposals from Moscow", "appealed to Moscow", "Ambassador to
#: Moscow").
DIRECTIONALS = frozenset({"to", "from", "into", "for", "toward", "towards", "via"})
MOTION_WORDS = frozenset(
    {"visit", "visits", "visited", "visiting", "trip", "trips", "tour", "travel", "travels",
     "travelled", "traveled", "travelling", "traveling", "fly", "flies", "flew", "flown",
     "flying", "flight", "flights", "come", "comes", "came", "coming", "arrive", "arrives",
     "arrived", "arriving", "arrival", "return", "returns", "returned", "returning", "go",
     "goes", "went", "gone", "going", "head", "heads", "headed", "heading", "move", "moves",
     "moved", "moving", "relocate", "relocated", "journey", "leave", "leaves", "left",
     "leaving", "depart", "departs", "departed", "departure", "bound", "drive", "drove",
     "driven", "evacuated", "fled", "deployed", "transferred", "way", "road", "route", "back"}
)
GOVERNMENT_NOUNS = frozenset(
    {"regime", "government", "governments", "officials", "authorities", "leadership",
     "leaders", "administration", "authority"}
)
#: Words after which "at" names a target, not a place: "a jibe at Moscow", "aimed at Baku".
TARGET_WORDS = frozenset(
    {"jibe", "jibes", "swipe", "swipes", "dig", "digs", "jab", "aimed", "aim", "aiming",
     "directed", "angry", "anger", "furious", "pointed", "pointing", "looked", "look", "looking",
     "glance", "shot", "shots", "lashed", "lash", "hit", "hits", "struck", "strike", "laughed",
     "outrage", "fired", "criticism", "barb", "barbs", "snapped", "annoyed", "frustration"}
)
PLACE_NOUNS = frozenset(
    {"region", "province", "city", "capital", "outskirts", "suburbs", "streets", "area",
     "centre", "center", "district", "town", "airport"}
)
MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
     "sept", "oct", "nov", "dec"}
)
#: Prefixes that negate the name they are hyphenated to: "non-Western countries" are not the
#: West. Such a mention is dropped.
NEGATING_PREFIXES = frozenset({"non"})
#: Prefixes that qualify the name without negating it: "anti-Russian sanctions" and
#: "pro-Western parties" are about Russia and the West; the mention keeps its entity and
#: records the prefix in :attr:`Mention.qualifier` (a stance cue for the drafts).
QUALIFYING_PREFIXES = frozenset({"anti", "pro"})
#: Capitalised words that are never a given name before a surname (titles, sentence openers).
NOT_GIVEN = frozenset(
    {"mr", "ms", "mrs", "dr", "president", "minister", "general", "secretary", "ambassador",
     "envoy", "spokesman", "spokeswoman", "chairman", "premier", "the", "a", "an", "and", "but",
     "said", "says", "told", "meanwhile", "however", "foreign", "prime", "deputy", "special",
     "emperor", "tsar", "czar", "king", "queen", "prince", "sheikh", "emir", "sultan", "chief",
     "commander", "colonel", "governor", "senator", "professor", "mayor", "leader", "when",
     "as", "if", "while", "after", "before", "since", "so", "then", "yesterday", "today",
     "tomorrow", "also", "or", "because", "what", "why", "where", "how", "although",
     "though", "even", "only", "russian", "american", "turkish", "kazakh", "kyrgyz"}
)
KIND_ORDER = {"label": 0, "altLabel": 1, "name": 2, "metonym": 3, "demonym": 4, "family": 5}


@dataclass(frozen=True)
class Mention:
    """One linked mention: offsets into the text, the surface as written, the entity."""

    start: int
    end: int
    surface: str
    entity: URIRef
    kind: str
    alternatives: tuple[URIRef, ...] = ()
    #: further entities of a group mention ("de-escalation zones": every zone so labelled)
    also: tuple[URIRef, ...] = ()
    #: a hyphenated qualifier before the name: "anti" ("anti-Russian"), "pro" ("pro-Western")
    qualifier: str = ""

    @property
    def bodies(self) -> tuple[URIRef, ...]:
        """Every entity the mention names (one, or several for a group mention)."""
        return (self.entity, *self.also)

    @property
    def ambiguous(self) -> bool:
        return bool(self.alternatives)


def _fits(surface: Surface, span: list[Token]) -> bool:
    for index, exact in surface.exact:
        if plain_token(span[index].text) != exact:
            return False
    if surface.capitalised and not any(
        c.isupper() for t in span for c in plain_token(t.text)
    ):
        return False
    return True


def _is_possessive(tokens: Sequence[Token], after: int) -> bool:
    return (
        after + 1 < len(tokens)
        and tokens[after].text in {"'", "\u2019"}
        and tokens[after + 1].text.lower() == "s"
    )


def _low(tokens: Sequence[Token], i: int) -> str:
    return tokens[i].text.casefold() if 0 <= i < len(tokens) else ""


def _line_start(text: str, tokens: Sequence[Token], i: int) -> bool:
    """Whether token ``i`` is the first token of its line."""
    return i == 0 or "\n" in text[tokens[i - 1].end : tokens[i].start]


def _dateline(text: str, tokens: Sequence[Token], i: int, n: int) -> bool:
    """A dateline: the name opens a line and is followed by a comma, full stop, dash or
    parenthesis and, on the same line within a few tokens, a month, a day number (not a year:
    "Moscow, in 2014, annexed …" is a sentence) or a dash ("BISHKEK, June 23 —", "ASTANA,
    May 4. /TASS/", "MOSCOW (Sputnik) —")."""
    if not _line_start(text, tokens, i):
        return False
    after = i + n
    if after >= len(tokens) or tokens[after].text not in {",", ".", "(", "\u2014", "-", "/"}:
        return False
    line_end = text.find("\n", tokens[after].start)
    line_end = len(text) if line_end < 0 else line_end
    for k in range(after, min(after + 8, len(tokens))):
        token = tokens[k]
        if token.start >= line_end:
            break
        if token.text.casefold() in MONTHS or (token.text.isdigit() and len(token.text) <= 2) \
                or token.text in {
            "\u2014", "(", "/"
        }:
            return True
    return False


def _after_motion(tokens: Sequence[Token], prep: int) -> bool:
    """A word of movement within four tokens before the preposition at ``prep``, in the same
    clause (no comma, full stop or quote between)."""
    for k in range(prep - 1, max(prep - 5, -1), -1):
        word = tokens[k].text
        if word in {",", ".", ";", ":", '"', "\u201c", "\u201d", "(", ")"}:
            return False
        if word.casefold() in MOTION_WORDS:
            return True
    return False


def _place_reading(text: str, tokens: Sequence[Token], i: int, n: int,
                   previous_place_end: int | None) -> bool:
    """Whether the capital at tokens ``i:i+n`` names the city rather than the government."""
    if _is_possessive(tokens, i + n):
        return False
    if _dateline(text, tokens, i, n):
        return True
    after, after2 = _low(tokens, i + n), _low(tokens, i + n + 1)
    if after == "-" and after2 == "based":  # "Moscow-based"
        return True
    if after == "," and after2 in {"the", "a"} and _low(tokens, i + n + 2) in PLACE_NOUNS:
        return True  # "Astana, the capital of Kazakhstan"
    prev = _low(tokens, i - 1)
    if prev in LOCATIVES:
        before = _low(tokens, i - 2)
        return before not in GOVERNMENT_NOUNS and not (prev == "at" and before in TARGET_WORDS)
    if prev in DIRECTIONALS:
        return _after_motion(tokens, i - 1)
    if prev in PLACE_NOUNS:  # "the Kazakh capital Astana", "the city of" handled below
        return True
    if prev == "," and _low(tokens, i - 2) in PLACE_NOUNS:  # "Kazakhstan's capital, Astana"
        return True
    if prev == "of" and _low(tokens, i - 2) in PLACE_NOUNS:  # "the capital of Astana"
        return True
    if prev in {"and", "or", ",", "nor"} and previous_place_end is not None:
        return previous_place_end == i - 1
    return False


def _prefix(tokens: Sequence[Token], i: int) -> str:
    """The word hyphenated directly before token ``i`` ("non" in "non-Western"), or ""."""
    if i >= 2 and tokens[i - 1].text == "-" and tokens[i - 1].end == tokens[i].start \
            and tokens[i - 2].end == tokens[i - 1].start:
        return tokens[i - 2].text.casefold()
    return ""


def key_prefixes(gazetteer: Gazetteer) -> set[tuple[str, ...]]:
    """Every prefix of every surface form's key sequence: a match is only looked for as far
    as the text's keys are such a prefix (trying every length at every token was most of the
    linker's time)."""
    found: set[tuple[str, ...]] = set()
    for keys in gazetteer.forms:
        for k in range(1, len(keys) + 1):
            found.add(keys[:k])
    return found


def _match_at(tokens: Sequence[Token], i: int, gazetteer: Gazetteer, longest: int,
              prefixes: set[tuple[str, ...]] | None = None):
    """The longest fitting surface forms starting at token ``i`` (at most ``longest`` tokens)."""
    if prefixes is None:
        prefixes = key_prefixes(gazetteer)
    keys: tuple[str, ...] = ()
    walked: list[Token] = []
    for k in range(min(longest, len(tokens) - i)):
        token = tokens[i + k]
        keys = (*keys, token.key)
        if keys not in prefixes:
            break
        walked.append(token)
    for n in range(len(walked), 0, -1):
        span = walked[:n]
        surfaces = gazetteer.forms.get(keys[:n])
        if surfaces:
            fitting = [s for s in surfaces if _fits(s, span)]
            if fitting:
                return n, fitting
    return None


def _nested(tokens: Sequence[Token], i: int, n: int, gazetteer: Gazetteer,
            prefixes: set[tuple[str, ...]] | None = None):
    """Names joined to a longer name by a possessive or a hyphen ("NATO's ISAF", "US-led").

    Yields (offset, length, surfaces) of each prefix of the span ``tokens[i:i+n]`` that is
    followed by ``'s`` or ``-`` and is itself a surface form of another entity.
    """
    outer = {s.entity for s in (_match_at(tokens, i, gazetteer, n, prefixes) or (0, []))[1]}
    for k in range(1, n):
        joiner = tokens[i + k].text
        if joiner not in {"'", "\u2019", "-"} or tokens[i + k].start != tokens[i + k - 1].end:
            continue
        found = _match_at(tokens, i, gazetteer, k, prefixes)
        if found and found[0] == k and not {s.entity for s in found[1]} & outer:
            yield 0, k, found[1]


def _is_group(ranked: list[Surface], entities: list[URIRef], gazetteer: Gazetteer) -> bool:
    """A lower-case alt label shared by entities of one class names them all ("de-escalation
    zones", "zones of de-escalation")."""
    if len(entities) < 2 or not all(s.kind == "altLabel" for s in ranked):
        return False
    if ranked[0].text[:1].isupper():
        return False
    return len({gazetteer.types.get(e) for e in entities}) == 1


def link_text(text: str, gazetteer: Gazetteer, tokens: Sequence[Token] | None = None
              ) -> list[Mention]:
    """Every mention of a gazetteer entity in ``text``, in text order.

    Longest match first over the whole text: all candidate matches are ranked by length (in
    tokens), then position, and taken if they overlap nothing taken before. Names nested in a
    taken match by a possessive or hyphen are mentions of their own (:func:`_nested`).
    """
    tokens = tokenize(text) if tokens is None else tokens
    prefixes = key_prefixes(gazetteer)
    firsts = {keys[0] for keys in prefixes if len(keys) == 1}
    candidates: list[tuple[int, int, list[Surface]]] = []
    # only tokens some form starts with (most tokens are not; skipped without a Token object)
    for i in indexes_with_key(tokens, firsts):
        token = tokens[i]
        if not token.is_word and token.text not in {'"', "'"}:
            continue
        found = _match_at(tokens, i, gazetteer, gazetteer.max_tokens, prefixes)
        if found:
            candidates.append((i, found[0], found[1]))
    taken: list[tuple[int, int, list[Surface]]] = []
    used: set[int] = set()
    for i, n, fitting in sorted(candidates, key=lambda c: (-c[1], c[0])):
        if used.isdisjoint(range(i, i + n)):
            used.update(range(i, i + n))
            taken.append((i, n, fitting))
            for off, k, inner in _nested(tokens, i, n, gazetteer, prefixes):
                taken.append((i + off, k, inner))
    mentions: list[Mention] = []
    previous_place_end: int | None = None  # token index after the last place-reading mention
    for i, n, fitting in sorted(taken, key=lambda c: (c[0], -c[1])):
        prefix = _prefix(tokens, i)
        if prefix in NEGATING_PREFIXES:
            continue
        ranked = sorted(fitting, key=lambda s: (KIND_ORDER.get(s.kind, 9), str(s.entity)))
        entities = list(dict.fromkeys(s.entity for s in ranked))
        chosen = entities[0]
        places = [e for e in entities if gazetteer.is_place(e)]
        others = [e for e in entities if not gazetteer.is_place(e)]
        place_reading = False
        if places and others:
            place_reading = _place_reading(text, tokens, i, n, previous_place_end)
            chosen = places[0] if place_reading else others[0]
        kind = next(s.kind for s in ranked if s.entity == chosen)
        start, end = tokens[i].start, tokens[i + n - 1].end
        if kind == "family" and _other_given_name(text, tokens, i, chosen, gazetteer,
                                                  mentions[-1].end if mentions else -1):
            continue  # "Tigran Sargsyan" is not Serzh Sargsyan
        qualifier = prefix if prefix in QUALIFYING_PREFIXES else ""
        if _is_group(ranked, entities, gazetteer):
            mentions.append(Mention(start, end, text[start:end], entities[0], "group", (),
                                    tuple(entities[1:]), qualifier))
        else:
            mentions.append(
                Mention(
                    start, end, text[start:end], chosen, kind,
                    tuple(e for e in entities if e != chosen), (), qualifier,
                )
            )
        previous_place_end = i + n if place_reading else None
    if gazetteer.persons:
        mentions = _with_fuzzy(text, tokens, mentions, gazetteer)
    return mentions


def _other_given_name(text: str, tokens: Sequence[Token], i: int, person: URIRef,
                      gazetteer: Gazetteer, last_mention_end: int) -> bool:
    """Whether a bare family name at token ``i`` follows a given name that is not the
    person's own (a namesake), rather than a title or nothing."""
    if i < 1 or person not in gazetteer.persons:
        return False
    before = tokens[i - 1]
    if not (before.is_word and before.is_capitalised) or before.end + 1 != tokens[i].start \
            or before.end <= last_mention_end or before.text.casefold() in NOT_GIVEN \
            or len(before.text) < 2:
        return False
    return not any(given_compatible(before.text, given)
                   for given, _family in gazetteer.persons[person])


def _with_fuzzy(text: str, tokens: Sequence[Token], mentions: list[Mention],
                gazetteer: Gazetteer) -> list[Mention]:
    """``mentions`` plus known persons found under other spellings (:mod:`.fuzzy`): each
    capitalised word outside the mentions that is near a known family name, with the
    capitalised word before it as the given name when there is one.

    Only capitalised alphabetic words of :data:`MIN_LENGTH` letters or more are looked at
    (picked from the token texts in one pass); whether a token lies inside a mention is a
    bisection over the mentions' starts with the furthest end reached so far."""
    index = gazetteer.person_index()
    spans = sorted((m.start, m.end) for m in mentions)
    starts = [s for s, _e in spans]
    reach: list[int] = []
    furthest = -1
    for _s, e in spans:
        furthest = max(furthest, e)
        reach.append(furthest)

    def covered(i: int) -> bool:
        token = tokens[i]
        at = bisect.bisect_right(starts, token.start) - 1
        return at >= 0 and reach[at] >= token.end

    known = {e for m in mentions for e in m.bodies if e in gazetteer.persons}
    found: list[Mention] = []
    for i in capitalised_words(tokens, MIN_LENGTH):
        token = tokens[i]
        if covered(i) or not index.near(token.text):
            continue
        given: str | None = None
        if i >= 1:
            before = tokens[i - 1]
            if before.is_capitalised and before.is_word and before.end + 1 == token.start \
                    and before.text.casefold() not in NOT_GIVEN and not covered(i - 1):
                given = before.text
        # a given name that is not the person's makes it a namesake: nothing is linked
        person = index.resolve(token.text, given, known)
        if person is None:
            continue
        first = tokens[i - 1].start if given is not None else token.start
        found.append(Mention(first, token.end, text[first:token.end], person, "fuzzy"))
        known.add(person)
    if not found:
        return mentions
    return sorted(mentions + found, key=lambda m: (m.start, -m.end))
