"""The linker on small, hand-made gazetteers: keys, tokens, matching rules, candidates."""

from __future__ import annotations

from rdflib import Graph

from multivector.linking import find_candidates, link_text, sentences, token_key, tokenize
from multivector.linking.gazetteer import Gazetteer

TTL = """
@prefix mv: <https://w3id.org/multivector/ontology#> .
@prefix id: <https://w3id.org/multivector/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
id:Kazakhstan a mv:State ; rdfs:label "Kazakhstan"@en, "Казахстан"@ru ;
    mv:metonym "Astana"@en, "Akorda"@en ; mv:demonym "Kazakh"@en .
id:Astana a mv:City ; rdfs:label "Astana"@en .
id:Syria a mv:State ; rdfs:label "Syria"@en ; mv:metonym "Damascus"@en .
id:Damascus a mv:City ; rdfs:label "Damascus"@en .
id:UnitedStates a mv:State ; rdfs:label "United States"@en ; skos:altLabel "US"@en .
id:NATO a mv:MilitaryAlliance ; rdfs:label "NATO"@en ; skos:altLabel "the Alliance"@en .
id:ISAF a mv:OrganizationalUnit ; rdfs:label "ISAF"@en ; skos:altLabel "NATO's ISAF"@en .
id:Coalition a mv:MilitaryAlliance ; rdfs:label "US-led coalition"@en .
id:NursultanNazarbayev a mv:Person ; rdfs:label "Nursultan Nazarbayev"@en ;
    foaf:givenName "Nursultan" ; foaf:familyName "Nazarbayev" .
id:VladimirPutin a mv:Person ; rdfs:label "Vladimir Putin"@en ;
    foaf:givenName "Vladimir" ; foaf:familyName "Putin" .
id:IbrahimKalin a mv:Person ; rdfs:label "Ibrahim Kalin"@en ;
    foaf:givenName "Ibrahim" ; foaf:familyName "Kalin" .
id:Mazhilis a mv:StateBody ; rdfs:label "Mazhilis"@en .
id:Conflict a mv:Conflict ; rdfs:label "Nagorno-Karabakh conflict"@en .
id:ZoneA a mv:Region ; rdfs:label "zone A"@en ; skos:altLabel "de-escalation zones"@en .
id:ZoneB a mv:Region ; rdfs:label "zone B"@en ; skos:altLabel "de-escalation zones"@en .
id:Kazakhstan-CSTO a mv:Membership ; rdfs:label "Kazakhstan in the CSTO"@en .
"""


def gazetteer() -> Gazetteer:
    graph = Graph()
    graph.parse(data=TTL, format="turtle")
    return Gazetteer.from_graph(graph)


def links(text: str) -> list[tuple[str, str]]:
    return [(m.surface, str(m.entity).rsplit("/", 1)[-1]) for m in link_text(text, gazetteer())]


def test_transliteration_keys() -> None:
    assert token_key("Nazarbayev") == token_key("Nazarbaev") == token_key("NAZARBAEV")
    assert token_key("Kalın") == token_key("Kalin") == token_key("KALIN")
    assert token_key("İbrahim") == token_key("Ibrahim")
    assert token_key("Mazhilis") == token_key("Majilis")
    assert token_key("Lavrentyev") == token_key("Lavrentiev")
    assert token_key("Yury") == token_key("Yuri")
    assert token_key("Gvardeyskiy") == token_key("Gvardeyski")
    assert token_key("Timofeyev") == token_key("Timofeev")
    assert token_key("Assad") == token_key("Asad")
    assert token_key("’") == token_key("'")
    assert token_key("Russia") != token_key("Prussia")


def test_tokens_keep_offsets() -> None:
    text = "N.Nazarbayev and Russia’s army"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["N", ".", "Nazarbayev", "and", "Russia", "’", "s", "army"]
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_sentences_do_not_split_after_titles_and_initials() -> None:
    text = "Mr. Putin met N. Nazarbayev. They talked.\nA heading\nNext line."
    assert [text[s:e] for s, e in sentences(text)] == [
        "Mr. Putin met N. Nazarbayev.", "They talked.", "A heading", "Next line.",
    ]


def test_name_variants_and_transliterations() -> None:
    assert links("Mr. Putin Vladimir met N. Nazarbaev, then Nazarbayev met Mr. Kalın İbrahim.") == [
        ("Mr. Putin Vladimir", "VladimirPutin"),
        ("N. Nazarbaev", "NursultanNazarbayev"),
        ("Nazarbayev", "NursultanNazarbayev"),
        ("Mr. Kalın İbrahim", "IbrahimKalin"),
    ]
    assert links("the Majilis voted") == [("Majilis", "Mazhilis")]


def test_acronyms_are_case_sensitive_and_names_need_a_capital() -> None:
    assert links("let us talk about the alliance with the US") == [("US", "UnitedStates")]
    assert links("The Alliance met.") == [("The Alliance", "NATO")]


def test_longest_match_and_plural() -> None:
    assert links("the Nagorno-Karabakh conflicts and Kazakh troops") == [
        ("Nagorno-Karabakh conflicts", "Conflict"),
        ("Kazakh", "Kazakhstan"),
    ]


def test_city_or_government_rule() -> None:
    assert links("talks in Astana") == [("Astana", "Astana")]
    assert links("Astana refused") == [("Astana", "Kazakhstan")]
    assert links("In Astana's opinion") == [("Astana", "Kazakhstan")]
    assert links("the regime in Damascus") == [("Damascus", "Syria")]
    assert links("the region of Damascus") == [("Damascus", "Damascus")]
    assert links("a meeting in Damascus and Astana") == [
        ("Damascus", "Damascus"), ("Astana", "Astana"),
    ]
    assert links("between Damascus and Astana") == [
        ("Damascus", "Syria"), ("Astana", "Kazakhstan"),
    ]
    (mention,) = link_text("Astana refused", gazetteer())
    assert [str(a).rsplit("/", 1)[-1] for a in mention.alternatives] == ["Astana"]


def test_names_nested_by_possessive_or_hyphen() -> None:
    assert links("NATO's ISAF forces and the US-led coalition") == [
        ("NATO's ISAF", "ISAF"), ("NATO", "NATO"),
        ("US-led coalition", "Coalition"), ("US", "UnitedStates"),
    ]


def test_group_label_names_every_entity() -> None:
    (mention,) = link_text("observers in de-escalation zones", gazetteer())
    assert sorted(str(e).rsplit("/", 1)[-1] for e in mention.bodies) == ["ZoneA", "ZoneB"]


def test_statement_nodes_are_not_entities() -> None:
    assert "https://w3id.org/multivector/id/Kazakhstan-CSTO" not in {
        str(e) for e in gazetteer().entities()
    }
    assert links("Kazakhstan in the CSTO") == [("Kazakhstan", "Kazakhstan")]


def test_candidates() -> None:
    text = (
        "President Tokayev met Secretary General Stanislav Zas at the Eurasian Research Council. "
        "However, Kazakhstan said nothing. The Minister of Foreign Affairs was absent."
    )
    found = [(c.text, c.kind) for c in find_candidates(text, link_text(text, gazetteer()))]
    assert found == [
        ("Tokayev", "person"),
        ("Stanislav Zas", "person"),
        ("Eurasian Research Council", "organization"),
    ]
