"""The SHACL shapes: each valid fixture conforms, each invalid fixture fires exactly the expected
(severity, source shape, constraint component, focus node) results; the shapes themselves pass
SHACL-SHACL; the shipped project graph has no violations."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph, URIRef

from multivector.loading import LoadedGraph
from multivector.namespaces import GRAPH_ONTOLOGY
from multivector.validation import ValidationOptions, load_shapes, render_term, validate_graph

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
SHAPES = ROOT / "shapes"
#: the fixtures are checked against every shape (contract and dev), without the QC queries
FIXTURE_OPTIONS = ValidationOptions(shapes=(SHAPES,), qc=False)

V, W, INFO = "Violation", "Warning", "Info"
SPARQL = "sh:SPARQLConstraintComponent"
M1 = "id:membership/Kazakhstan-CSTO-2002"
M2 = "id:membership/Kazakhstan-CSTO-2010"
EVENT = "id:event/AstanaTalks-2017-05"
POST = "id:post/Tokayev-President-2019"
STANCE = "id:stance/Kazakhstan-2017-07-20-DeniesSyriaTroops"
CLAIM_SC = "id:claim/Russia-2017-06-23-SyriaTroops"
CLAIM = "id:claim/Russia-2017-06-23-CSTO"
DOC = "id:document/000_aaaaaaaaaaaaaaaa"
EV = "id:evidence/000_aaaaaaaaaaaaaaaa/10-14"
ONTOLOGY = "<https://w3id.org/multivector/ontology>"

#: fixture (area/name) -> the exact set of (severity, source shape, component, focus node).
EXPECTED: dict[str, set[tuple[str, str, str, str]]] = {
    "memberships/invalid-missing-role": {
        (V, "mvsh:MembershipShape-role", "sh:MinCountConstraintComponent", M1)},
    "memberships/invalid-role-not-in-scheme": {
        (V, "mvsh:MembershipShape-role", "sh:NodeConstraintComponent", M1)},
    "memberships/invalid-two-members": {
        (V, "mvsh:MembershipShape-member", "sh:MaxCountConstraintComponent", M1)},
    "memberships/invalid-member-literal": {
        (V, "mvsh:MembershipShape-member", "sh:ClassConstraintComponent", M1),
        (V, "mvsh:ParticipantIsIriShape", "sh:NodeKindConstraintComponent", '"Kazakhstan"')},
    "memberships/invalid-no-start-or-asof": {
        (V, "mvsh:MembershipShape", "sh:OrConstraintComponent", M2)},
    "memberships/invalid-end-before-start": {(V, "mvsh:MembershipDateOrderShape", SPARQL, M2)},
    "memberships/invalid-overlap": {
        (V, "mvsh:MembershipOverlapShape", SPARQL, M1),
        (V, "mvsh:MembershipOverlapShape", SPARQL, M2)},
    "memberships/invalid-before-founding": {(V, "mvsh:MembershipAfterFoundingShape", SPARQL, M1)},
    "memberships/invalid-open-in-dissolved": {(W, "mvsh:MembershipOfDissolvedShape", SPARQL, M2)},
    "memberships/invalid-impossible-date": {
        (V, "mvsh:DatesShape-startDate", "sh:DatatypeConstraintComponent", M2)},
    "memberships/invalid-bad-date-datatype": {
        (V, "mvsh:DatesShape-startDate", "sh:DatatypeConstraintComponent", M2)},
    "memberships/invalid-bilateral-one-party": {
        (V, "mvsh:BilateralRelationShape [mv:hasParty]", "sh:MinCountConstraintComponent",
         "id:relation/Kazakhstan-Russia")},
    "memberships/invalid-leadership-no-characterisedBy": {
        (V, "mvsh:LeadershipAttributionShape [mv:characterisedBy]",
         "sh:MinCountConstraintComponent", "id:leadership/Russia-CSTO")},
    "people-and-posts/invalid-holder-not-person": {
        (V, "mvsh:PostHoldingShape [mv:holder]", "sh:ClassConstraintComponent", POST),
        (W, "mvsh:PersonWithoutPostShape [^mv:holder]",
         "sh:QualifiedMinCountConstraintComponent", "id:KassymJomartTokayev")},
    "people-and-posts/invalid-person-without-post": {
        (W, "mvsh:PersonWithoutPostShape [^mv:holder]",
         "sh:QualifiedMinCountConstraintComponent", "id:NursultanNazarbayev")},
    "people-and-posts/invalid-post-not-in-scheme": {
        (V, "mvsh:PostHoldingShape [mv:post]", "sh:NodeConstraintComponent", POST)},
    "people-and-posts/invalid-post-missing-postIn": {
        (V, "mvsh:PostHoldingShape [mv:postIn]", "sh:MinCountConstraintComponent", POST)},
    "people-and-posts/invalid-post-end-before-start": {
        (V, "mvsh:PostHoldingDateOrderShape", SPARQL, POST)},
    "people-and-posts/invalid-two-family-names": {
        (V, "mvsh:PersonShape [foaf:familyName]", "sh:MaxCountConstraintComponent",
         "id:KassymJomartTokayev")},
    "events-and-proposals/invalid-event-no-date": {
        (V, "mvsh:EventShape [mv:date]", "sh:MinCountConstraintComponent", EVENT)},
    "events-and-proposals/invalid-event-type-not-in-scheme": {
        (V, "mvsh:EventShape [mv:eventType]", "sh:NodeConstraintComponent", EVENT)},
    "events-and-proposals/invalid-event-end-before-start": {
        (V, "mvsh:EventDateOrderShape", SPARQL, EVENT)},
    "events-and-proposals/invalid-event-place-not-place": {
        (V, "mvsh:EventShape [mv:place]", "sh:OrConstraintComponent", EVENT)},
    "events-and-proposals/invalid-event-participant-undescribed": {
        (V, "mvsh:EventShape [mv:participant]", "sh:ClassConstraintComponent", EVENT),
        (V, "mvsh:DescribedParticipantShape", SPARQL, "id:Atlantis")},
    "events-and-proposals/invalid-proposal-no-action": {
        (V, "mvsh:ProposalShape [mv:proposedAction]", "sh:MinCountConstraintComponent",
         "id:proposal/Russia-2017-CSTOTroopsSyria")},
    "events-and-proposals/invalid-participation-no-conflict": {
        (V, "mvsh:ConflictParticipationShape [mv:conflict]", "sh:MinCountConstraintComponent",
         "id:party/Russia-SyrianCivilWar")},
    "stances-and-claims/invalid-stance-after-publication": {
        (V, "mvsh:NotAfterPublicationShape", SPARQL, STANCE)},
    "stances-and-claims/invalid-claim-after-publication-year": {
        (V, "mvsh:NotAfterPublicationShape", SPARQL, STANCE),
        (V, "mvsh:NotAfterPublicationShape", SPARQL, CLAIM_SC)},
    "stances-and-claims/invalid-stance-no-position": {
        (V, "mvsh:StanceShape [mv:position]", "sh:MinCountConstraintComponent", STANCE)},
    "stances-and-claims/invalid-position-not-in-scheme": {
        (V, "mvsh:StanceShape [mv:position]", "sh:NodeConstraintComponent", STANCE)},
    "stances-and-claims/invalid-stance-target-literal": {
        (V, "mvsh:StanceShape [mv:target]", "sh:NodeKindConstraintComponent", STANCE),
        (V, "mvsh:ParticipantIsIriShape", "sh:NodeKindConstraintComponent", '"the report"')},
    "stances-and-claims/invalid-claim-no-type": {
        (V, "mvsh:ClaimShape [mv:claimType]", "sh:MinCountConstraintComponent", CLAIM_SC)},
    "stances-and-claims/invalid-characterisation-not-state": {
        (V, "mvsh:ForeignPolicyCharacterisationShape [mv:characterises]",
         "sh:ClassConstraintComponent", "id:characterisation/Kazakhstan-MultiVector")},
    "stances-and-claims/invalid-principle-no-document": {
        (V, "mvsh:PolicyPrincipleShape [mv:statedIn]", "sh:MinCountConstraintComponent",
         "id:principle/Multivector")},
    "sources-and-evidence/invalid-sha256-pattern": {
        (V, "mvsh:SourceDocumentShape [mv:sha256]", "sh:PatternConstraintComponent", DOC)},
    "sources-and-evidence/invalid-missing-evidence": {
        (V, "mvsh:EvidenceRequiredShape", SPARQL, CLAIM)},
    "sources-and-evidence/invalid-evidence-from-other-document": {
        (V, "mvsh:EvidenceRequiredShape", SPARQL, CLAIM)},
    "sources-and-evidence/invalid-offsets-span": {
        (V, "mvsh:EvidenceSpanShape", SPARQL, f"{EV}/target")},
    "sources-and-evidence/invalid-quote-too-long": {
        (V, "mvsh:QuoteSelectorShape [oa:exact]", "sh:MaxLengthConstraintComponent",
         f"{EV}/quote")},
    "sources-and-evidence/invalid-selector-missing": {
        (V, "mvsh:EvidenceTargetShape [oa:hasSelector]",
         "sh:QualifiedMinCountConstraintComponent", f"{EV}/target")},
    "sources-and-evidence/invalid-no-provenance": {
        (V, "mvsh:SourcedStatementShape [prov:wasDerivedFrom]",
         "sh:MinCountConstraintComponent", CLAIM)},
    "sources-and-evidence/invalid-derived-from-untyped": {
        (V, "mvsh:SourcedStatementShape [prov:wasDerivedFrom]", "sh:OrConstraintComponent",
         CLAIM)},
    "sources-and-evidence/invalid-no-english-label": {
        (V, "mvsh:SourcedStatementShape [rdfs:label]",
         "sh:QualifiedMinCountConstraintComponent", CLAIM)},
    "sources-and-evidence/invalid-document-iri-mismatch": {
        (V, "mvsh:SourceDocumentIriShape", SPARQL, DOC)},
    "sources-and-evidence/invalid-draft": {
        (INFO, "mvsh:DraftShape [mv:status]", "sh:NotConstraintComponent", CLAIM)},
    "sources-and-evidence/invalid-date-disagreement": {
        (W, "mvsh:StatementDateDisagreementShape", SPARQL, CLAIM)},
    "reference-entities/invalid-iso2-pattern": {
        (V, "mvsh:StateShape [mv:iso3166Alpha2]", "sh:PatternConstraintComponent",
         "id:Kazakhstan")},
    "reference-entities/invalid-cow-code-string": {
        (V, "mvsh:StateShape [mv:cowCode]", "sh:DatatypeConstraintComponent", "id:Kazakhstan"),
        (V, "mvsh:StateShape [mv:cowCode]", "sh:MinInclusiveConstraintComponent",
         "id:Kazakhstan")},
    "reference-entities/invalid-wikidata-page-url": {
        (V, "mvsh:EntityLabelShape [skos:exactMatch]", "sh:OrConstraintComponent",
         "id:Kazakhstan")},
    "reference-entities/invalid-no-russian-label": {
        (V, "mvsh:RussianLabelShape [rdfs:label]", "sh:QualifiedMinCountConstraintComponent",
         "id:Kazakhstan")},
    "reference-entities/invalid-two-english-labels": {
        (V, "mvsh:EntityLabelShape [rdfs:label]", "sh:UniqueLangConstraintComponent",
         "id:Kazakhstan")},
    "reference-entities/invalid-no-english-label": {
        (V, "mvsh:EntityLabelShape [rdfs:label]", "sh:QualifiedMinCountConstraintComponent",
         "id:Astana")},
    "reference-entities/invalid-dissolved-before-founded": {
        (V, "mvsh:OrganizationLifespanShape", SPARQL, "id:CollectiveSecurityTreaty")},
    "reference-entities/invalid-statebody-no-state": {
        (V, "mvsh:StateBodyShape [mv:bodyOf]", "sh:ClassConstraintComponent",
         "id:KazakhstanMFA")},
    "reference-entities/invalid-unit-no-parent": {
        (V, "mvsh:OrganizationalUnitShape [org:subOrganizationOf]",
         "sh:MinCountConstraintComponent", "id:CSTO-CRRF")},
    "reference-entities/invalid-changeevent-no-date": {
        (V, "mvsh:ChangeEventShape [dcterms:date]", "sh:MinCountConstraintComponent",
         "id:change/CST-CSTO")},
    "ontology-hygiene/invalid-class-no-definition": {
        (V, "mvsh:TermDocumentedShape", SPARQL, "mv:Widget")},
    "ontology-hygiene/invalid-property-no-label": {
        (V, "mvsh:TermDocumentedShape", SPARQL, "mv:hasWidget")},
    "ontology-hygiene/invalid-concept-no-scheme": {
        (V, "mvsh:ConceptDocumentedShape", SPARQL, "mvv:Gadget")},
    "ontology-hygiene/invalid-version-iri-same": {
        (V, "mvsh:OntologyHeaderShape", SPARQL, ONTOLOGY)},
    "ontology-hygiene/invalid-license-literal": {
        (V, "mvsh:OntologyHeaderShape", SPARQL, ONTOLOGY)},
}


def _key(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def run_fixture(path: Path):
    """Validate one self-contained fixture (parsed by rdflib directly, so that ill-typed
    literals reach the shapes instead of being rejected by the loader)."""
    dataset = Dataset()
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        dataset.graph(GRAPH_ONTOLOGY).parse(path, format="turtle")
    finally:
        logger.setLevel(level)
    loaded = LoadedGraph(dataset, graph_files={GRAPH_ONTOLOGY: [path]})
    return validate_graph(loaded, FIXTURE_OPTIONS)


def fired(outcome) -> set[tuple[str, str, str, str]]:
    return {(r.severity, r.shape, r.component, render_term(r.focus)) for r in outcome.results}


VALID = sorted(FIXTURES.glob("*/valid*.ttl"))
INVALID = sorted(FIXTURES.glob("*/invalid-*.ttl"))


def test_every_area_has_fixtures() -> None:
    areas = {p.parent.name for p in VALID}
    assert areas == {
        "memberships", "people-and-posts", "events-and-proposals", "stances-and-claims",
        "sources-and-evidence", "reference-entities", "ontology-hygiene",
    }
    assert {_key(p) for p in INVALID} == set(EXPECTED), "EXPECTED and fixtures out of sync"


@pytest.mark.parametrize("path", VALID, ids=_key)
def test_valid_fixture_conforms(path: Path) -> None:
    outcome = run_fixture(path)
    assert fired(outcome) == set()
    assert outcome.conforms
    assert outcome.counts == {"Violation": 0, "Warning": 0, "Info": 0}


@pytest.mark.parametrize("path", INVALID, ids=_key)
def test_invalid_fixture_fires_exactly(path: Path) -> None:
    outcome = run_fixture(path)
    expected = EXPECTED[_key(path)]
    assert fired(outcome) == expected
    assert outcome.conforms == (not any(sev == V for sev, *_ in expected))
    for result in outcome.results:
        assert result.message, "every result carries an analyst-facing message"
        if isinstance(result.focus, URIRef):
            assert Path(result.source).resolve() == path.resolve(), "focus mapped to its file"


def test_shapes_pass_shacl_shacl() -> None:
    shapes = load_shapes(SHAPES)
    conforms, _graph, text = shacl_validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_every_shape_is_documented_and_every_constraint_has_a_message() -> None:
    from rdflib.namespace import RDF, RDFS

    from multivector.namespaces import SH

    shapes = load_shapes(SHAPES)
    named = [s for s in set(shapes.subjects(RDF.type, SH.NodeShape)) if isinstance(s, URIRef)]
    assert len(named) >= 30
    for shape in named:
        assert shapes.value(shape, RDFS.label) is not None, shape
        assert shapes.value(shape, RDFS.comment) is not None, shape
        assert str(shape).startswith("https://w3id.org/multivector/shapes#")
    # every property shape and every SPARQL constraint says what is wrong and how to fix it
    constraints = set(shapes.objects(None, SH.property)) | set(shapes.objects(None, SH.sparql))
    assert len(constraints) >= 100
    for node in constraints:
        message = shapes.value(node, SH.message)
        assert message is not None and len(str(message)) > 30, node
    # node shapes with constraints of their own (sh:or, sh:nodeKind) carry a message too
    for shape in set(shapes.subjects(SH["or"], None)) | set(shapes.subjects(SH.nodeKind, None)):
        if isinstance(shape, URIRef):
            assert shapes.value(shape, SH.message) is not None, shape


def test_date_properties_are_typed_xsd_date() -> None:
    from rdflib.namespace import XSD

    from multivector.namespaces import SH

    shapes = load_shapes(SHAPES)
    typed = {str(shapes.value(ps, SH.path)) for ps in shapes.subjects(SH.datatype, XSD.date)}
    for local in ("startDate", "endDate", "date", "asOf", "foundingDate", "dissolutionDate",
                  "adoptedOn"):
        assert f"https://w3id.org/multivector/ontology#{local}" in typed
    assert "http://purl.org/dc/terms/issued" in typed


def test_shipped_graph_has_no_violations() -> None:
    from multivector.validation import validate_project

    outcome = validate_project(ROOT)
    violations = [r for r in outcome.results if r.severity == V]
    listing = "\n".join(f"{r.source}: {render_term(r.focus)} {r.shape} {r.message}"
                        for r in violations)
    assert outcome.conforms, f"{len(violations)} violations in the shipped graph:\n{listing}"
    assert outcome.counts["Violation"] == 0


def test_validation_does_not_mutate_the_callers_dataset() -> None:
    path = FIXTURES / "memberships" / "valid.ttl"
    dataset = Dataset()
    dataset.graph(GRAPH_ONTOLOGY).parse(path, format="turtle")
    before = sorted(dataset.quads((None, None, None, None)))
    validate_graph(dataset, FIXTURE_OPTIONS)
    assert sorted(dataset.quads((None, None, None, None))) == before
