"""The cue verbs of political news, and whether a word in a sentence is one of them as a verb.

A draft is proposed where a sentence names two entities *and says what one did to the other*:
that is carried by a verb (declare, announce, meet, visit, discuss, host, end, ban, abstain,
accuse, warn, join, leave, deploy, refuse, support, oppose, …). Each cue verb has the statement
kind it most likely reports (:data:`KINDS`) and, for verbs of saying, a flag: its subject is the
claimant of what follows.

**Inflections** come from lemminflect (a maintained English inflection lexicon that ships its
data): "met", "withdrawn", "left", "sent" are found without a hand-written list of irregular
forms. A word is a cue only as an inflection of a cue *verb*: "opposition" is not a form of
"oppose", so it never fires.

**Verb or noun.** Without a part-of-speech model (none can be downloaded here, and spaCy's
blank English pipeline has no tagger), a form the lexicon also knows as a noun or adjective
("visit", "support", "talks", "meeting", "left") is read from its neighbours, by heuristics that
hold in news prose:

* after a determiner or possessive ("the visit", "Russia's support", "its ban"), a preposition
  ("after talks", "for support"), a demonym or lower-case modifier ("Russian support", "military
  support") or before "of" ("the end of") it is a noun — or an adjective: "the proposed deal";
  an -ing form is a verb only after a form of "be" ("is meeting"; "sending troops will cost"
  is a gerund), an -s form after "to" a noun ("the approach to sanctions");
* after "to", a modal or auxiliary ("will visit", "did not support", "is meeting"), a pronoun
  ("they met"), an adverb in -ly, a linked name ("Kazakhstan supports"), a capitalised word
  (but for a plural: "Baltic states" is a noun), or a plural subject ("both sides support") it
  is a verb.

A capitalised form inside a sentence is part of a name ("the Union State", "the United
States"), unless the sentence is a headline in title case. Forms the lexicon knows only as
verbs ("visited", "opposes", "deployed") are verbs unless a determiner precedes them (the
adjective "the deployed troops"). spaCy's rule-based Matcher would express the same patterns as
token attributes; it would add a large dependency to compare a token with its neighbour, which a
dictionary look-up does directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import lemminflect

#: The statement kinds a draft can be typed by, and the ontology class each one is curated into.
KINDS: dict[str, str] = {
    "stance": "Stance",
    "event": "Event",
    "membership change": "Membership",
    "relation": "BilateralRelation",
    "proposal": "Proposal",
    "claim": "Claim",
}


@dataclass(frozen=True)
class Cue:
    """What a cue verb says: the statement kind it most likely reports, whether its subject
    is the claimant of what follows (a verb of saying), and the claim type it implies."""

    kind: str
    speech: bool = False
    claim_type: str = "Report"


def _entries(kind: str, lemmas: str, speech: bool = False,
             claim_type: str = "Report") -> dict[str, Cue]:
    return {lemma: Cue(kind, speech, claim_type) for lemma in lemmas.split()}


#: lemma → cue. Verbs of saying are claims of their subject; "deny" is a stance (mvv:Denies)
#: of its subject; accusations are allegations, warnings predictions.
LEMMAS: dict[str, Cue] = {
    **_entries("stance", "support oppose reject refuse welcome condemn back endorse criticise "
               "criticize object veto abstain approve recognise recognize urge demand agree "
               "boycott denounce downplay"),
    **_entries("stance", "deny", speech=True),
    **_entries("event", "meet visit host hold discuss negotiate sign ratify deploy send "
               "dispatch station end stop halt ban launch attack strike invade bomb seize "
               "sanction impose lift establish found create open close attend convene mediate "
               "broker conclude begin resume evacuate supply train elect appoint withdraw "
               "cancel postpone block fight"),
    **_entries("membership change", "join leave quit rejoin accede expel admit suspend freeze"),
    **_entries("relation", "ally cooperate partner normalise normalize"),
    **_entries("proposal", "propose offer request"),
    **_entries("claim", "say state tell announce declare claim note stress add insist argue "
               "explain emphasise emphasize assert affirm confirm reiterate underline comment "
               "remark acknowledge describe", speech=True),
    **_entries("claim", "accuse allege blame", speech=True, claim_type="Allegation"),
    **_entries("claim", "warn predict", speech=True, claim_type="Prediction"),
    **_entries("claim", "believe", speech=True, claim_type="Opinion"),
}

#: A kind that depends on the words right after the verb: (lemma, words within the next
#: ``window`` tokens, window, kind). "withdrew from the CSTO" is a membership change,
#: "withdrew its troops" an event; "suspended its membership" a membership change, "suspended
#: flights" an event; "established diplomatic relations" a relation; "agreed on de-escalation
#: zones" an event (an agreement), "agreed to send troops" a stance.
COMPLEMENTS: tuple[tuple[str, frozenset[str], int, str], ...] = (
    ("withdraw", frozenset({"from"}), 1, "membership change"),
    ("suspend", frozenset({"membership", "participation"}), 3, "membership change"),
    ("freeze", frozenset({"membership", "participation"}), 3, "membership change"),
    ("establish", frozenset({"relations", "ties", "partnership"}), 3, "relation"),
    ("strengthen", frozenset({"relations", "ties", "partnership", "cooperation"}), 3,
     "relation"),
    ("become", frozenset({"member", "observer", "members", "partner"}), 3, "membership change"),
    ("agree", frozenset({"on", "upon"}), 1, "event"),
    ("rule", frozenset({"out"}), 1, "stance"),
    ("play", frozenset({"down"}), 1, "stance"),
    ("call", frozenset({"on", "for"}), 1, "proposal"),
)
#: Verbs of saying only with a clause after them ("explained that …", "claims: …", or after a
#: quotation: "…," explains Suslov); with a noun phrase they say nothing of anyone's words:
#: "could explain his decision", "to assert independence", "claims regional leadership",
#: "added troops" — and "declared independence" is an event. Their passive ("can be explained
#: by his concerns") is a cause, not a speaker.
CLAUSE_ONLY: dict[str, str | None] = {
    **{lemma: None for lemma in ("explain", "assert", "add", "claim", "describe", "stress",
                                 "underline", "emphasise", "emphasize", "acknowledge", "note")},
    "declare": "event",
}
#: Nouns (and adjectives of readiness) that give an infinitive after them their kind:
#: "Kazakhstan's refusal to deploy troops" and "ready to send observers" are stances, not
#: events; "Russia's proposal to send observers" a proposal.
NOUN_FRAMES: dict[str, str] = {
    **{noun: "stance" for noun in ("refusal", "readiness", "willingness", "decision",
                                   "intention", "reluctance", "unwillingness", "determination")},
    **{noun: "proposal" for noun in ("proposal", "request", "offer", "call", "demand",
                                     "invitation", "appeal")},
    # adjectives of readiness: "ready to send observers" takes a position
    **{adjective: "stance" for adjective in ("ready", "willing", "prepared", "eager",
                                             "reluctant", "unwilling")},
}
#: Conjunctions that open a hypothetical clause: what is in it did not happen ("if the two
#: countries intend to send troops"): a claim (the writer's reasoning), not an event.
HYPOTHETICAL = frozenset({"if", "unless", "whether"})
#: Verbs of membership that need an organization after them: "left the CSTO" is a membership
#: change, "left the hall" and "left for Astana" are events (checked by the reader, which knows
#: where the linked names are).
NEEDS_A_NAME = frozenset({"join", "leave", "quit", "rejoin"})
_COMPLEMENT_LEMMAS = frozenset(lemma for lemma, *_rest in COMPLEMENTS) - frozenset(LEMMAS)

DETERMINERS = frozenset(
    "the a an this these those its their his her our my your no any each every another such "
    "whose".split()
)
PREPOSITIONS = frozenset(
    "of for in on at by with from after before during against about over under into without "
    "between among amid despite upon via".split()
)
VERB_MARKERS = frozenset(
    "to will would shall should can could may might must did does do not never also jointly "
    "he she it they we i who which that reportedly formally officially then later "
    "is are was were be been being has have had n't".split()
)
BE_FORMS = frozenset("is are was were be been being".split())
#: lower-case words ending in "s" that are not plural subjects
_NOT_PLURAL = frozenset("its his this was has is us as thus across various previous".split())


NEGATIONS = frozenset({"not", "never", "n't", "no", "nor"})
#: words that make a negated action a refusal ("will not send", "not ready to sign"): a stance
VOLITION = frozenset({"will", "would", "ll", "ready", "plan", "plans", "intend", "intends",
                      "want", "wants", "going", "prepared", "willing"})


@dataclass(frozen=True)
class Found:
    """A cue verb in a text: token index, offsets, the form as written, its lemma and cue, and
    whether it is negated ("did not send", "has never joined")."""

    index: int
    start: int
    end: int
    form: str
    lemma: str
    cue: Cue
    negated: bool = False
    #: negated with a word of will ("will not send", "not ready to sign"): a refusal
    refused: bool = False


@lru_cache(maxsize=1)
def forms() -> dict[str, str]:
    """Every inflection of every cue verb (lower case) → its lemma."""
    table: dict[str, str] = {}
    for lemma in (*LEMMAS, *sorted(_COMPLEMENT_LEMMAS)):
        table[lemma] = lemma
        for inflected in lemminflect.getAllInflections(lemma, upos="VERB").values():
            for form in inflected:
                table.setdefault(form.lower(), lemma)
    return table


@lru_cache(maxsize=4096)
def _also_nominal(form: str) -> bool:
    """Does the lexicon know this form as a noun or adjective too ("visit", "left")?"""
    lemmas = lemminflect.getAllLemmas(form)
    return "NOUN" in lemmas or "ADJ" in lemmas or "PROPN" in lemmas


def is_verb(words: Sequence[str], i: int, *, after_name: bool = False,
            after_demonym: bool = False, title_case: bool = False) -> bool:
    """Is ``words[i]`` (a cue form) used as a verb? ``words`` are the sentence's tokens;
    ``after_name``: a linked name ends right before it; ``after_demonym``: that name is a
    demonym ("Russian support" is a noun); ``title_case``: a headline with every word
    capitalised. See the module docstring for the heuristics."""
    if i > 0 and words[i][:1].isupper() and not title_case:
        return False  # part of a name: "the Union State", "Islamic State", "United States"
    form = words[i].lower()
    prev = words[i - 1] if i > 0 else ""
    prev_l = prev.lower()
    nxt = words[i + 1].lower() if i + 1 < len(words) else ""
    if prev_l in DETERMINERS or (prev_l == "s" and i > 1 and words[i - 2] in {"'", "\u2019"}):
        return False  # "the visit", "Russia's support", "the proposed deal"
    if prev_l in PREPOSITIONS:
        return False  # "after talks", "in the context of fighting Russia"
    if form.endswith("ing"):  # a gerund or noun ("the meeting", "sending troops will …")
        return _be_before(words, i)
    if prev_l == "to" and form.endswith("s") and _also_nominal(form):
        return False  # "the approach to sanctions": an infinitive takes no -s
    if not _also_nominal(form):
        return True
    if nxt == "of" or after_demonym:
        return False
    if prev_l in VERB_MARKERS or (prev_l.endswith("ly") and len(prev_l) > 3):
        return True
    if after_name:
        return True
    if prev[:1].isupper() and i > 0:  # "Kazakhstan supports", but "Baltic states", "Gulf states"
        return not form.endswith("s")
    return prev_l.endswith("s") and prev_l.isalpha() and prev_l not in _NOT_PLURAL


def _be_before(words: Sequence[str], i: int) -> bool:
    """A form of "be" before token ``i``, adverbs and negations skipped ("is not sending")."""
    j = i - 1
    while j >= 0 and (words[j].lower() in NEGATIONS or words[j].lower().endswith("ly")):
        j -= 1
    return j >= 0 and words[j].lower() in BE_FORMS


def kind_of(lemma: str, following: Sequence[str]) -> str | None:
    """The statement kind of a cue verb given the (lower-case) words after it, or None for a
    verb that is a cue only with some complement ("become a member")."""
    for verb, words, window, kind in COMPLEMENTS:
        if verb == lemma and words.intersection(following[:window]):
            return kind
    cue = LEMMAS.get(lemma)
    return cue.kind if cue else None


__all__ = [
    "CLAUSE_ONLY", "COMPLEMENTS", "HYPOTHETICAL", "KINDS", "LEMMAS", "NEEDS_A_NAME", "NEGATIONS",
    "NOUN_FRAMES", "VOLITION", "Cue", "Found", "forms", "is_verb", "kind_of",
]
