"""Find entity mentions in a text: case-insensitive, on token boundaries, longest match first.

Matching compares token keys (:mod:`multivector.linking.normalize`), so transliteration variants
match. Three guards keep precision up:

* acronyms and initials (tokens with two or more capitals, or one capital letter alone: "US",
  "IS", "UN", "N.") match only in exactly that case — "us" is not the United States;
* a capitalised name never matches a wholly lower-case stretch of text ("the alliance" is not
  NATO, "the west" is not the West);
* **ambiguous surface forms.** When a form names a place and something else (a capital city and
  its state's government: "Astana", "Moscow", "Kiev", "Washington", "Bishkek"), the place is meant
  only in a locative phrase — directly after *in, at, near, inside, outside, around* — unless the
  name is possessive ("In Astana's opinion") or the preposition follows a noun of government
  ("the regime in Damascus", "officials in Bishkek"), or after "the region/city/capital/… of"
  ("the region of Damascus"); a name coordinated with a place reading
  ("in Bishkek and Astana") is read the same way. Everywhere else the metonym is the government
  (the state or organization). Other ties go to the form's kind (label, alt label, person-name
  variant, metonym, demonym, bare family name) and then to the entity IRI, deterministically;
  the losers are kept in :attr:`Mention.alternatives`. The one exception is a *group label*: a
  lower-case alt label that several entities of the same class share ("de-escalation
  zones" on each of the four zones) names them all, as one mention with several bodies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import URIRef

from multivector.linking.gazetteer import Gazetteer, Surface
from multivector.linking.normalize import plain_token
from multivector.linking.tokens import Token, indexes_with_key, tokenize

LOCATIVES = frozenset({"in", "at", "near", "inside", "outside", "around"})
GOVERNMENT_NOUNS = frozenset(
    {"regime", "government", "governments", "officials", "authorities", "leadership",
     "leaders", "administration", "authority"}
)
PLACE_NOUNS = frozenset(
    {"region", "province", "city", "capital", "outskirts", "suburbs", "streets", "area",
     "centre", "center", "district"}
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


def _place_reading(tokens: Sequence[Token], i: int, n: int, previous_place_end: int | None) -> bool:
    if _is_possessive(tokens, i + n):
        return False
    prev = tokens[i - 1].text.casefold() if i >= 1 else ""
    if prev in LOCATIVES:
        before = tokens[i - 2].text.casefold() if i >= 2 else ""
        return before not in GOVERNMENT_NOUNS
    if prev == "of" and i >= 2 and tokens[i - 2].text.casefold() in PLACE_NOUNS:
        return True
    if prev in {"and", "or", ","} and previous_place_end is not None:
        return previous_place_end == i - 1
    return False


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
        ranked = sorted(fitting, key=lambda s: (KIND_ORDER.get(s.kind, 9), str(s.entity)))
        entities = list(dict.fromkeys(s.entity for s in ranked))
        chosen = entities[0]
        places = [e for e in entities if gazetteer.is_place(e)]
        others = [e for e in entities if not gazetteer.is_place(e)]
        place_reading = False
        if places and others:
            place_reading = _place_reading(tokens, i, n, previous_place_end)
            chosen = places[0] if place_reading else others[0]
        kind = next(s.kind for s in ranked if s.entity == chosen)
        start, end = tokens[i].start, tokens[i + n - 1].end
        if _is_group(ranked, entities, gazetteer):
            mentions.append(
                Mention(start, end, text[start:end], entities[0], "group", (), tuple(entities[1:]))
            )
        else:
            mentions.append(
                Mention(
                    start, end, text[start:end], chosen, kind,
                    tuple(e for e in entities if e != chosen),
                )
            )
        previous_place_end = i + n if place_reading else None
    return mentions
