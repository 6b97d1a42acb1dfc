"""The ontology itself: header, labels and definitions, the axioms the queries and the reasoner
rely on, and the import modules."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, SKOS, XSD

from multivector.namespaces import MV, MVV, ORG

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
IRI = URIRef("https://w3id.org/multivector/ontology")
VANN = "http://purl.org/vocab/vann/"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY / "multivector.ttl")


@pytest.fixture(scope="module")
def everything() -> Graph:
    graph = Graph()
    for path in sorted(ONTOLOGY.rglob("*.ttl")):
        graph.parse(path)
    return graph


def mv_terms(graph: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {
        s for kind in kinds for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(str(MV))
    }


def test_header_is_complete(onto: Graph) -> None:
    assert (IRI, RDF.type, OWL.Ontology) in onto
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.creator, DCTERMS.created):
        assert onto.value(IRI, prop) is not None, prop
    license_ = onto.value(IRI, DCTERMS.license)
    assert isinstance(license_, URIRef)
    assert str(onto.value(IRI, URIRef(VANN + "preferredNamespacePrefix"))) == "mv"
    assert str(onto.value(IRI, URIRef(VANN + "preferredNamespaceUri"))) == str(MV)


def test_no_hand_typed_version_in_the_sources(everything: Graph) -> None:
    """versionInfo, versionIRI and dcterms:modified are stamped at build time (multivector.stamp),
    so no Turtle file of ours may carry a copy that could go stale."""
    own = [IRI, URIRef("https://w3id.org/multivector/vocab/")]
    for node in own:
        assert (node, RDF.type, OWL.Ontology) in everything
        for prop in (OWL.versionInfo, OWL.versionIRI, DCTERMS.modified):
            assert everything.value(node, prop) is None, (node, prop)


def test_loaded_ontologies_are_stamped_from_the_package_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from multivector.loading import load
    from multivector.namespaces import GRAPH_ONTOLOGY

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")  # 2017-07-14 UTC
    graph = load(ONTOLOGY.parent).dataset.graph(GRAPH_ONTOLOGY)
    release = version("multivector")
    for node, base in ((IRI, "https://w3id.org/multivector/ontology"),
                       (URIRef("https://w3id.org/multivector/vocab/"),
                        "https://w3id.org/multivector/vocab")):
        assert list(graph.objects(node, OWL.versionInfo)) == [Literal(release)]
        assert list(graph.objects(node, OWL.versionIRI)) == [URIRef(f"{base}/releases/{release}")]
        assert list(graph.objects(node, DCTERMS.modified)) == [
            Literal("2017-07-14", datatype=XSD.date)]


def test_every_term_has_an_english_label_and_definition(onto: Graph) -> None:
    terms = mv_terms(onto)
    assert len(terms) > 80
    missing = [
        t for t in terms
        if not any(lbl.language == "en" for lbl in onto.objects(t, RDFS.label))
        or not any(d.language == "en" for d in onto.objects(t, SKOS.definition))
    ]
    assert missing == []


def test_naming_conventions(onto: Graph) -> None:
    for term in mv_terms(onto):
        local = str(term)[len(str(MV)):]
        if (term, RDF.type, OWL.Class) in onto:
            assert local[0].isupper(), term
        else:
            assert local[0].islower(), term


def test_every_concept_has_a_label_a_definition_and_a_scheme(everything: Graph) -> None:
    concepts = {
        c for c in everything.subjects(RDF.type, SKOS.Concept) if str(c).startswith(str(MVV))
    }
    assert len(concepts) > 60
    for concept in concepts:
        assert everything.value(concept, SKOS.prefLabel) is not None, concept
        assert everything.value(concept, SKOS.definition) is not None, concept
        assert everything.value(concept, SKOS.inScheme) is not None, concept


def test_member_of_shortcut_is_a_chain_with_an_inverse(onto: Graph) -> None:
    chain = onto.value(MV.memberOf, OWL.propertyChainAxiom)
    assert list(Collection(onto, chain)) == [ORG.hasMembership, ORG.organization]
    assert (MV.hasMember, OWL.inverseOf, MV.memberOf) in onto or (
        MV.memberOf, OWL.inverseOf, MV.hasMember) in onto
    note = str(onto.value(MV.memberOf, SKOS.scopeNote))
    assert "Membership nodes" in note  # the documentation of what the shortcut loses


def test_states_organizations_and_persons_are_disjoint(onto: Graph) -> None:
    groups = []
    for node in onto.subjects(RDF.type, OWL.AllDisjointClasses):
        groups.append(set(Collection(onto, onto.value(node, OWL.members))))
    assert any({MV.State, MV.InternationalOrganization, MV.Person} <= g for g in groups)


def test_reused_vocabularies_are_imports_not_inventions(onto: Graph, everything: Graph) -> None:
    assert (MV.Membership, RDFS.subClassOf, ORG.Membership) in onto
    for term in (ORG.member, ORG.organization, ORG.role, ORG.Membership,
                 URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
                 URIRef("http://www.w3.org/ns/oa#TextQuoteSelector"),
                 URIRef("http://www.w3.org/ns/oa#TextPositionSelector")):
        assert everything.value(term, RDFS.label) is not None, term
    assert not list(onto.objects(IRI, OWL.imports)), "nothing may be fetched at build time"


@pytest.mark.parametrize(
    ("old", "new", "clashes_with"),
    [(MV.conflict, MV.inConflict, MV.Conflict), (MV.place, MV.tookPlaceIn, MV.Place)],
)
def test_case_clashing_properties_are_renamed_through_one_deprecation_step(
    onto: Graph, old: URIRef, new: URIRef, clashes_with: URIRef
) -> None:
    assert str(old).lower() == str(clashes_with).lower()
    assert (old, OWL.deprecated, Literal(True)) in onto
    assert (old, DCTERMS.isReplacedBy, new) in onto
    assert (old, OWL.equivalentProperty, new) in onto
    assert (new, RDF.type, OWL.ObjectProperty) in onto
    assert (new, OWL.deprecated, None) not in onto
    assert str(new).lower() != str(clashes_with).lower()


def test_person_means_foaf_person(onto: Graph) -> None:
    assert (MV.Person, OWL.equivalentClass, URIRef("http://xmlns.com/foaf/0.1/Person")) in onto
    # the rule engine follows rdfs:subClassOf only, so the materialized types stay as they were
    assert (MV.Person, RDFS.subClassOf, URIRef("http://xmlns.com/foaf/0.1/Person")) in onto


def test_vocabularies_header_names_creator_and_creation_date(everything: Graph) -> None:
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.creator, DCTERMS.created):
        assert everything.value(URIRef(str(MVV)), prop) is not None, prop
    assert isinstance(everything.value(URIRef(str(MVV)), DCTERMS.license), URIRef)
