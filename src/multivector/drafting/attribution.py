"""Whose words a sentence reports: the claimant of a draft.

The article's author is the claimant only of what the article says in its own voice. A sentence
that reports someone's words names its speaker in one of three places, which news style keeps to:

* before a verb of saying, in the same clause: "Putin said …", "Kazakhstan's foreign ministry
  stated …", "…," Abdrakhmanov told reporters" (the name nearest to the verb: in
  "Kazakhstan's Foreign Minister Kairat Abdrakhmanov said" that is the minister);
* after a verb of saying that opens its clause (the inversion after a quote): "…," said Kazakh
  Foreign Minister Kairat Abdrakhmanov" (the last name of the phrase that follows);
* after "according to": "according to Nazarbayev", "according to Kazakhstan's foreign ministry".

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


def _before(sentence: Sentence, i: int, cands: list[Candidate | None]) -> Speaker | None:
    j = i - 1
    while j >= 0 and not sentence.is_break(j):
        item = sentence.owner[j] or cands[j]
        if item is not None:
            return _speaker_of(item)
        j -= 1
    return None


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


def according_to(sentence: Sentence, candidates: Sequence[Candidate] = ()) -> Speaker | None:
    """The speaker named after "according to", if the sentence has the phrase."""
    words = [w.lower() for w in sentence.words]
    for i in range(len(words) - 1):
        if words[i] == "according" and words[i + 1] == "to":
            return _phrase_after(sentence, i + 1, _owners(sentence, candidates)) or Speaker(
                None, "")
    return None


def speaker(sentence: Sentence, cue: Found,
            candidates: Sequence[Candidate] = ()) -> Speaker | None:
    """Who says what the verb of saying ``cue`` introduces (None: not named in the sentence)."""
    cands = _owners(sentence, candidates)
    found = _before(sentence, cue.index, cands)
    if found is not None:
        return found
    if cue.index == 0 or sentence.is_break(cue.index - 1):
        return _phrase_after(sentence, cue.index, cands)
    return None


__all__ = ["Speaker", "according_to", "speaker"]
