"""Ontology-level QC queries (``queries/qc/*-violation.rq``, docs/style-guide.md): each fires on a
small graph with the defect it is written for, with exactly the expected row, and stays silent on
the same graph without it; the shipped graph passes them all (``tests/test_qc.py`` checks that
for every QC query, over the built graph)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from multivector.namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE
from multivector.qc import qc_files, run_qc

from .conftest import REPO

MV = "https://w3id.org/multivector/ontology#"
MVV = "https://w3id.org/multivector/vocab/"
ID = "https://w3id.org/multivector/id/"

PREFIXES = f"""@prefix mv: <{MV}> .
@prefix mvv: <{MVV}> .
@prefix id: <{ID}> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# A clean little ontology: every check passes on it.
CLEAN = """
mv:Thing a owl:Class ; rdfs:label "thing"@en ; skos:definition "Something."@en .
mv:relatedTo a owl:ObjectProperty ; rdfs:label "related to"@en ;
    skos:definition "A link between two things."@en ; rdfs:domain mv:Thing ; rdfs:range mv:Thing .
mvv:Kind a skos:Concept ; rdfs:label "kind"@en ; skos:definition "A kind."@en .
"""

NEW_QUERIES = {
    "case-clash-term",
    "concept-outside-vocabulary",
    "multiple-domain-or-range",
    "unconnected-property",
    "undocumented-term",
    "untyped-term",
}


def _fired(ontology: str, data: str = "") -> dict[str, list[list[str]]]:
    store = ox.Store()
    for text, graph in ((CLEAN + ontology, GRAPH_ONTOLOGY), (data, GRAPH_REFERENCE)):
        store.load(
            (PREFIXES + text).encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph)
        )
    return {r.name: r.rows for r in run_qc(store, REPO) if not r.passed}


def test_the_ontology_queries_exist() -> None:
    assert {p.name.removesuffix("-violation.rq") for p in qc_files(REPO)} >= NEW_QUERIES


def test_the_clean_graph_passes() -> None:
    assert _fired("") == {}


def test_terms_differing_only_by_case_are_caught() -> None:
    clash = """mv:thing a owl:ObjectProperty ; rdfs:label "thing"@en ;
        skos:definition "A thing of something."@en ; rdfs:range mv:Thing ."""
    assert _fired(clash) == {"case-clash-term": [[MV + "Thing", MV + "thing"]]}
    # A deprecated term kept one release beside its replacement is exempt.
    assert _fired(clash + " mv:thing owl:deprecated true .") == {}


def test_an_untyped_term_is_caught() -> None:
    assert _fired("mv:Thing rdfs:subClassOf mv:Thnig .") == {"untyped-term": [[MV + "Thnig"]]}
    assert _fired("", data="id:x mv:realtedTo 1 .") == {
        "untyped-term": [[MV + "realtedTo"]]
    }


def test_a_term_without_label_or_definition_is_caught() -> None:
    bare = """mv:Other a owl:Class ; rdfs:label "other"@en .
        mvv:Nameless a skos:Concept ; rdfs:label "nameless"@ru ; skos:definition "None."@en ."""
    assert _fired(bare) == {
        "undocumented-term": [
            [MV + "Other", "skos:definition"],
            [MVV + "Nameless", "rdfs:label"],
        ]
    }


def test_a_concept_is_labelled_by_its_pref_label() -> None:
    concept = (
        'mvv:Labelled a skos:Concept ; skos:prefLabel "labelled"@en ; skos:definition "A."@en .'
    )
    assert _fired(concept) == {}


def test_two_domains_or_two_ranges_are_caught() -> None:
    two = """mv:Other a owl:Class ; rdfs:label "other"@en ; skos:definition "Another."@en .
        mv:relatedTo rdfs:domain mv:Other ."""
    assert _fired(two) == {"multiple-domain-or-range": [[MV + "relatedTo", "rdfs:domain", "2"]]}
    assert _fired(two.replace("rdfs:domain mv:Other", "rdfs:range mv:Other")) == {
        "multiple-domain-or-range": [[MV + "relatedTo", "rdfs:range", "2"]]
    }


def test_an_unconnected_property_is_caught_even_when_the_data_uses_it() -> None:
    loose = """mv:loose a owl:DatatypeProperty ; rdfs:label "loose"@en ;
        skos:definition "A value."@en ."""
    assert _fired(loose, data='id:x mv:loose "1" .') == {"unconnected-property": [[MV + "loose"]]}
    for connection in (
        "mv:loose rdfs:range xsd:date .",
        "mv:loose rdfs:domain mv:Thing .",
        "mv:loose rdfs:subPropertyOf skos:note .",
        "mv:loose owl:equivalentProperty mv:relatedTo .",
        "mv:relatedTo owl:inverseOf mv:loose .",
    ):
        assert _fired(loose + connection) == {}, connection


@pytest.mark.parametrize("iri", [ID + "Kind", MV + "Kind"])
def test_a_concept_outside_the_vocabulary_namespace_is_caught(iri: str) -> None:
    concept = f'<{iri}> a skos:Concept ; rdfs:label "kind"@en ; skos:definition "A kind."@en .'
    assert _fired(concept) == {"concept-outside-vocabulary": [[iri]]}


def test_the_curation_status_and_standard_concepts_are_allowed() -> None:
    allowed = """mv:Draft a skos:Concept ; rdfs:label "draft"@en ; skos:definition "Draft."@en .
        <http://www.w3.org/ns/oa#describing> a skos:Concept ."""
    assert _fired(allowed) == {}
