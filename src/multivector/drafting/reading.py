"""Draft statements from a text: which sentences, of which kind, about whom, whose words.

Every sentence that names two or more linked entities and holds a cue verb
(:mod:`multivector.drafting.lexicon`) becomes a :class:`DraftClaim`, anchored to the sentence (or,
for sentences over 300 characters, to the longest run of clauses that still holds a cue verb and
two entities). Each draft is typed by the statement kind it most likely is, after
docs/modeling.md's rule "asserted vs attributed":

* a sentence that reports someone's words (a verb of saying, "according to") is that speaker's
  **stance** when what is reported takes a position (refuse, support, deny, …), and otherwise
  a **claim** (also when it reports a proposal: docs/modeling.md encodes that as the speaker's
  claim about the proposal); its claimant is the speaker
  (:mod:`multivector.drafting.attribution`);
* a sentence in the article's own voice has the kind of its first cue verb — an **event**
  (met, visited, hosted, deployed, banned, …), a **membership change** (joined, left, withdrew
  from, suspended its membership), a **relation**, a **stance**, a **proposal** — and its
  claimant is the author. A negated verb other than a stance's ("did not send troops") is a
  **claim**: that something did not happen is no event; a refusal ("will not send", "not
  ready to sign") is a **stance**; a verb in an "if" clause is a claim (the writer's
  reasoning); an infinitive after a noun or adjective of position takes its kind
  ("refusal to deploy", "ready to send": stance; "proposal to send": proposal).

The actors are the linked entities of the sentence; the *subject* is the name (or coordinated
names) before the main verb in its clause, the *objects* the names after it in its clause.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from re import compile as regex

from rdflib import URIRef

from multivector.drafting.attribution import Speaker, according_to, speaker
from multivector.drafting.clauses import Sentence, entities_of
from multivector.drafting.lexicon import Found
from multivector.evidence import MAX_QUOTE_LENGTH, Anchor
from multivector.linking.candidates import Candidate
from multivector.linking.matcher import Mention
from multivector.linking.tokens import sentences
from multivector.namespaces import ID

_CLAUSE_BREAK = regex(r"[,;:()\u2013\u2014]")


@dataclass(frozen=True)
class DraftClaim:
    """One proposed statement: the anchored span, the whole sentence, its entities, the cue
    verb, the kind, the actors, and whose words it reports."""

    start: int
    end: int
    quote: str
    sentence: str
    entities: tuple[URIRef, ...]
    cue: str
    kind: str = "claim"
    subjects: tuple[URIRef, ...] = ()
    objects: tuple[URIRef, ...] = ()
    #: True when the sentence reports someone's words (the author is then not the claimant)
    reported: bool = False
    #: the speaker of a reported sentence: a linked entity, or None
    claimant: URIRef | None = None
    #: the speaker's name as written ("" when not named; a candidate's name when not linked)
    speaker: str = ""
    claim_type: str = "Report"

    def iri(self, source_id: str) -> URIRef:
        return ID[f"claim/{source_id}/draft-{self.start}-{self.end}"]

    def anchor(self, source_id: str) -> Anchor:
        """The anchored span (its ``iri`` is the claim's evidence annotation)."""
        return Anchor(source_id, self.start, self.end, self.quote)

    def claimant_given(self, author: URIRef | None) -> URIRef | None:
        """The claimant: the speaker of a reported sentence, the author of the article's own
        voice."""
        return self.claimant if self.reported else author


class _MentionIndex:
    """Mentions by start offset, so that the mentions of a span are found by bisection (testing
    every mention for every sentence was quadratic in the length of the text)."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)  # stable: text order kept
        self.starts = [m.start for m in self.mentions]

    def within(self, start: int, end: int) -> list[Mention]:
        found = []
        i = bisect_left(self.starts, start)
        while i < len(self.mentions) and self.mentions[i].start <= end:
            if self.mentions[i].end <= end:
                found.append(self.mentions[i])
            i += 1
        return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _best_span(text: str, start: int, end: int, index: _MentionIndex,
               cues: list[Found]) -> tuple[int, int] | None:
    """The sentence itself, or its longest clause window (≤ 300) with a cue and two entities."""
    if end - start <= MAX_QUOTE_LENGTH:
        return start, end
    cuts = [start] + [m.end() for m in _CLAUSE_BREAK.finditer(text, start, end)] + [end]
    best: tuple[int, int] | None = None
    for a in range(len(cuts) - 1):
        for b in range(a + 1, len(cuts)):
            s, e = _trim(text, cuts[a], cuts[b])
            if e - s > MAX_QUOTE_LENGTH:
                break
            if best is not None and e - s <= best[1] - best[0]:
                continue
            if (any(s <= c.start and c.end <= e for c in cues)
                    and len(entities_of(index.within(s, e))) >= 2):
                best = (s, e)
    return best


def _kind(cue: Found) -> str:
    """A negated stance is still a stance ("did not support"); a refusal ("will not send
    troops", "not ready to sign") is a stance; what is said not to have happened ("did not send
    troops", "has not requested") is a claim, not an event."""
    if cue.refused:
        return "stance"
    return "claim" if cue.negated and cue.cue.kind != "stance" else cue.cue.kind


def _saying(sentence: Sentence) -> Found | None:
    """The verb of saying that attributes the sentence: the first one, unless a later one
    stands in a closing attribution clause ("Damascus has confirmed that …, the ambassador
    told RIA Novosti": the ambassador is the source)."""
    speech = [c for c in sentence.cues if c.cue.speech]
    if not speech:
        return None
    last = speech[-1]
    if len(speech) > 1 and any(sentence.is_break(j) for j in range(speech[0].index, last.index)):
        return last
    return speech[0]


_OPENING_QUOTES = ("\"", "\u201c")


@dataclass
class _Reading:
    kind: str
    main: Found
    subjects: list[Mention]
    objects: list[Mention]
    said_by: Speaker | None = None
    reported: bool = False
    claim_type: str = "Report"


def _reading(sentence: Sentence, candidates: list[Candidate],
             previous: Speaker | None) -> _Reading:
    """Kind, main verb, actors and speaker of a sentence with at least one cue verb."""
    cues = sentence.cues
    saying = _saying(sentence)
    said_by = according_to(sentence, candidates)
    continued = (saying is None and said_by is None and previous is not None
                 and sentence.text.startswith(_OPENING_QUOTES, sentence.start))
    reported = saying is not None or said_by is not None or continued
    content = [c for c in cues if not c.cue.speech]
    if not reported:
        main = cues[0]
        return _Reading(_kind(main), main, sentence.group_before(main.index),
                        sentence.after(main.index))
    if continued:  # a quotation going on from the sentence before
        said_by = previous
    elif said_by is None and saying is not None:
        said_by = speaker(sentence, saying, candidates, previous)
    kinds = {_kind(c) for c in content} | ({saying.cue.kind} if saying else set())
    main = content[0] if content else saying if saying is not None else cues[0]
    subjects = sentence.group_before(main.index)
    if not subjects and said_by is not None and said_by.entity is not None:
        # the speaker itself ("X denied …") or a pronoun standing for it ("it would not …")
        subjects = [m for m in sentence.mentions if m.entity == said_by.entity][:1]
    return _Reading("stance" if "stance" in kinds else "claim", main, subjects,
                    sentence.after(main.index), said_by, True,
                    saying.cue.claim_type if saying is not None else "Report")


def named_speaker(sentence: Sentence, candidates: list[Candidate],
                  previous: Speaker | None) -> Speaker | None:
    """The speaker a sentence names (for the sentences after it), or ``previous``."""
    saying = _saying(sentence)
    found = according_to(sentence, candidates)
    if found is None and saying is not None:
        found = speaker(sentence, saying, candidates, previous)
    return found if found is not None and (found.entity or found.name) else previous


def read_sentence(sentence: Sentence, candidates: list[Candidate], index: _MentionIndex,
                  previous: Speaker | None = None) -> DraftClaim | None:
    """The draft of one sentence, or None when it names fewer than two entities or has no cue
    verb. ``previous``: the speaker named last in the sentences before."""
    text, start, end = sentence.text, sentence.start, sentence.end
    if not sentence.cues or len(entities_of(sentence.mentions)) < 2:
        return None
    span = _best_span(text, start, end, index, sentence.cues)
    if span is None:
        return None
    reading = _reading(sentence, candidates, previous)
    subjects = entities_of(reading.subjects)
    said_by = reading.said_by
    speaking = {said_by.entity} if said_by is not None else set()
    objects = tuple(e for e in entities_of(reading.objects)
                    if e not in subjects and e not in speaking)
    return DraftClaim(
        span[0], span[1], text[span[0]:span[1]], text[start:end],
        entities_of(index.within(*span)), reading.main.form.lower(), reading.kind, subjects,
        objects, reading.reported, said_by.entity if said_by else None,
        said_by.name if said_by else "", reading.claim_type,
    )


def find_drafts(text: str, mentions: list[Mention],
                candidates: list[Candidate] | None = None) -> list[DraftClaim]:
    """Draft statements for every sentence with a cue verb and two or more linked entities.

    The speaker a sentence names is kept for the three sentences after it ("he said", "the
    minister said", a quotation going on), and for three more each time a pronoun names them
    again."""
    drafts: list[DraftClaim] = []
    index = _MentionIndex(mentions)
    cands = sorted(candidates or [], key=lambda c: c.start)
    cand_starts = [c.start for c in cands]
    previous: Speaker | None = None
    age = 0
    for s, e in sentences(text):
        inside = index.within(s, e)
        near = cands[bisect_left(cand_starts, s):bisect_left(cand_starts, e)]
        age += 1
        if age > 3:
            previous = None
        if not inside and not near:
            continue
        sentence = Sentence(text, s, e, inside)
        draft = read_sentence(sentence, near, index, previous)
        if draft is not None:
            drafts.append(draft)
        named = named_speaker(sentence, near, previous)
        if named is not None and (named is not previous or _saying(sentence) is not None):
            previous, age = named, 0  # named again, or again by a pronoun: kept three more
    return drafts


__all__ = ["DraftClaim", "find_drafts", "read_sentence"]
