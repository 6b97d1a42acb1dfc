"""The linker reading like an analyst: capitals as places or governments, datelines,
transliterated persons (and near misses that must stay apart), negation and qualifiers, and
cleaned, typed candidates — each on a small hand-made gazetteer."""

from __future__ import annotations

import pytest
from rdflib import Graph

from multivector.linking import Candidate, find_candidates, link_text
from multivector.linking.gazetteer import Gazetteer

TTL = """
@prefix mv: <https://w3id.org/multivector/ontology#> .
@prefix id: <https://w3id.org/multivector/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
id:Kazakhstan a mv:State ; rdfs:label "Kazakhstan"@en ;
    mv:metonym "Astana"@en, "Nur-Sultan"@en ; mv:demonym "Kazakh"@en .
id:Astana a mv:City ; rdfs:label "Astana"@en ; skos:altLabel "Nur-Sultan"@en .
id:Kyrgyzstan a mv:State ; rdfs:label "Kyrgyzstan"@en ; mv:metonym "Bishkek"@en ;
    mv:demonym "Kyrgyz"@en .
id:Bishkek a mv:City ; rdfs:label "Bishkek"@en .
id:Russia a mv:State ; rdfs:label "Russia"@en ; mv:metonym "Moscow"@en ;
    mv:demonym "Russian"@en .
id:Moscow a mv:City ; rdfs:label "Moscow"@en .
id:Syria a mv:State ; rdfs:label "Syria"@en ; mv:metonym "Damascus"@en .
id:Damascus a mv:City ; rdfs:label "Damascus"@en .
id:UN a mv:IntergovernmentalBody ; rdfs:label "United Nations"@en ; skos:altLabel "UN"@en .
id:TheWest a mv:GeopoliticalBloc ; rdfs:label "the West"@en ;
    skos:altLabel "Western countries"@en ; mv:demonym "Western"@en .
id:AstanaProcess a mv:RegionalCooperationForum ; rdfs:label "Astana Process"@en ;
    skos:altLabel "Astana format"@en, "Astana talks"@en .
id:KairatAbdrakhmanov a mv:Person ; rdfs:label "Kairat Abdrakhmanov"@en ;
    foaf:givenName "Kairat" ; foaf:familyName "Abdrakhmanov" .
id:KassymJomartTokayev a mv:Person ; rdfs:label "Kassym-Jomart Tokayev"@en ;
    foaf:givenName "Kassym-Jomart" ; foaf:familyName "Tokayev" .
id:NursultanNazarbayev a mv:Person ; rdfs:label "Nursultan Nazarbayev"@en ;
    foaf:givenName "Nursultan" ; foaf:familyName "Nazarbayev" .
id:SerzhSargsyan a mv:Person ; rdfs:label "Serzh Sargsyan"@en ;
    foaf:givenName "Serzh" ; foaf:familyName "Sargsyan" .
"""


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    graph = Graph()
    graph.parse(data=TTL, format="turtle")
    return Gazetteer.from_graph(graph)


def linked(text: str, gaz: Gazetteer) -> list[tuple[str, str]]:
    return [(m.surface, str(m.entity).rsplit("/", 1)[-1]) for m in link_text(text, gaz)]


def entity_of(text: str, surface: str, gaz: Gazetteer) -> str | None:
    """The entity linked at the first occurrence of ``surface`` (None: not linked)."""
    at = text.index(surface)
    for m in link_text(text, gaz):
        if m.start <= at < m.end:
            return str(m.entity).rsplit("/", 1)[-1]
    return None


@pytest.mark.parametrize(("text", "surface", "entity"), [
    # the place: where something happens, where someone goes or comes from
    ("Talks were held in Astana on Monday.", "Astana", "Astana"),
    ("The delegation flew to Astana on Tuesday.", "Astana", "Astana"),
    ("After a visit to Damascus, the envoy spoke.", "Damascus", "Damascus"),
    ("The delegation would leave for Astana on Monday.", "Astana", "Astana"),
    ("He had flown to Astana from Moscow.", "Moscow", "Moscow"),
    ("The talks in Kazakhstan's capital, Astana, ended.", "Astana,", "Astana"),
    ("The talks in the Kazakh capital Astana ended.", "Astana", "Astana"),
    ("Astana, the capital of Kazakhstan, hosted the talks.", "Astana", "Astana"),
    ("The Moscow-based secretariat took note.", "Moscow", "Moscow"),
    # the government: who refuses, proposes, leads, is addressed
    ("Astana refused to send troops.", "Astana", "Kazakhstan"),
    ("Moscow proposed a deal.", "Moscow", "Russia"),
    ("Moscow's proposal was rejected.", "Moscow", "Russia"),
    ("He criticised the Moscow-led alliance.", "Moscow", "Russia"),
    ("They downplayed proposals from Moscow to send troops.", "Moscow", "Russia"),
    ("Neither Astana nor Bishkek has experience.", "Bishkek", "Kyrgyzstan"),
    ("The Syrian Ambassador to Moscow said so.", "Moscow", "Russia"),
    ("The regime in Damascus agreed.", "Damascus", "Syria"),
    # a name of its own
    ("The Astana format continues.", "Astana format", "AstanaProcess"),
])
def test_capital_as_place_or_government(gaz: Gazetteer, text: str, surface: str,
                                        entity: str) -> None:
    assert entity_of(text, surface, gaz) == entity


@pytest.mark.parametrize("text", [
    "BISHKEK, June 23 — Kyrgyzstan said no.",
    "BISHKEK (Reuters) — Kyrgyzstan said no.",
    "Bishkek, 23 June 2017 — Kyrgyzstan said no.",
])
def test_dateline_is_the_place(gaz: Gazetteer, text: str) -> None:
    assert linked(text, gaz)[:2] == [(text.split()[0].rstrip(","), "Bishkek"),
                                     ("Kyrgyzstan", "Kyrgyzstan")]


def test_a_capital_opening_a_sentence_is_not_a_dateline(gaz: Gazetteer) -> None:
    assert linked("Bishkek, for its part, refused.", gaz) == [("Bishkek", "Kyrgyzstan")]
    assert linked("Moscow, in 2014, annexed it.", gaz) == [("Moscow", "Russia")]
    assert linked("NUR-SULTAN, June 18 — Astana refused.", gaz) == [
        ("NUR-SULTAN", "Astana"), ("Astana", "Kazakhstan")]


def test_transliterated_person_is_the_known_person(gaz: Gazetteer) -> None:
    text = ("Kazakh Foreign Minister Kairat Abdyrakmanov said no. "
            "Abdyrakmanov's comments came later.")
    mentions = [m for m in link_text(text, gaz) if m.kind == "fuzzy"]
    assert [(m.surface, str(m.entity).rsplit("/", 1)[-1]) for m in mentions] == [
        ("Kairat Abdyrakmanov", "KairatAbdrakhmanov"), ("Abdyrakmanov", "KairatAbdrakhmanov")]
    assert find_candidates(text, link_text(text, gaz)) == []
    assert linked("President Kassym-Zhomart Tokaev spoke.", gaz)[-1] == (
        "Kassym-Zhomart Tokaev", "KassymJomartTokayev")
    assert linked("Serzh Sarkisian met him.", gaz) == [("Serzh Sarkisian", "SerzhSargsyan")]


@pytest.mark.parametrize("text", [
    "Nikolai Tokarev said so.",         # one consonant more, another given name
    "Tokarev said so.",                 # bare: the consonant skeleton differs
    "Dariga Nazarbayeva said so.",      # the female form: a daughter, not the father
    "Nazarbayeva said so.",
    "Tigran Sargsyan said so.",         # the same surname, another given name
    "Abdykalikov said so.",             # a similar start only
])
def test_similar_names_of_other_persons_are_not_merged(gaz: Gazetteer, text: str) -> None:
    assert [m for m in link_text(text, gaz) if m.kind == "fuzzy"] == []
    assert not any(e in {"KassymJomartTokayev", "NursultanNazarbayev", "SerzhSargsyan",
                         "KairatAbdrakhmanov"} for _s, e in linked(text, gaz))


def test_negation_and_qualifiers(gaz: Gazetteer) -> None:
    assert linked("Like many non-Western countries, it abstained.", gaz) == []
    assert linked("Western countries imposed Western sanctions.", gaz) == [
        ("Western countries", "TheWest"), ("Western", "TheWest")]
    (anti,) = link_text("They opposed anti-Russian sanctions.", gaz)
    assert (anti.surface, anti.qualifier) == ("Russian", "anti")
    (pro,) = link_text("A pro-Western party won.", gaz)
    assert (str(pro.entity).rsplit("/", 1)[-1], pro.qualifier) == ("TheWest", "pro")


def candidates(text: str, gaz: Gazetteer) -> list[tuple[str, str, str]]:
    return [(c.kind, c.name, c.post) for c in find_candidates(text, link_text(text, gaz))]


def test_titles_become_a_post_hint(gaz: Gazetteer) -> None:
    text = ("The country's Foreign Minister Erlan Abdyldaev told reporters so. "
            "CSTO Secretary General Stanislav Zas agreed. "
            "The Syrian Ambassador to Moscow Riyad Haddad told RIA Novosti. "
            "The moderator Margarita Simonyan asked.")
    found = find_candidates(text, link_text(text, gaz))
    assert [(c.kind, c.name, c.post) for c in found] == [
        ("person", "Erlan Abdyldaev", "foreign minister"),
        ("person", "Stanislav Zas", "secretary general"),
        ("person", "Riyad Haddad", "ambassador"),
        ("person", "Margarita Simonyan", "moderator"),
    ]
    assert found[0] == Candidate(text.index("Erlan"), text.index(" told"), "Erlan Abdyldaev",
                                 "person", "Erlan Abdyldaev", "foreign minister",
                                 "post 'foreign minister'")


def test_page_furniture_and_headlines_propose_nothing(gaz: Gazetteer) -> None:
    text = ("Central Asian States Play Down Troops Plan\n\n"
            "By Jane Reporter January 5, 2022\n"
            "BISHKEK, June 23 — Kyrgyzstan said no.\n\n"
            "Advertisement\n\nRelated Posts\n\nP.M\n")
    assert candidates(text, gaz) == []


def test_every_candidate_is_typed_with_evidence(gaz: Gazetteer) -> None:
    text = ("Temir Djumakadyrov said the question was raised. "
            "They met at the St Petersburg International Economic Forum. "
            "A new round will be held in Geneva. "
            "He told Interfax news agency about the UN General Assembly vote. "
            "Officials of the Foreign Ministry and the General Staff of Kyrgyzstan agreed.")
    found = find_candidates(text, link_text(text, gaz))
    assert [(c.kind, c.name, c.evidence) for c in found] == [
        ("person", "Temir Djumakadyrov", "surname ending of 'Djumakadyrov'"),
        ("organization", "St Petersburg International Economic Forum",
         "organization word 'Forum'"),
        ("place", "Geneva", "after 'in'"),
        ("organization", "Interfax", "followed by 'news'"),
        ("organization", "UN General Assembly", "organization word 'Assembly'"),
        ("organization", "Foreign Ministry", "organization word 'Ministry'"),
        ("organization", "General Staff of Kyrgyzstan", "organization word 'Staff'"),
    ]
    assert {c.kind for c in found} <= {"person", "organization", "place"}
