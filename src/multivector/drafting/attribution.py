"""Whose words a sentence reports: the claimant of a draft.

The article's author is the claimant only of what the article says in its own voice. A sentence
that reports someone's words names its speaker in one of three places, which news style keeps to:

* before a verb of saying, in the same clause: "Putin said …", "Kazakhstan's foreign ministry
  stated …", "…," Abdrakhmanov told reporters" (the name nearest to the verb: in
  "Kazakhstan's Foreign Minister Kairat Abdrakhmanov said" that is the minister);
* after a verb of saying that opens its clause (the inversion after a quote): "…," said Kazakh
  Foreign Minister Kairat Abdrakhmanov" (the last name of the phrase that follows);
* after "according to": "according to Nazarbayev", "according to Kazakhstan's foreign ministry";
  or in "in X's opinion" ("In Astana's opinion, a crucial condition …").

Three refinements keep to the same style: a verb after an apposition takes the name before it
("Shamanov, head of the Duma's defence committee, told"); a passive verb its agent ("was
confirmed by … Nikol Pashinian"); a pronoun or a description ("he said", "the minister said")
the speaker last named in the sentences before (the reader keeps it for three sentences).

The speaker is a linked entity when the linker found one there, else a candidate name (a person
the graph does not know yet: its name is kept so that the curator can add it), else unknown —
and then the draft has no claimant: a report whose speaker the tool could not name is not the
author's claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import URIRef

from multivector.drafting.clauses import Sentence
from multivector.drafting.lexicon import Found
from multivector.linking.candidates import Candidate
from multivector.linking.matcher import Mention

#: words that may stand inside the phrase naming a speaker after the verb
_NAME_GLUE = frozenset({"'", "\u2019", "s", "-", ".", "of"})


@dataclass(frozen=True)
class Speaker:
    """The claimant of a reported sentence: a linked entity, or a candidate's name."""

    entity: URIRef | None
    name: str


def _owners(sentence: Sentence, candidates: Sequence[Candidate]) -> list[Candidate | None]:
    owner: list[Candidate | None] = [None] * len(sentence.words)
    for cand in candidates:
        if cand.end <= sentence.start or cand.start >= sentence.end:
            continue
        for i, (s, e) in enumerate(sentence.offsets):
            if s < cand.end and e > cand.start:
                owner[i] = cand
    return owner


def _speaker_of(item: Mention | Candidate) -> Speaker:
    if isinstance(item, Mention):
        return Speaker(item.entity, item.surface)
    return Speaker(None, item.text)


#: words that make a capitalised run before a verb an institution, not a person's name
_INSTITUTION = frozenset(
    "ministry office council committee government service agency department parliament "
    "assembly press news embassy administration staff forces army".split()
)
#: a speaker named by a pronoun or a description ("he said", "the minister said"): the last
#: speaker named in the sentences before
ANAPHORS = frozenset({"he", "she", "they", "the"})


def _before(sentence: Sentence, i: int, cands: list[Candidate | None]) -> Speaker | None:
    """The name nearest before token ``i`` in its clause; a capitalised run right before the
    verb that the linker did not propose is a name too ("… Riyad Haddad told")."""
    j = i - 1
    if j > 0 and sentence.words[j][:1].isupper() and sentence.owner[j] is None \
            and cands[j] is None:
        first = j
        while first > 1 and sentence.words[first - 1][:1].isupper() \
                and sentence.owner[first - 1] is None and cands[first - 1] is None:
            first -= 1
        if not {w.lower() for w in sentence.words[first:j + 1]} & _INSTITUTION:
            return Speaker(None,
                           sentence.text[sentence.offsets[first][0]:sentence.offsets[j][1]])
    while j >= 0 and not sentence.is_break(j):
        item = sentence.owner[j] or cands[j]
        if item is not None:
            return _speaker_of(item)
        j -= 1
    return None


def _apposition_start(sentence: Sentence, i: int) -> int | None:
    """For a verb right after a comma ("Shamanov, head of the committee, told"; "Pashinyan,
    who met Putin, said"), the index of the comma that opens the description between the
    speaker and the verb. None when there is none, or when what stands between the commas is
    the name itself ("Kazakhstan's ambassador to Armenia, Timur Urazaev, stated": mostly
    capitalised words)."""
    if i < 2 or sentence.words[i - 1] != ",":
        return None
    j = i - 2
    while j >= max(0, i - 30):
        if sentence.words[j] == ",":
            inside = [w for w in sentence.words[j + 1:i - 1] if w[:1].isalpha()]
            named = sum(w[:1].isupper() for w in inside)
            if inside and inside[0].lower() not in {"who", "which"} and 2 * named > len(inside):
                return None
            return j
        if sentence.is_break(j) and not sentence.words[j][:1].isalpha():
            return None  # a subordinate clause may stand inside: "Tokayev, when he was …, said"
        j -= 1
    return None


def _by_agent(sentence: Sentence, i: int, cands: list[Candidate | None]) -> Speaker | None:
    """The agent of a passive verb of saying ("was confirmed … by the CSTO chairman, Armenian
    Prime Minister Nikol Pashinian, in a statement"): the last name after "by", through one
    apposition, up to a preposition after a name or the clause's end."""
    words = [w.lower() for w in sentence.words]
    if "by" not in words[i + 1:i + 8]:
        return None
    j = words.index("by", i + 1) + 1
    last = None
    commas = 0
    while j < len(words) and j < i + 30:
        if words[j] == ",":
            commas += 1
            if commas == 2:
                break
        elif sentence.is_break(j) or (last is not None and words[j] in _AFTER_AGENT):
            break
        item = sentence.owner[j] or cands[j]
        if item is not None:
            last = item
        j += 1
    return _speaker_of(last) if last is not None else None


_AFTER_AGENT = frozenset({"in", "on", "at", "during", "after", "before", "with", "for", "via"})


def _anaphoric(sentence: Sentence, i: int) -> bool:
    """Is the subject of the verb at ``i`` a pronoun or a description ("he", "the minister",
    "the 69-year-old") rather than a name? Its clause opens with one and names no one."""
    j = i - 1
    while j >= 0 and not sentence.is_break(j):
        if sentence.owner[j] is not None or (sentence.words[j][:1].isupper() and j > 0):
            return False
        j -= 1
    return j + 1 < i and sentence.words[j + 1].lower() in ANAPHORS


def _phrase_after(sentence: Sentence, i: int, cands: list[Candidate | None]) -> Speaker | None:
    """The last name of the capitalised phrase right after token ``i``; the phrase itself when
    it holds no linked name or candidate ("according to Beishenova": a name the linker did not
    propose is still the speaker's name)."""
    last: Mention | Candidate | None = None
    j = i + 1
    while j < len(sentence.words):
        word = sentence.words[j]
        item = sentence.owner[j] or cands[j]
        if item is not None:
            last = item
        elif not (word[:1].isupper() or word.lower() in _NAME_GLUE):
            break
        j += 1
    if last is not None:
        return _speaker_of(last)
    if j > i + 1 and sentence.words[i + 1][:1].isupper():
        return Speaker(None, sentence.text[sentence.offsets[i + 1][0]:sentence.offsets[j - 1][1]])
    return None


_OPINION = frozenset({"opinion", "view", "words", "assessment"})


def according_to(sentence: Sentence, candidates: Sequence[Candidate] = ()) -> Speaker | None:
    """The speaker named after "according to" or in "in X's opinion/view/words", if the
    sentence has such a phrase (an unnamed one — "according to reports" — gives no name)."""
    words = [w.lower() for w in sentence.words]
    for i in range(len(words) - 1):
        if words[i] == "according" and words[i + 1] == "to":
            return _phrase_after(sentence, i + 1, _owners(sentence, candidates)) or Speaker(
                None, "")
        if (words[i] == "in" and i + 4 < len(words) and words[i + 2] in {"'", "\u2019"}
                and words[i + 3] == "s" and words[i + 4] in _OPINION):
            found = _phrase_after(sentence, i, _owners(sentence, candidates))
            return found or Speaker(None, "")
    return None


def speaker(sentence: Sentence, cue: Found, candidates: Sequence[Candidate] = (),
            previous: Speaker | None = None) -> Speaker | None:
    """Who says what the verb of saying ``cue`` introduces (None: not named). ``previous``:
    the speaker last named before this sentence, for "he said", "the minister said"."""
    cands = _owners(sentence, candidates)
    i = cue.index
    if i > 1 and sentence.words[i - 1] == ",":
        opening = _apposition_start(sentence, i)
        # the speaker before a description, or the name between the commas
        found = _before(sentence, i - 1 if opening is None else opening, cands)
        if found is not None:
            return found
    found = _by_agent(sentence, i, cands)
    if found is not None:
        return found
    if _anaphoric(sentence, i):
        return previous
    found = _before(sentence, i, cands)
    if found is not None:
        return found
    if i == 0 or sentence.is_break(i - 1):
        return _phrase_after(sentence, i, cands) or _named_after_description(sentence, i, cands)
    return None


def _named_after_description(sentence: Sentence, i: int,
                             cands: list[Candidate | None]) -> Speaker | None:
    """'…," said the head of the Eurasian Analytical Club, Nikita Mendkovich': after an
    inverted verb of saying and a description, the name after the comma."""
    j = i + 1
    while j < len(sentence.words) and j < i + 20 and sentence.words[j] != ",":
        if sentence.is_break(j):
            return None
        j += 1
    if j + 1 < len(sentence.words) and sentence.words[j] == "," and \
            sentence.words[j + 1][:1].isupper():
        return _phrase_after(sentence, j, cands)
    return None


__all__ = ["Speaker", "according_to", "speaker"]
