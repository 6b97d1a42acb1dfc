"""One sentence as the draft reader sees it: tokens, the linked names on them, the cue verbs.

The reader (:mod:`multivector.drafting.reading`) asks three things of a sentence: which cue words
are verbs (:func:`multivector.drafting.lexicon.is_verb`), who is the subject and who the object
of a verb (the linked names before and after it in its clause), and where a clause ends. A
clause ends at a punctuation mark that separates clauses or at a complementiser ("that", "who",
"which"): "Putin said that Russia …" has "Putin" before the verb of saying and "Russia" after
the complementiser, in the reported clause.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from multivector.drafting.lexicon import (
    BE_FORMS,
    CLAUSE_ONLY,
    HYPOTHETICAL,
    LEMMAS,
    NEEDS_A_NAME,
    NEGATIONS,
    NOUN_FRAMES,
    VOLITION,
    Cue,
    Found,
    forms,
    is_verb,
    kind_of,
)
from multivector.linking.matcher import Mention
from multivector.linking.tokens import tokenize

CLAUSE_BREAKS = frozenset(
    {",", ";", ":", "(", ")", "\u2014", "\u2013", "\"", "\u201c", "\u201d", "that", "who",
     "which", "while", "whereas", "but", "when", "because", "although", "though", "if"}
)
COORDINATORS = frozenset({",", "and", "or", "&"})


@dataclass
class Sentence:
    """The tokens of ``text[start:end]``, the mention each token belongs to, the cue verbs."""

    text: str
    start: int
    end: int
    mentions: list[Mention]
    words: list[str] = field(init=False)
    offsets: list[tuple[int, int]] = field(init=False)
    owner: list[Mention | None] = field(init=False)
    cues: list[Found] = field(init=False)

    def __post_init__(self) -> None:
        tokens = tokenize(self.text, self.start, self.end)
        self.words = [t.text for t in tokens]
        self.offsets = [(t.start, t.end) for t in tokens]
        self.owner = [None] * len(tokens)
        at = 0
        for mention in sorted(self.mentions, key=lambda m: m.start):
            while at < len(tokens) and tokens[at].end <= mention.start:
                at += 1
            i = at
            while i < len(tokens) and tokens[i].start < mention.end:
                self.owner[i] = mention
                i += 1
        self.cues = self._find_cues()

    def _find_cues(self) -> list[Found]:
        table = forms()
        found = []
        lower = [w.lower() for w in self.words]
        letters = [w for w in self.words if w[:1].isalpha()]
        title_case = sum(w[:1].isupper() for w in letters) > 0.6 * len(letters)
        for i, word in enumerate(lower):
            lemma = table.get(word)
            if self._in_talks(i, lower):  # "Russia is in talks with Kazakhstan": a predicate
                found.append(self._found(i, "negotiate", LEMMAS["negotiate"]))
                continue
            if lemma is None or self.owner[i] is not None:
                continue  # not a cue form, or part of a linked name ("Astana talks")
            before = self.owner[i - 1] if i > 0 else None
            if not is_verb(self.words, i, after_name=before is not None,
                           after_demonym=before is not None and before.kind == "demonym",
                           title_case=title_case):
                continue
            kind = kind_of(lemma, lower[i + 1:i + 4])
            if kind is None or self._agentless_passive(i, lower, lemma, kind):
                continue
            if lemma in CLAUSE_ONLY and not self._reports_a_clause(i, lower):
                kind = CLAUSE_ONLY[lemma]  # "could explain his decision", "declared independence"
                if kind is None:
                    continue
                found.append(self._found(i, lemma, Cue(kind)))
                continue
            if lemma in NEEDS_A_NAME and kind == "membership change" and not self._names_next(i):
                kind = "event"  # "left the hall", "left for Astana"
            kind = self._noun_frame(i, lower) or kind
            if self._hypothetical(i) and kind != "stance":
                kind = "claim"
            cue = LEMMAS.get(lemma)
            if cue is None or cue.kind != kind:
                cue = Cue(kind, cue.speech if cue else False,
                          cue.claim_type if cue else "Report")
            found.append(self._found(i, lemma, cue))
        return found

    def _found(self, i: int, lemma: str, cue: Cue) -> Found:
        start, end = self.offsets[i]
        negation = self._negation(i)
        return Found(i, start, end, self.words[i], lemma, cue, bool(negation),
                     bool(negation & VOLITION))

    def _reports_a_clause(self, i: int, lower: list[str]) -> bool:
        """Does the verb of saying at ``i`` report words: a clause after it ("that", a quote,
        a colon, or a comma soon after: "As Galstyan noted in March, …") or a quotation before
        it ("…," explains Suslov)? Its passive never does."""
        j = i - 1
        while j >= 0 and (lower[j].endswith("ly") or lower[j] in NEGATIONS or lower[j] == "also"):
            j -= 1
        if j >= 0 and lower[j] in BE_FORMS:
            return False
        nxt = lower[i + 1] if i + 1 < len(lower) else ""
        if nxt in {"that", "\"", "\u201c", ":"} or j < 0 or self.is_break(j):
            return True
        return "," in lower[i + 1:i + 5]  # "As Galstyan noted in March, Kazakhstan …"

    def _agentless_passive(self, i: int, lower: list[str], lemma: str, kind: str) -> bool:
        """A stance verb or a verb of saying in the passive without its agent states no one's
        position and reports no one's words ("what is internationally recognised as Ukrainian
        territory", "it should be noted that …", "it was reported")."""
        cue = LEMMAS.get(lemma)
        if lower[i] == lemma or not (kind == "stance" or (cue is not None and cue.speech)):
            return False
        j = i - 1
        while j >= 0 and (lower[j].endswith("ly") or lower[j] in NEGATIONS):
            j -= 1
        return j >= 0 and lower[j] in BE_FORMS and "by" not in lower[i + 1:i + 8]

    def _noun_frame(self, i: int, lower: list[str]) -> str | None:
        """The kind a noun gives the infinitive after it ("refusal to deploy": stance;
        "decision not to send": stance; "proposal to send": proposal), or None."""
        if i < 2 or lower[i - 1] != "to":
            return None
        j = i - 3 if lower[i - 2] == "not" and i >= 3 else i - 2
        return NOUN_FRAMES.get(lower[j])

    def _hypothetical(self, i: int) -> bool:
        """Is token ``i`` inside a clause opened by "if", "unless" or "whether"?"""
        j = i - 1
        while j >= 0 and not self.is_break(j):
            j -= 1
        return j >= 0 and self.words[j].lower() in HYPOTHETICAL

    def _in_talks(self, i: int, lower: list[str]) -> bool:
        """"in talks/negotiations/consultations with" after a form of "be" or in a headline
        right after a name: the predicate of negotiating, though its words are nouns."""
        if lower[i] != "in" or i + 2 >= len(lower) or lower[i + 2] != "with":
            return False
        if lower[i + 1] not in {"talks", "negotiations", "consultations"}:
            return False
        return (i > 0 and lower[i - 1] in BE_FORMS) or (i > 0 and self.owner[i - 1] is not None)

    def _names_next(self, i: int) -> bool:
        """A linked name within the three words after the verb, not after "for"/"to"."""
        window = range(i + 1, min(i + 4, len(self.words)))
        if i + 1 < len(self.words) and self.words[i + 1].lower() in {"for", "to"}:
            return False
        return any(self.owner[j] is not None for j in window)

    def _negation(self, i: int) -> set[str]:
        """The words of the clause before token ``i`` (up to four) when one of them negates
        it ("did not send", "will not send", "not ready to sign"); else the empty set."""
        words: set[str] = set()
        j = i - 1
        while j >= max(0, i - 4) and not self.is_break(j):
            words.add(self.words[j].lower())
            if self.words[j].lower() == "t" and j > 0 and self.words[j - 1] in {"'", "\u2019"}:
                words.add("n't")
            j -= 1
        return words if words & NEGATIONS else set()

    def is_break(self, i: int) -> bool:
        return self.words[i].lower() in CLAUSE_BREAKS and self.owner[i] is None

    def nearest_before(self, i: int) -> int | None:
        """The token index of the linked name nearest before token ``i`` in its clause."""
        j = i - 1
        while j >= 0 and not self.is_break(j):
            if self.owner[j] is not None:
                return j
            j -= 1
        return None

    def group_before(self, i: int) -> list[Mention]:
        """The subject of the verb at ``i``: the nearest linked name before it in its clause,
        with the names coordinated with it ("Russia, Turkey and Iran agreed"; the link nearest
        the verb must hold "and" or "or": in "According to Nazarbayev, Kazakhstan will" the
        comma closes a phrase)."""
        j = self.nearest_before(i)
        if j is None:
            return []
        group = [self.owner[j]]
        while True:
            first = j
            while first > 0 and self.owner[first - 1] is self.owner[j]:
                first -= 1
            k = first - 1
            while k >= 0 and self.owner[k] is None and self.words[k].lower() in COORDINATORS:
                k -= 1
            joints = {w.lower() for w in self.words[k + 1:first]}
            if (k == first - 1 or k < 0 or self.owner[k] is None
                    or (len(group) == 1 and not joints & {"and", "or", "&"})):
                break
            group.append(self.owner[k])
            j = k
        return [m for m in reversed(group) if m is not None]

    def after(self, i: int) -> list[Mention]:
        """The linked names after token ``i`` up to the end of its clause (commas inside a
        coordination of names do not end it, nor does "that" right after the verb)."""
        found: list[Mention] = []
        j = i + 1
        if j < len(self.words) and self.words[j].lower() == "that":
            j += 1  # the complementiser opens the verb's own object clause ("proposed that …")
        while j < len(self.words):
            if self.is_break(j) and not (
                self.words[j] == "," and found and self._coordinated_after(j)
            ):
                break
            mention = self.owner[j]
            if mention is not None and (not found or found[-1] is not mention):
                found.append(mention)
            j += 1
        return found

    def _coordinated_after(self, j: int) -> bool:
        """A comma between two names ("to Syria, Iraq and Iran") continues the clause."""
        return self.owner[j - 1] is not None and j + 1 < len(self.words) and (
            self.owner[j + 1] is not None
            or (self.words[j + 1].lower() in {"and", "or"} and j + 2 < len(self.words)
                and self.owner[j + 2] is not None)
        )


def entities_of(mentions: list[Mention]) -> tuple[URIRef, ...]:
    found: dict[URIRef, None] = {}
    for mention in mentions:
        for entity in mention.bodies:
            found.setdefault(entity, None)
    return tuple(found)


__all__ = ["CLAUSE_BREAKS", "Sentence", "entities_of"]
