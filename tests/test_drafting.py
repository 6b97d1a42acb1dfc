"""Draft statements (issue 15, item 5): cue verbs fire on verbs, not on nouns sharing a stem;
each draft is typed by its likely statement kind, with its actors; the claimant is whoever's
words the sentence reports, the author only for the article's own voice.

The mentions are given here (``_mentions``), not linked, so that these tests read the drafting
alone; ``tests/test_source_add.py`` runs it behind the real linker."""

from __future__ import annotations

import pytest
from rdflib.namespace import RDFS

from multivector.drafting import DraftClaim, claim_pairs, find_drafts
from multivector.drafting.lexicon import forms, is_verb
from multivector.linking.candidates import Candidate
from multivector.linking.matcher import Mention
from multivector.namespaces import ID, MV, MVV
from multivector.trig_stream import Iri, Lit

AUTHOR = ID.SamuelRamani


def _mentions(text: str, **names: str) -> list[Mention]:
    """A mention of ``id:<entity>`` at every occurrence of each surface (``surface=entity``;
    underscores in the keyword stand for spaces, a trailing ``_d`` marks a demonym)."""
    found = []
    for key, entity in names.items():
        demonym = key.endswith("_d")
        surface = key.removesuffix("_d").replace("_", " ")
        at = text.find(surface)
        assert at >= 0, surface
        while at >= 0:
            found.append(Mention(at, at + len(surface), surface, ID[entity],
                                 "demonym" if demonym else "label"))
            at = text.find(surface, at + 1)
    return sorted(found, key=lambda m: m.start)


def _one(text: str, candidates: list[Candidate] | None = None, **names: str) -> DraftClaim:
    drafts = find_drafts(text, _mentions(text, **names), candidates)
    assert len(drafts) == 1, drafts
    return drafts[0]


def _none(text: str, **names: str) -> None:
    assert find_drafts(text, _mentions(text, **names)) == []


# --- verbs, not nouns ------------------------------------------------------------------------

def test_opposition_is_not_oppose() -> None:
    _none("The opposition in Kazakhstan has doubts about Russia's policy.",
          Kazakhstan="Kazakhstan", Russia="Russia")
    draft = _one("The opposition in Kazakhstan opposes Russia's policy.",
                 Kazakhstan="Kazakhstan", Russia="Russia")
    assert (draft.cue, draft.kind) == ("opposes", "stance")


@pytest.mark.parametrize("sentence", [
    "Putin's visit to Kazakhstan lasted two days.",
    "The visit of Putin to Kazakhstan lasted two days.",
    "After talks in Kazakhstan, Putin flew home.",
    "Russian support for Kazakhstan was limited.",
    "The meeting between Putin and Kazakhstan officials was short.",
    "The proposed deal between Putin and Kazakhstan fell through.",
])
def test_nouns_sharing_a_verb_stem_do_not_fire(sentence: str) -> None:
    names = {"Putin": "VladimirPutin", "Kazakhstan": "Kazakhstan"}
    if "Russian" in sentence:
        names = {"Russian_d": "Russia", "Kazakhstan": "Kazakhstan"}
    _none(sentence, **names)


@pytest.mark.parametrize(("sentence", "cue", "kind"), [
    ("Putin visited Kazakhstan in June.", "visited", "event"),
    ("Putin will visit Kazakhstan in June.", "visit", "event"),
    ("Putin met Tokayev in Astana.", "met", "event"),
    ("Putin is meeting Tokayev in Astana.", "meeting", "event"),
    ("Kazakhstan hosted Putin for talks.", "hosted", "event"),
    ("Tokayev and Putin discussed the crisis.", "discussed", "event"),
    ("Kazakhstan banned flights from Russia.", "banned", "event"),
    ("Russia deployed troops to Kazakhstan.", "deployed", "event"),
    ("Kazakhstan sent peacekeepers to Syria.", "sent", "event"),
    ("The CSTO ended its mission in Kazakhstan.", "ended", "event"),
    ("Kazakhstan abstained in the vote on Russia.", "abstained", "stance"),
    ("Kazakhstan refused to recognise Russia's annexation.", "refused", "stance"),
    ("Kazakhstan supports Russia's proposal.", "supports", "stance"),
    ("Armenia joined the EAEU in 2015.", "joined", "membership change"),
    ("Uzbekistan left the CSTO in 2012.", "left", "membership change"),
    ("Uzbekistan withdrew from the CSTO in 2012.", "withdrew", "membership change"),
    ("Uzbekistan suspended its membership in the CSTO.", "suspended", "membership change"),
    ("Russia proposed a peacekeeping mission to Kazakhstan.", "proposed", "proposal"),
    ("Russia and Kazakhstan established diplomatic relations in 1992.", "established",
     "relation"),
    ("Russia withdrew its troops from Kazakhstan.", "withdrew", "event"),
])
def test_cue_verbs_in_all_inflections_and_their_kind(sentence: str, cue: str, kind: str) -> None:
    names = {n: n for n in ("Putin", "Kazakhstan", "Tokayev", "Russia", "Syria", "CSTO",
                            "Armenia", "EAEU", "Uzbekistan") if n in sentence}
    draft = _one(sentence, **names)
    assert (draft.cue, draft.kind) == (cue, kind)


def test_inflections_come_from_the_lexicon() -> None:
    table = forms()
    assert {w: table[w] for w in ("met", "withdrawn", "withdrew", "left", "sent", "declared",
                                  "abstaining", "bans")} == {
        "met": "meet", "withdrawn": "withdraw", "withdrew": "withdraw", "left": "leave",
        "sent": "send", "declared": "declare", "abstaining": "abstain", "bans": "ban"}
    assert "opposition" not in table and "visitor" not in table


@pytest.mark.parametrize(("words", "expected"), [
    (["the", "visit"], False), (["Russia", "'", "s", "support"], False),
    (["to", "visit"], True), (["they", "support"], True), (["both", "sides", "support"], True),
    (["military", "support"], False), (["the", "deployed"], False), (["it", "deployed"], True),
    (["the", "meeting"], False), (["was", "meeting"], True), (["end", "of"], False),
])
def test_verb_or_noun_from_the_neighbours(words: list[str], expected: bool) -> None:
    assert is_verb(words, len(words) - 1 if words[-1] != "of" else 0) is expected


# --- actors ---------------------------------------------------------------------------------

def test_subject_and_objects_are_the_names_around_the_main_verb() -> None:
    draft = _one("Russia, Turkey and Iran agreed on de-escalation zones in Syria.",
                 Russia="Russia", Turkey="Turkey", Iran="Iran", Syria="Syria")
    assert draft.kind == "event"
    assert draft.subjects == (ID.Russia, ID.Turkey, ID.Iran)
    assert draft.objects == (ID.Syria,)


def test_a_comma_closing_an_opening_phrase_is_not_a_coordination() -> None:
    draft = _one("In Moscow, Kazakhstan refused to send troops to Syria.",
                 Moscow="Moscow", Kazakhstan="Kazakhstan", Syria="Syria")
    assert draft.subjects == (ID.Kazakhstan,) and draft.objects == (ID.Syria,)


# --- claimant -------------------------------------------------------------------------------

def test_the_author_is_the_claimant_only_of_the_articles_own_voice() -> None:
    draft = _one("Kazakhstan refused to send troops to Syria.",
                 Kazakhstan="Kazakhstan", Syria="Syria")
    assert not draft.reported and draft.claimant_given(AUTHOR) == AUTHOR


@pytest.mark.parametrize(("sentence", "names", "claimant", "kind", "subjects"), [
    ("Putin said Russia would deploy troops to Syria.",
     {"Putin": "VladimirPutin", "Russia": "Russia", "Syria": "Syria"},
     "VladimirPutin", "claim", ("Russia",)),
    ("According to Nazarbayev, Kazakhstan will not send troops to Syria.",
     {"Nazarbayev": "NursultanNazarbayev", "Kazakhstan": "Kazakhstan", "Syria": "Syria"},
     "NursultanNazarbayev", "stance", ("Kazakhstan",)),  # "will not send": a refusal
    ("Kazakhstan's foreign ministry stated that Astana opposes the deployment in Ukraine.",
     {"Kazakhstan": "Kazakhstan", "Astana": "Kazakhstan", "Ukraine": "Ukraine"},
     "Kazakhstan", "stance", ("Kazakhstan",)),
    ("\"We will not send our soldiers to Syria,\" Abdrakhmanov told reporters.",
     {"Syria": "Syria", "Abdrakhmanov": "KairatAbdrakhmanov"},
     "KairatAbdrakhmanov", "stance", ("KairatAbdrakhmanov",)),
    ("\"Kazakhstan has no plans to send troops,\" said Kazakh Foreign Minister Kairat "
     "Abdrakhmanov.",
     {"Kazakhstan": "Kazakhstan", "Kazakh_d": "Kazakhstan",
      "Kairat_Abdrakhmanov": "KairatAbdrakhmanov"},
     "KairatAbdrakhmanov", "stance", ("Kazakhstan",)),  # "no plans to send": a refusal
    ("Russia accused Ukraine of violating the ceasefire.",
     {"Russia": "Russia", "Ukraine": "Ukraine"}, "Russia", "claim", ("Russia",)),
    ("Astana denied that Kazakhstan would join the Union State with Russia.",
     {"Astana": "Kazakhstan", "Kazakhstan": "Kazakhstan", "Russia": "Russia"},
     "Kazakhstan", "stance", ("Kazakhstan",)),
])
def test_the_claimant_is_whoever_the_sentence_quotes(
    sentence: str, names: dict[str, str], claimant: str, kind: str,
    subjects: tuple[str, ...],
) -> None:
    draft = _one(sentence, **names)
    assert draft.reported
    assert draft.claimant_given(AUTHOR) == ID[claimant]
    assert draft.kind == kind
    assert draft.subjects == tuple(ID[s] for s in subjects)


def test_an_accusation_is_an_allegation() -> None:
    draft = _one("Russia accused Ukraine of violating the ceasefire.",
                 Russia="Russia", Ukraine="Ukraine")
    assert (draft.claim_type, draft.objects) == ("Allegation", (ID.Ukraine,))


def test_a_speaker_the_graph_does_not_know_is_named_not_replaced_by_the_author() -> None:
    text = "Erlan Abdyldaev said Kyrgyzstan would not send troops to Syria."
    draft = _one(text, [Candidate(0, 15, "Erlan Abdyldaev", "name")],
                 Kyrgyzstan="Kyrgyzstan", Syria="Syria")
    assert draft.reported and draft.claimant_given(AUTHOR) is None
    assert draft.speaker == "Erlan Abdyldaev"
    pairs = claim_pairs("900_00000000000000ee", draft, AUTHOR)
    assert MV.claimant not in {p for p, _o in pairs}
    label = dict(pairs)[RDFS.label]
    assert isinstance(label, Lit)
    assert label.lexical.endswith("[claimant: Erlan Abdyldaev — not in the graph]")


def test_an_unnamed_speaker_leaves_the_claimant_open() -> None:
    draft = _one("A ministry spokesman said Kazakhstan would not send troops to Syria.",
                 Kazakhstan="Kazakhstan", Syria="Syria")
    assert draft.reported and draft.claimant is None and draft.speaker == ""


# --- triples --------------------------------------------------------------------------------

def test_the_triples_carry_kind_actors_claimant_and_claim_type() -> None:
    draft = _one("Russia accused Ukraine of violating the ceasefire.",
                 Russia="Russia", Ukraine="Ukraine")
    pairs = claim_pairs("900_00000000000000ee", draft, AUTHOR)
    by = {}
    for p, o in pairs:
        by.setdefault(p, []).append(o)
    assert by[MV.status] == [MV.Draft]
    assert by[MV.draftKind] == [MVV.ClaimStatement]
    assert by[MV.claimType] == [MVV.Allegation]
    assert by[MV.draftSubject] == [ID.Russia] and by[MV.draftObject] == [ID.Ukraine]
    assert by[MV.claimant] == [ID.Russia]  # not the author: Russia's words
    assert by[MV.about] == [ID.Russia, ID.Ukraine]
    assert by[MV.hasEvidence] == [Iri(str(ID["evidence/900_00000000000000ee/0-50"]))]
    assert by[RDFS.label] == [Lit(
        "Draft claim (accused): Russia accused Ukraine of violating the ceasefire.", "en")]
    assert by[MV.content] == [Lit("Russia accused Ukraine of violating the ceasefire.", "en")]


# --- refinements: appositions, passives, pronouns, closing attributions, quotations ----------

@pytest.mark.parametrize(("sentence", "names", "claimant"), [
    ("Shamanov, head of the defence committee of Russia's parliament, said Kazakhstan would "
     "send troops to Syria.",
     {"Shamanov": "VladimirShamanov", "Russia": "Russia", "Kazakhstan": "Kazakhstan",
      "Syria": "Syria"}, "VladimirShamanov"),
    ("Pashinyan, who met Putin at the summit, said Azerbaijan had attacked Armenia.",
     {"Pashinyan": "NikolPashinyan", "Putin": "VladimirPutin", "Azerbaijan": "Azerbaijan",
      "Armenia": "Armenia"}, "NikolPashinyan"),
    ("The move was confirmed on Monday by the CSTO chairman, Armenian Prime Minister Nikol "
     "Pashinyan, in a statement on Kazakhstan.",
     {"CSTO": "CSTO", "Armenian_d": "Armenia", "Nikol_Pashinyan": "NikolPashinyan",
      "Kazakhstan": "Kazakhstan"}, "NikolPashinyan"),
])
def test_appositions_and_passive_agents(sentence: str, names: dict[str, str],
                                        claimant: str) -> None:
    draft = _one(sentence, **names)
    assert draft.reported and draft.claimant == ID[claimant]


@pytest.mark.parametrize("text", [
    "Tokayev said the talks were useful. He said Kazakhstan would never recognise Donetsk.",
    "Tokayev said the talks were useful. The president said Kazakhstan would never recognise "
    "Donetsk.",
])
def test_a_pronoun_or_description_is_the_speaker_named_before(text: str) -> None:
    draft = _one(text, Tokayev="KassymJomartTokayev", Kazakhstan="Kazakhstan",
                 Donetsk="DonetskPeoplesRepublic")
    assert (draft.kind, draft.claimant) == ("stance", ID.KassymJomartTokayev)


def test_a_pronoun_without_a_speaker_before_leaves_the_claimant_open() -> None:
    draft = _one("He said Kazakhstan would never recognise Donetsk.",
                 Kazakhstan="Kazakhstan", Donetsk="DonetskPeoplesRepublic")
    assert draft.reported and draft.claimant is None


def test_the_closing_attribution_names_the_source() -> None:
    text = ("Damascus has confirmed that it will join the talks in Astana, Syrian Ambassador "
            "Riyad Haddad told RIA Novosti.")
    draft = _one(text, Damascus="Syria", Astana="Astana", Syrian_d="Syria",
                 RIA_Novosti="RIANovosti")
    assert draft.reported and draft.claimant is None
    assert draft.speaker.endswith("Riyad Haddad")


def test_a_quotation_goes_on_in_the_next_sentence() -> None:
    text = ('"We will help," Putin said in Astana. "Russia and Kazakhstan agreed on the '
            'deployment."')
    drafts = find_drafts(text, _mentions(text, Putin="VladimirPutin", Astana="Astana",
                                         Russia="Russia", Kazakhstan="Kazakhstan"))
    assert [(d.kind, d.claimant) for d in drafts] == [("claim", ID.VladimirPutin)] * 2


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Armenia left the hall in protest against Russia.", "event"),
    ("Armenia left for Moscow to meet Russia's president.", "event"),
    ("Kazakhstan and Kyrgyzstan played down proposals from Russia.", "stance"),
    ("Tokayev called on the CSTO to send peacekeepers.", "proposal"),
    ("Kazakhstan will not send troops to Syria.", "stance"),  # a refusal
    ("Kazakhstan did not send troops to Syria.", "claim"),  # that it did not happen
])
def test_kinds_read_from_the_words_around_the_verb(sentence: str, kind: str) -> None:
    names = {n: n for n in ("Armenia", "Russia", "Moscow", "Kazakhstan", "Kyrgyzstan",
                            "Tokayev", "CSTO", "Syria") if n in sentence}
    assert _one(sentence, **names).kind == kind


def test_no_cue_in_names_or_agentless_passives() -> None:
    _none("Kazakhstan does not belong to the Union State with Russia.",
          Kazakhstan="Kazakhstan", Russia="Russia")
    draft = _one("Putin said Crimea is internationally recognised as Ukraine's territory.",
                 Putin="VladimirPutin", Crimea="Crimea", Ukraine="Ukraine")
    assert (draft.kind, draft.cue) == ("claim", "said")


@pytest.mark.parametrize("sentence", [
    "Sending troops to Syria would cost Kazakhstan dearly.",
    "The United States sees Kazakhstan in the context of fighting Russia.",
    "This defines the approach of Kazakhstan to sanctions against Russia.",
])
def test_gerunds_and_plurals_after_to_are_no_verbs(sentence: str) -> None:
    names = {n.replace(" ", "_"): n.replace(" ", "") for n in (
        "Syria", "Kazakhstan", "United States", "Russia") if n in sentence}
    _none(sentence, **names)


def test_an_impersonal_passive_of_saying_is_the_authors_voice() -> None:
    draft = _one("It should be noted that Russia supports Syria.", Russia="Russia", Syria="Syria")
    assert (draft.kind, draft.reported) == ("stance", False)


def test_in_someones_opinion_is_attribution() -> None:
    draft = _one("In Astana's opinion, Russia should not send troops to Syria.",
                 Astana="Kazakhstan", Russia="Russia", Syria="Syria")
    assert draft.reported and draft.claimant == ID.Kazakhstan


def test_an_apposition_that_is_the_name_itself() -> None:
    draft = _one("Kazakhstan's ambassador to Armenia, Timur Urazaev, stated that the CSTO "
                 "should not intervene.", Kazakhstan="Kazakhstan", Armenia="Armenia", CSTO="CSTO")
    assert draft.reported and draft.claimant is None and draft.speaker == "Timur Urazaev"


def test_being_in_talks_is_negotiating() -> None:
    draft = _one("Russia is in talks with Kazakhstan about sending troops to Syria.",
                 Russia="Russia", Kazakhstan="Kazakhstan", Syria="Syria")
    assert (draft.kind, draft.subjects, draft.objects) == (
        "event", (ID.Russia,), (ID.Kazakhstan, ID.Syria))


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Kazakhstan's refusal to deploy troops to Syria surprised Russia.", "stance"),
    ("The decision not to send troops to Syria angered Russia.", "stance"),
    ("Russia's proposal to send Kazakh troops to Syria was discussed.", "proposal"),
    ("If Kazakhstan decides to send troops to Syria, Russia will pay.", "claim"),
])
def test_a_noun_or_a_condition_before_the_verb_gives_the_kind(sentence: str, kind: str) -> None:
    names = {n: n for n in ("Kazakhstan", "Russia", "Syria") if n in sentence}
    if "Kazakh troops" in sentence:
        names["Kazakh_d"] = "Kazakhstan"
    assert _one(sentence, **names).kind == kind


@pytest.mark.parametrize("sentence", [
    "Solidarity with Azerbaijan could explain the decision of Kazakhstan to stay away.",
    "The refusal of Kazakhstan can be explained by fears of unrest in Russia.",
    "Kazakhstan claims regional leadership as Russia watches.",
])
def test_verbs_of_saying_with_a_noun_phrase_report_no_words(sentence: str) -> None:
    names = {n: n for n in ("Azerbaijan", "Kazakhstan", "Russia") if n in sentence}
    assert find_drafts(sentence, _mentions(sentence, **names)) == []


def test_declared_with_a_noun_phrase_is_an_event() -> None:
    draft = _one("Kazakhstan declared a state of emergency after Russia's warning.",
                 Kazakhstan="Kazakhstan", Russia="Russia")
    assert (draft.kind, draft.reported) == ("event", False)


def test_speakers_around_descriptions_and_subordinate_clauses() -> None:
    inverted = _one('"They prepare poorly in Kazakhstan," said the head of the Eurasian Club, '
                    'Nikita Mendkovich, about the United States.',
                    Kazakhstan="Kazakhstan", Nikita_Mendkovich="NikitaMendkovich",
                    United_States="UnitedStates")
    assert inverted.claimant == ID.NikitaMendkovich
    nested = _one("Tokayev, when he was the Minister of Foreign Affairs of the Republic, "
                  "confirmed that Kazakhstan would join the talks with Russia.",
                  Tokayev="KassymJomartTokayev", Kazakhstan="Kazakhstan", Russia="Russia")
    assert nested.claimant == ID.KassymJomartTokayev


def test_ready_to_is_a_stance_and_as_x_noted_is_attribution() -> None:
    ready = _one("Ankara, Moscow and Tehran said they were ready to send observers to Syria.",
                 Ankara="Turkey", Moscow="Russia", Tehran="Iran", Syria="Syria")
    assert ready.kind == "stance"
    noted = _one("As Galstyan noted in March, Kazakhstan lobbies for Azerbaijan.",
                 Galstyan="AregGalstyan", Kazakhstan="Kazakhstan", Azerbaijan="Azerbaijan")
    assert (noted.kind, noted.claimant) == ("claim", ID.AregGalstyan)
